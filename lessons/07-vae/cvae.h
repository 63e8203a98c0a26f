/* Lesson 07's conditional VAE (BOOK.md 7.11): the score of its decodings and its figures. */
#ifndef L07_CVAE_H
#define L07_CVAE_H

#include "cli.h"
#include "data.h"
#include "figures.h"
#include "vae.h"

enum { CV_ROWS = 8, CV_GRID = 12, CV_READ = EVAL_ROWS, CV_Y_SHOWN = 2 };

/* What the conditional VAE's decodings show: of the CV_READ first test digits' codes
 * mu(x, y) decoded with every label y', the share that the pixels' nearest class mean reads
 * as y' (as_y), the same classifier's accuracy on those test digits themselves (real), and
 * the correlation of the slant of x with the slant of its decodings (slant_r). */
typedef struct {
    double as_y, real, slant_r;
} cvae_score;

/* cvae.dat: *score; cvae_styles.dat: CV_ROWS test digits, each with the decodings of its code mu(x, y) with
 * y = 0 ... 9; cvae_rows.dat their classes; cvae_one_y.dat: y = CV_Y_SHOWN decoded on a
 * CV_GRID x CV_GRID grid of Gaussian quantiles of z; *score as above. */
int write_cvae(const ae_cli *c, ae_vae *v, const ae_dataset *digits, const ae_dataset *test, cvae_score *score);

#endif
