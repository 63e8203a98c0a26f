/* Lesson 09's gaps in the code (gaps.c): random codes decoded by the plain AE and by the VAE,
 * judged by a classifier of the real images (Harvard CS109B, "Problems with Autoencoders: gaps";
 * Kyrkou, "irregular latent space"; BOOK.md chapter 9). */
#ifndef L09_GAPS_H
#define L09_GAPS_H

#include "cli.h"
#include "data.h"
#include "figures.h"
#include "model.h"
#include "net.h"

/* The four sets judged: test images, the plain AE's decodings of z ~ N(0, I) and of z ~ N(m, diag s^2)
 * (its training codes' means and spreads), the VAE's prior samples. */
enum { GAP_REAL, GAP_AE_PRIOR, GAP_AE_FIT, GAP_VAE, GAP_SETS };
enum { GAP_SAMPLES = 2000, GAP_SHOW = 10 };   /* images judged and shown per set */

typedef struct {
    double confident;   /* share with largest class probability >= 0.9 */
    double maxp;        /* mean largest class probability */
    double entropy;     /* of the class histogram, nats (log 10 = 2.303 at most) */
} gap_score;

/* The classifier D-128-10 (ReLU, softmax; lesson 08's kind) trained on train for a few epochs with
 * Adam; *acc = its accuracy on test. */
ae_net *train_classifier(const ae_cli *c, const ae_dataset *train, const ae_dataset *test, double *acc);

/* gaps.dat (the first GAP_SHOW images of each set as a mosaic) and gap_scores.dat (score[set]):
 * pair[0] the plain AE with training codes Ztrain, pair[1] the VAE, cls the classifier. */
int write_gaps(const ae_cli *c, const coder pair[2], const gsl_matrix *Ztrain, const ae_dataset *test, ae_net *cls,
               gap_score score[GAP_SETS]);

#endif
