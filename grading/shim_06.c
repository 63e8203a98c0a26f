/* Lesson 06's exercises, called in the probe (see probe.h and serve_06.c). */
#include "../lessons/06-contractive/exercises.h"
#include "probe.h"

void ex06_encoder_jacobian(gsl_matrix *J, const gsl_vector *x, const gsl_matrix *W, const gsl_vector *b)
{
    wire *q = probe_begin("ex06_encoder_jacobian");
    wire_put_mat(q, J);
    wire_put_vec(q, x);
    wire_put_mat(q, W);
    wire_put_vec(q, b);
    wire *r = probe_reply();
    wire_get_mat_into(r, J);
    probe_end(r);
}

double ex06_contractive(gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA, const gsl_matrix *H,
                        const gsl_matrix *X, const gsl_matrix *W, double lambda)
{
    wire *q = probe_begin("ex06_contractive");
    wire_put_mat(q, dW);
    wire_put_vec(q, db);
    wire_put_mat(q, dA);
    wire_put_mat(q, H);
    wire_put_mat(q, X);
    wire_put_mat(q, W);
    wire_put_f64(q, lambda);
    wire *r = probe_reply();
    double P = wire_get_f64(r);
    wire_get_mat_into(r, dW);   /* added into */
    wire_get_vec_into(r, db);   /* added into */
    wire_get_mat_into(r, dA);   /* scratch, written */
    probe_end(r);
    return P;
}
