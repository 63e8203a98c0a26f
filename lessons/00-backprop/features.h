/* Lesson 00's representation experiment (CS109B, "representation matters"): the same linear
 * softmax f = W phi(x) + b, 2 -> 3, trained on three feature maps of the spirals' points:
 * the coordinates themselves, their polar radius and angle, and the radius with the angle
 * unwound by the spirals' winding. */
#ifndef L00_FEATURES_H
#define L00_FEATURES_H

#include <gsl/gsl_matrix.h>

#include "data.h"
#include "dense.h"

typedef enum { PHI_XY, PHI_POLAR, PHI_UNWOUND } feature_map;

/* phi(x) for the rows of X (B x 2) into Phi (B x 2): (x1, x2); (r, theta/pi) with r = |x|
 * and theta = atan2(x2, x1) in (-pi, pi]; or (r, psi/pi) with psi = theta + W r wrapped
 * into (-pi, pi], W = AE_SPIRAL_WINDING (each arm has one psi, up to noise). */
void features(gsl_matrix *Phi, const gsl_matrix *X, feature_map f);

/* Trains L (2 -> 3) by full-batch gradient descent on phi(x) for `steps` steps at rate lr;
 * returns the training accuracy. */
double linear_fit(ae_dense *L, feature_map f, const ae_dataset *ds, int steps, double lr);

/* The classes L predicts for the rows of Phi (B x 2) into cls (B entries). */
void linear_classes(double *cls, const ae_dense *L, const gsl_matrix *Phi);

#endif
