/* Lesson 09's gaps in the code: images decoded from random codes, the plain AE's and the
 * VAE's, judged by a classifier of the real images (lib/classifier.h, as in lesson 08). */
#include "gaps.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics.h>

#include "batch.h"
#include "err.h"
#include "out.h"
#include "rng.h"

/* The judge: D-128-10 (lib/classifier.h, lesson 08's kind), 2 epochs in batches of 64. */
const ae_classifier_plan classifier_plan = {.hidden = 128, .classes = CLASSES, .batch = 64, .epochs = 2, .lr = 1e-3};

/* BOOK: gap_samples */
/* Decoded random codes (S: n x D) of the three kinds of GAP_SETS, from r: the plain AE from the prior
 * N(0, I) and from N(m, diag s^2), m and s each code coordinate's mean and spread over the training
 * codes Ztrain (the nearest Gaussian to where its codes are); the VAE from its prior N(0, I). */
static void sample_codes(gsl_matrix *S, size_t set, const coder pair[2], const gsl_matrix *Ztrain, gsl_rng *r)
{
    const coder *m = set == GAP_VAE ? &pair[1] : &pair[0];
    const size_t k = coder_k(m);
    gsl_matrix *Z = gsl_matrix_alloc(S->size1, k);
    for (size_t j = 0; j < k; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(Ztrain, j);
        double mean = 0.0, sd = 1.0;
        if (set == GAP_AE_FIT) {
            mean = gsl_stats_mean(col.vector.data, col.vector.stride, col.vector.size);
            sd = gsl_stats_sd_m(col.vector.data, col.vector.stride, col.vector.size, mean);
        }
        for (size_t n = 0; n < S->size1; n++)
            gsl_matrix_set(Z, n, j, mean + ae_rng_gaussian(r, sd));   /* z_j ~ N(m_j, s_j^2) */
    }
    coder_decode(m, S, Z);
    gsl_matrix_free(Z);
}
/* END BOOK */

int write_gaps(const ae_cli *c, const coder pair[2], const gsl_matrix *Ztrain, const ae_dataset *test, ae_net *cls,
               ae_verdicts score[GAP_SETS])
{
    const size_t D = test->dim, n = test->n < GAP_SAMPLES ? test->n : GAP_SAMPLES;
    gsl_matrix *S = gsl_matrix_alloc(n, D);
    double *img = malloc(GAP_SETS * GAP_SHOW * D * sizeof *img), rows[GAP_SETS * 4];
    AE_ASSERT(img && n >= GAP_SHOW);
    gsl_rng *r = ae_rng_alloc(c->seed + 2, AE_RNG_NOISE);
    for (size_t set = 0; set < GAP_SETS; set++) {
        if (set == GAP_REAL)
            ae_batch_range(S, NULL, test, 0, n);
        else
            sample_codes(S, set, pair, Ztrain, r);
        ae_classifier_judge(&score[set], cls, S, 0, NULL, NULL);
        memcpy(img + set * GAP_SHOW * D, S->data, GAP_SHOW * D * sizeof *img);
        double row[4] = {(double)set, score[set].confident, score[set].maxp, score[set].entropy};
        memcpy(rows + 4 * set, row, sizeof row);
    }
    gsl_rng_free(r);
    gsl_matrix_free(S);
    int status = ae_write_mosaic(c->out, "gaps.dat", "rows: test images; plain AE g(z), z ~ N(0, I); plain AE g(z), "
                                 "z ~ N(m, diag s^2) of its training codes; VAE g(z), z ~ N(0, I)",
                                 img, GAP_SETS * GAP_SHOW, test->rows, test->cols, GAP_SHOW, 1.0);
    free(img);
    if (status)
        return status;
    return ae_write_table(c->out, "gap_scores.dat", "the classifier's verdicts on 2000 images of each set "
                          "(0 test images, 1 AE prior, 2 AE fitted Gaussian, 3 VAE prior)",
                          "set confident maxp entropy", rows, GAP_SETS, 4);
}
