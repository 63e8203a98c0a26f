/* Lesson 05's figures: one writer per .dat file (or family of files) that
 * plots/05-sparse.gp reads. */
#ifndef L05_FIGURES_H
#define L05_FIGURES_H

#include "cli.h"
#include "data.h"
#include "model.h"

/* One training run and what it measured. */
typedef struct {
    const char *source;   /* "camera" or "mnist" */
    size_t K;             /* hidden units */
    penalty pen;
    double rho;           /* KL: its target rho (0: --rho) */
    sparse_eval e;        /* on the held-out patches */
} run;

/* The patches' variance per pixel: the error of rebuilding every patch as the mean patch. */
double patch_variance(const ae_dataset *ds);

/* runs.dat: per run its source, units, penalty and measurements; var: the camera patches'
 * variance per pixel. */
int write_runs(const ae_cli *c, const run *runs, size_t n, double var);

/* sweep.dat: the KL runs of the rho sweep (camera, 25 units): rho, error, units on. */
int write_sweep(const ae_cli *c, const run *runs, size_t n, double var);

/* rho_hat.dat: rho_hat_j of the three K-unit runs (none, KL, L1; rho: 3 x K, each run's
 * decreasing in the file) beside the target rho, and the share of patches each of those
 * units is on for (on: 3 x K; 0: a dead unit, never on). */
int write_rho_hat(const ae_cli *c, const double *rho, const double *on, size_t K, double target);

/* act_plain.dat, act_kl.dat (name): histogram of the activations h (n patches x K units)
 * of the run trained with the penalty that pen_text names. */
int write_act(const ae_cli *c, const char *name, const char *pen_text, const double *h, size_t n, size_t K);

/* filters_*.dat (name): the decoder's filters, column j of W2 as an image of ds's size
 * scaled to [-1, 1], on a square grid. */
int write_filters(const ae_cli *c, const char *name, const char *what, const sparse_ae *m, const ae_dataset *ds);

/* NAME (dead_l1.dat): each unit of a K-unit model, its tile's centre in write_filters' mosaic of
 * h x w tiles and whether it is dead, on (h > 0.1) for none of the held-out patches (on[j] == 0),
 * so that the plot can mark it; label names the model. */
int write_dead(const ae_cli *c, const char *name, const char *label, const double *on, size_t K, size_t h, size_t w);

/* patches.dat: the first normalised training patches of ds. */
int write_patches(const ae_cli *c, const ae_dataset *ds);

#endif
