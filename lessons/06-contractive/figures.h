/* Lesson 06's figures: the measurements of the encoder's Jacobian on test points, and one
 * writer per .dat file (or family of files) that plots/06-contractive.gp reads. */
#ifndef L06_FIGURES_H
#define L06_FIGURES_H

#include "cli.h"
#include "data.h"
#include "model.h"

enum { NPOINTS = 5, NTANGENT = 7, NDEFORM = 5, MAX_K = 784 };

/* What one trained model does on the test set. */
typedef struct {
    double bce;                 /* test BCE per image (clean inputs) */
    double frob;                /* mean ||J_f(x)||_F over the test set */
    double *frobs;              /* ||J_f(x)||_F per test point */
    double dims90;              /* mean number of singular values holding 90% of ||J||_F^2 (NPOINTS points) */
    double sv1;                 /* mean largest singular value of J_f at the NPOINTS points */
    double near;                /* share of the leading input directions' weight near digit 0's stroke */
    double sv[NPOINTS][MAX_K];  /* singular values of J_f at the first NPOINTS test points, decreasing */
} result;

/* Test BCE and ||J_f(x)||_F (6.3) at every test point; r->frobs must hold test->n values. */
void evaluate(result *r, model *m, const ae_dataset *test);

/* The spectra of J_f at the first NPOINTS test points into r->sv and r->dims90; tangents
 * ((NTANGENT + 1) x D): test point 0, then the input directions of J_f's largest singular
 * values (right singular vectors), each scaled to [-1, 1] (zeros past the K-th). */
void spectra(result *r, double *tangents, const model *m, const ae_dataset *test);

/* Test digit 0 moved along the input directions v_t of J_f's NDEFORM largest singular
 * values, and the model's reconstructions of it: into img, 4 rows of NDEFORM + 1 images of D
 * (x - eps v_t; x + eps v_t; g(f(x - eps v_t)); g(f(x + eps v_t)); column 0 is t = 0, x).
 * Returns the mean share of |v_t|^2 on the pixels within 2 of the digit's stroke. */
double deformations(double *img, model *m, const ae_dataset *test, double eps);

/* jacobian.dat: per model test BCE, mean ||J_f||_F, dims90, the largest singular value (at
 * point 0, and its mean over the points), the leading directions' share near the stroke. */
int write_jacobian(const ae_cli *c, const result *r);

/* singular.dat: the K singular values at each point, per model. */
int write_singular(const ae_cli *c, const result *r, size_t K);

/* frobenius_ae.dat, frobenius_dae.dat, frobenius_cae.dat: histograms of ||J_f(x)||_F over
 * the n_test test points. */
int write_frobenius(const ae_cli *c, const result *r, size_t n_test);

/* tangents.dat: per model the rows spectra left in tangents. */
int write_tangents(const ae_cli *c, const double *tangents, const ae_dataset *test);

/* deform_ae.dat, deform_dae.dat, deform_cae.dat: what deformations left in img, per model. */
int write_deform(const ae_cli *c, const double *img, const ae_dataset *test, double eps);

/* recon.dat: test images and their reconstructions by the three models. */
int write_recon(const ae_cli *c, model *models, const ae_dataset *test);

#endif
