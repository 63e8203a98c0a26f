/* Lesson 01's exercises in the probe (the shims' other side: shim_01.c). */
#include "../lessons/01-linear-pca/exercises.h"
#include "serve.h"

static void pca_reconstruct(wire *in, wire *out)
{
    gsl_matrix *Xhat = wire_get_mat(in), *Z = wire_get_mat(in), *X = wire_get_mat(in);
    gsl_vector *mean = wire_get_vec(in);
    gsl_matrix *Vk = wire_get_mat(in);
    ex01_pca_reconstruct(Xhat, Z, X, mean, Vk);
    wire_put_mat(out, Xhat);
    wire_put_mat(out, Z);
}

static void principal_angles(wire *in, wire *out)
{
    gsl_vector *theta = wire_get_vec(in);
    gsl_matrix *A = wire_get_mat(in), *B = wire_get_mat(in);
    ex01_principal_angles(theta, A, B);
    wire_put_vec(out, theta);
}

const serve_entry SERVE[] = {
    {"ex01_pca_reconstruct", pca_reconstruct},
    {"ex01_principal_angles", principal_angles},
    {NULL, NULL},
};
