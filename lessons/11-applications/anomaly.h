/* Lesson 11, part 1 (BOOK.md sections 11.1-11.2): anomaly detection by reconstruction error.
 * An AE trained without one class scores every test image by (11.1); PCA-k fitted to
 * the same images is the baseline; the AUC (11.3) says how well each score picks out
 * the held-out class. */
#ifndef L11_ANOMALY_H
#define L11_ANOMALY_H

#include <stdint.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "pca.h"

#include "model.h"

typedef struct {
    ae_pca *pca;            /* PCA of the normal training images */
    double *s_ae, *s_pca;   /* (11.1) the score of every test image */
    uint8_t *positive;      /* 1: the test image is of the held-out class */
    double auc[3];          /* the held-out class, the AUC of the AE's score, of PCA's */
} anomaly;


/* (11.1) s(x) = ||x - x_hat||^2 for every test image, x_hat from the AE and from PCA-k. */
void anomaly_scores(double *s_ae, double *s_pca, ae_autoenc *m, const ae_pca *p, const ae_dataset *test,
                    size_t k);

/* Fits PCA-k (k: det's code size) to the normal images, scores every test image by the
 * trained AE det and by PCA, and measures both AUCs; exits 2 if the test set does not
 * hold both kinds. */
anomaly anomaly_detect(const ae_cli *c, ae_autoenc *det, const subset *normal, const ae_dataset *test,
                       size_t holdout);
void anomaly_free(anomaly *a);

#endif
