/* Lesson 09's gaps in the code (gaps.c): random codes decoded by the plain AE and by the VAE,
 * judged by a classifier of the real images (Harvard CS109B, "Problems with Autoencoders: gaps";
 * Kyrkou, "irregular latent space"; BOOK.md chapter 9). */
#ifndef L09_GAPS_H
#define L09_GAPS_H

#include "classifier.h"
#include "cli.h"
#include "data.h"
#include "figures.h"
#include "model.h"
#include "net.h"

/* The four sets judged: test images, the plain AE's decodings of z ~ N(0, I) and of z ~ N(m, diag s^2)
 * (its training codes' means and spreads), the VAE's prior samples. */
enum { GAP_REAL, GAP_AE_PRIOR, GAP_AE_FIT, GAP_VAE, GAP_SETS };
enum { GAP_SAMPLES = 2000, GAP_SHOW = 10 };   /* images judged and shown per set */

/* The classifier that judges them (lib/classifier.h). */
extern const ae_classifier_plan classifier_plan;

/* gaps.dat (the first GAP_SHOW images of each set as a mosaic) and gap_scores.dat (score[set]):
 * pair[0] the plain AE with training codes Ztrain, pair[1] the VAE, cls the classifier. */
int write_gaps(const ae_cli *c, const coder pair[2], const gsl_matrix *Ztrain, const ae_dataset *test, ae_net *cls,
               ae_verdicts score[GAP_SETS]);

#endif
