/* Lesson 06's exercises in the probe (the shims' other side: shim_06.c). */
#include "../lessons/06-contractive/exercises.h"
#include "serve.h"

static void encoder_jacobian(wire *in, wire *out)
{
    gsl_matrix *J = wire_get_mat(in);
    gsl_vector *x = wire_get_vec(in);
    gsl_matrix *W = wire_get_mat(in);
    gsl_vector *b = wire_get_vec(in);
    if (in->failed)
        return;
    ex06_encoder_jacobian(J, x, W, b);
    wire_put_mat(out, J);
}

static void contractive(wire *in, wire *out)
{
    gsl_matrix *dW = wire_get_mat(in);
    gsl_vector *db = wire_get_vec(in);
    gsl_matrix *dA = wire_get_mat(in), *H = wire_get_mat(in), *X = wire_get_mat(in), *W = wire_get_mat(in);
    double lambda = wire_get_f64(in);
    if (in->failed)
        return;
    double P = ex06_contractive(dW, db, dA, H, X, W, lambda);
    wire_put_f64(out, P);
    wire_put_mat(out, dW);
    wire_put_vec(out, db);
    wire_put_mat(out, dA);
}

const serve_entry SERVE[] = {
    {"ex06_encoder_jacobian", encoder_jacobian},
    {"ex06_contractive", contractive},
    {NULL, NULL},
};
