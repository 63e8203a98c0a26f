/* Lesson 11 exercises (BOOK.md chapter 11). `make grade` checks them; `make lesson11` uses them. */
#ifndef EX11_H
#define EX11_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "dense.h"

/* Exercise 11.1 (eq. 11.2): the ROC curve of a score (higher = more anomalous) against
 * the truth positive[i] (1: anomaly, 0: normal) for n examples with both kinds present.
 * Lowering the threshold t past each distinct score in turn, one point per distinct
 * score after the first point (0, 0):
 *   fpr = #{normal with s >= t} / #normal,   tpr = #{anomaly with s >= t} / #anomaly.
 * The last point is (1, 1). fpr, tpr: room for n + 1 points. Returns the number of points. */
size_t ex11_roc(double *fpr, double *tpr, const double *score, const uint8_t *positive, size_t n);

/* Exercise 11.2 (eq. 11.3): the area under the ROC curve as a rank statistic,
 *   AUC = P(s_anomaly > s_normal) + 1/2 P(s_anomaly = s_normal),
 * from the ranks of the scores (ties get their average rank). Both kinds must be present. */
double ex11_auc(const double *score, const uint8_t *positive, size_t n);

/* Exercise 11.3 (eq. 11.5, 11.6): the backward pass of the classifier head
 * a = W z + b, p = softmax(a), L = -1/B sum log p_y. On entry P holds p (B x K); on
 * return it holds dL/da = (p - onehot(y)) / B. Adds dW += dA^T Z, db += column sums
 * of dA into head; when dZ is not NULL (fine-tuning) writes dZ = dA W for the encoder.
 * dZ, Z: B x k; head->W: K x k; y: B labels. */
void ex11_head_backward(gsl_matrix *dZ, ae_dense *head, gsl_matrix *P, const uint8_t *y,
                        const gsl_matrix *Z);

/* Exercise 11.4 (eq. 11.8): the index map of a rotation by k quarter turns (k = 0..3)
 * counter-clockwise, for an n x n image stored row by row: the pixel at row i, column j
 * lands at row i', column j', and to[i n + j] = i' n + j' (n^2 entries). One quarter
 * turn sends the top-right corner to the top-left: (i, j) -> (n - 1 - j, i). */
void ex11_rotation_map(size_t *to, size_t n, unsigned k);

#endif
