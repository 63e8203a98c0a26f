/* Lesson 04's figures: one writer per .dat file that plots/04-denoising.gp reads, and
 * the 2-D vector-field experiment behind curve.dat, field.dat and bayes.dat. */
#ifndef L04_FIGURES_H
#define L04_FIGURES_H

#include <gsl/gsl_matrix.h>

#include "cli.h"
#include "data.h"
#include "model.h"

/* curves.dat: test MSE per pixel against the clean digits vs noise level, the plain AE
 * and the DAE of each kind (m: NKINDS models, in kind order). */
int write_curves(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, const settings *s);

/* denoise_<kind>.dat: rows noisy, AE, DAE, clean at half the training level, then at it. */
int write_denoise(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, kind k, const settings *s);

/* How well the code h = f(x) of the clean test digits tells their class (m a model; m NULL:
 * the pixels themselves), fitted on the training digits' codes: test accuracies. */
typedef struct {
    double nearest;   /* nearest class mean */
    double probe;     /* linear probe: softmax regression on the standardised code */
} code_score;
code_score code_scores(dae *m, const ae_dataset *train, const ae_dataset *test);

/* probe.dat: code_scores of the pixels, the AE, then the DAE of each kind. */
int write_probe(const ae_cli *c, const code_score sc[2 + NKINDS], const settings *s);

/* infill.dat: rows block-masked test digits, AE output, block-DAE output, originals; err[0],
 * err[1]: squared error per hidden pixel of the AE and of the DAE over the test set. */
int write_infill(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, const settings *s, double err[2]);

/* infill_err.dat: the block's side and the two errors of write_infill. */
int write_infill_err(const ae_cli *c, size_t block, const double err[2]);

/* The 2-D picture: a small DAE trained on points near a spiral, and the best denoiser. */
typedef struct {
    gsl_matrix *P;      /* the training points near the spiral, n x 2 */
    gsl_matrix *G;      /* the grid, one point a row */
    gsl_matrix *Rd;     /* g(f(x)) of the 2-D DAE at each grid point */
    gsl_matrix *R;      /* E[x | x~] of the best denoiser at each grid point (exercise 4.2) */
    double mean_cos;    /* mean cosine between the two fields' arrows */
} fields;

/* Train the 2-D DAE for `epochs` epochs and fill f (free with fields_free). */
void vector_fields(fields *f, const ae_cli *c, int epochs);
void fields_free(fields *f);

int write_curve(const ae_cli *c, const fields *f);   /* curve.dat: the training points */
int write_field(const ae_cli *c, const fields *f);   /* field.dat: g(f(x)) - x on the grid */
int write_bayes(const ae_cli *c, const fields *f);   /* bayes.dat: E[x | x~] - x~ on the grid */

#endif
