/* Lesson 01's exercises, called in the probe (see probe.h and serve_01.c). */
#include "../lessons/01-linear-pca/exercises.h"
#include "probe.h"

void ex01_pca_reconstruct(gsl_matrix *Xhat, gsl_matrix *Z, const gsl_matrix *X, const gsl_vector *mean,
                          const gsl_matrix *Vk)
{
    wire *q = probe_begin("ex01_pca_reconstruct");
    wire_put_mat(q, Xhat);
    wire_put_mat(q, Z);
    wire_put_mat(q, X);
    wire_put_vec(q, mean);
    wire_put_mat(q, Vk);
    wire *r = probe_reply();
    wire_get_mat_into(r, Xhat);
    wire_get_mat_into(r, Z);
    probe_end(r);
}

void ex01_principal_angles(gsl_vector *theta, const gsl_matrix *A, const gsl_matrix *B)
{
    wire *q = probe_begin("ex01_principal_angles");
    wire_put_vec(q, theta);
    wire_put_mat(q, A);
    wire_put_mat(q, B);
    wire *r = probe_reply();
    wire_get_vec_into(r, theta);
    probe_end(r);
}
