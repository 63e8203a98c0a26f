/* Lesson 03's figures: one writer per .dat file that plots/03-conv.gp reads, and the
 * checkerboard's measurements (3.12) and power spectra that feed them. */
#ifndef L03_FIGURES_H
#define L03_FIGURES_H

#include <gsl/gsl_matrix.h>

#include "cli.h"
#include "data.h"
#include "model.h"

enum { MAX_SHIFT = 6, SHOW_SHIFT = 4 };   /* shift.dat: 0 .. MAX_SHIFT pixels; recon_shift.dat */

/* The conv decoders compared on the checkerboard, in this order: upsample + conv, transposed
 * conv, unpooling + conv, transposed conv in the last layer only. */
enum { NCONV = 4 };
extern const char *const CONV_KEYS[NCONV];   /* resize transposed unpool last_transposed */

/* The checkerboard of the conv decoders. */
typedef struct {
    double constant[NCONV][2][D];   /* [decoder][0 init, 1 trained]: sigmoid outputs */
    double logits[NCONV][2][D];     /* ... and the logits before the sigmoid (checkerboard.png) */
    double share_const[NCONV][2];   /* (3.12) of those (unpooling: the mean over SWITCH_N images' switches) */
    double share_recon[NCONV];      /* mean (3.12) over test reconstructions */
    double share_data;              /* ... and over the test images themselves */
    double power[1 + NCONV][D];     /* mean power spectra: data, then each decoder's reconstructions */
    double nyquist_ratio[NCONV];    /* reconstructions' share of power at the Nyquist frequency over the data's */
    int epochs[NCONV];              /* epochs each had trained at t = 1 */
} checker;

/* The decoders' output for a constant code and its (3.12): at initialisation (t = 0) every
 * code entry 1; after training (t = 1) the mean code entry of the first n images of val
 * (X: scratch rows). The unpooling decoder unpools at the switches of val's images: the
 * output shown is with the first image's, its (3.12) the mean over the first SWITCH_N. */
void checker_constant(checker *ck, size_t t, model *conv[NCONV], const ae_dataset *val, size_t n, gsl_matrix *X);

/* Reconstructions of the first n test images by the conv models: their mean (3.12) and
 * power spectra, and the test images' own. */
void checker_recon(checker *ck, model *conv[NCONV], const ae_dataset *test, size_t n);

int write_results(const ae_cli *c, model m[NMODELS], const double bce[NMODELS]);   /* results.dat */
int write_curves(const ae_cli *c, model m[NMODELS]);                               /* curves.dat */
int write_recon(const ae_cli *c, model m[NMODELS], const ae_dataset *test);        /* recon.dat */
int write_recon_shift(const ae_cli *c, model m[NMODELS], const ae_dataset *test);  /* recon_shift.dat */
int write_shift(const ae_cli *c, double rel[NMODELS][MAX_SHIFT + 1],
                double mse[NMODELS][MAX_SHIFT + 1]);                                /* shift.dat */
int write_checker(const ae_cli *c, const checker *ck);                             /* checker.dat */
int write_constant(const ae_cli *c, const checker *ck);                            /* constant.dat */
int write_crop(const ae_cli *c, const checker *ck);                                /* crop.dat */
int write_profile(const ae_cli *c, const checker *ck);                             /* profile.dat */
int write_spectrum(const ae_cli *c, const checker *ck);                            /* spectrum.dat */
int write_spectrum1d(const ae_cli *c, const checker *ck);                           /* spectrum1d.dat */
int write_filters(const ae_cli *c, const model *conv);                             /* filters.dat */
int write_features(const ae_cli *c, const model *conv, const ae_dataset *test);    /* features.dat */

#endif
