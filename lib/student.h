/* student — the library functions that are graded exercises, in the student tree.
 *
 * In the instructor tree libae computes them itself. `make student`
 * removes those lines, and libae then calls the student's own exercise instead, the way
 * CS231n's later assignments run on the layers the student wrote: in the student tree,
 * lesson 02's deep autoencoder backpropagates through exercise 0.1's ex00_dense_backward.
 *
 * Each student_* function checks its exercise once, on its first call, on a small case of
 * its own (central differences of a forward pass, or what the result must satisfy) and,
 * if the exercise is not finished, stops the program with exit status 1 and one line:
 *   "02-deep: ae_dense_backward runs your exercise 0.1 (lessons/00-backprop/exercises.c),
 *    which is not finished yet (relative error 1): finish it first (make grade)"
 * The instructor tree compiles none of this (lib/student.c is empty there).
 */
#ifndef AE_STUDENT_H
#define AE_STUDENT_H
#ifndef SOLUTION

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "conv.h"
#include "dense.h"
#include "net.h"
#include "pool.h"

void student_dense_backward(gsl_matrix *dX, ae_dense *L, const gsl_matrix *dY,
                            const gsl_matrix *X);                           /* 0.1 */
void student_relu_backward(double *d, const double *y, size_t n);          /* 0.2 */
void student_tanh_backward(double *d, const double *y, size_t n);          /* 10.1 */
void student_softmax_ce_grad(gsl_matrix *dA, const gsl_matrix *P, const uint8_t *y); /* 0.3 */
/* 1.1: Vk is k x D, its rows the first k principal directions */
void student_pca_project(gsl_matrix *Z, const gsl_matrix *X, const gsl_vector *mean,
                         const gsl_matrix *Vk);
void student_pca_reconstruct(gsl_matrix *Xhat, const gsl_matrix *Z, const gsl_vector *mean,
                             const gsl_matrix *Vk);
double student_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X); /* 2.1 */
const gsl_matrix *student_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX); /* 2.2 */
/* 2.2 for dL/dX alone: the layers' dW and db are left as they were */
const gsl_matrix *student_net_backward_input(ae_net *net, const gsl_matrix *dY);
void student_conv_backward_input(gsl_matrix *dX, gsl_matrix *dcol, const gsl_matrix *dY,
                                 const gsl_matrix *W, const ae_conv_geom *g);  /* 3.1 */
void student_maxpool_backward(gsl_matrix *dX, const ae_maxpool *P, const gsl_matrix *dY); /* 3.2 */
void student_mask_noise(gsl_matrix *Xc, const gsl_matrix *X, double nu, gsl_rng *r); /* 4.1 */
/* salt and pepper: the components 4.1's masking would zero get 0 or 1 by a fair coin */
void student_salt_pepper(gsl_matrix *Xc, double nu, gsl_rng *r);
void student_dropout_forward(gsl_matrix *Y, gsl_matrix *M, const gsl_matrix *X, double p, int rescale,
                             gsl_rng *r);                                   /* 4.3 */
void student_dropout_backward(gsl_matrix *dX, const gsl_matrix *M, const gsl_matrix *dY); /* 4.3 */
double student_gauss_kl(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *Mu,
                        const gsl_matrix *Logvar);                          /* 7.1 */
void student_reparam_backward(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *dZ,
                              const gsl_matrix *Logvar, const gsl_matrix *Eps); /* 7.2 */
void student_cond_split(gsl_matrix *dZ, const gsl_matrix *dZY);             /* 7.4 */
double student_gan_g_loss(gsl_matrix *dA, const gsl_matrix *A, int nonsat);  /* 8.2 */

#endif /* !SOLUTION */
#endif
