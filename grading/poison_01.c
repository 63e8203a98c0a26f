/* Lesson 01's probe: the library functions that are its exercises' answers refuse
 * (linked ahead of libae; see serve.h). */
#include "pca.h"
#include "serve.h"

void ae_pca_project(gsl_matrix *Z, const ae_pca *p, const gsl_matrix *X)
{
    (void)Z, (void)p, (void)X;
    serve_refuse("ae_pca_project", "1.1");
}

void ae_pca_reconstruct(gsl_matrix *Xhat, const ae_pca *p, const gsl_matrix *Z)
{
    (void)Xhat, (void)p, (void)Z;
    serve_refuse("ae_pca_reconstruct", "1.1");
}
