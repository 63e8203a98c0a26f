/* Lesson 02's probe: the library functions that are its exercises' answers refuse
 * (linked ahead of libae; see serve.h). Exercise 2.2 may build on the layers' own
 * backward passes (ae_dense_backward, ae_act_backward): those are lesson 00's. */
#include "loss.h"
#include "net.h"
#include "serve.h"

double ae_loss_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
    (void)dA, (void)A, (void)X;
    serve_refuse("ae_loss_bce_logits", "2.1");
}

const gsl_matrix *ae_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX)
{
    (void)net, (void)dY, (void)want_dX;
    serve_refuse("ae_net_backward", "2.2");
}
