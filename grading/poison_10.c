/* Lesson 10's probe: the library function that is exercise 10.1's answer refuses (linked
 * ahead of libae; see serve.h): ae_act_backward(AE_TANH, dH, H, NULL, dH) is the tanh
 * backward in place. It refuses for every activation, which costs nothing here: neither
 * 10.1 nor 10.2 needs another activation's backward. Nothing in the library quantises
 * (10.2) or builds a DCT matrix (10.3). */
#include "act.h"
#include "serve.h"

void ae_act_backward(ae_act f, gsl_matrix *dX, const gsl_matrix *Y, const gsl_matrix *X, const gsl_matrix *dY)
{
    (void)f, (void)dX, (void)Y, (void)X, (void)dY;
    serve_refuse("ae_act_backward", "10.1");
}
