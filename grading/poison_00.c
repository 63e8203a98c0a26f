/* Lesson 00's probe: the library functions that are its exercises' answers refuse
 * (linked ahead of libae; see serve.h). */
#include "act.h"
#include "dense.h"
#include "loss.h"
#include "serve.h"

void ae_dense_backward(gsl_matrix *dX, ae_dense *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    (void)dX, (void)L, (void)dY, (void)X;
    serve_refuse("ae_dense_backward", "0.3");
}

void ae_act_backward(ae_act f, gsl_matrix *dX, const gsl_matrix *Y, const gsl_matrix *X, const gsl_matrix *dY)
{
    (void)f, (void)dX, (void)Y, (void)X, (void)dY;
    serve_refuse("ae_act_backward", "0.2");
}

double ae_loss_softmax_ce(gsl_matrix *dF, gsl_matrix *P, const gsl_matrix *F, const uint8_t *y)
{
    (void)dF, (void)P, (void)F, (void)y;
    serve_refuse("ae_loss_softmax_ce", "0.1");
}
