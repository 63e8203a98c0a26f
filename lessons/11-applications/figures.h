/* Lesson 11's figures: one writer per .dat file that plots/11-applications.gp reads, and
 * the analyses that only feed them (BOOK.md chapter 11). */
#ifndef L11_FIGURES_H
#define L11_FIGURES_H

#include <stdint.h>

#include "cli.h"

#include "fewlabels.h"
#include "model.h"
#include "pretext.h"

enum { SHOW = 10 };

/* hist_WHICH.dat: the test images of positive[i] == NORMAL or HELDOUT */
typedef enum { NORMAL = 0, HELDOUT = 1 } score_kind;
/* extremes_WHICH.dat */
typedef enum { MOST, LEAST } extreme_kind;

/* The SHOW most and SHOW least anomalous test images (by the AE's score) and their
 * AE reconstructions. */
typedef struct {
    size_t pick[2 * SHOW];   /* test indices: most anomalous first, then least anomalous */
    uint8_t y[2 * SHOW];     /* their labels */
    double *img;             /* 4 SHOW images: the most, their reconstructions, the least, theirs */
} extremes;

extremes extremes_find(ae_autoenc *m, const double *s_ae, const ae_dataset *test);
void extremes_free(extremes *e);

/* The score at which the histograms end: a high quantile of all n scores. */
double hist_top(const double *s_ae, size_t n);

/* auc.dat: (held-out class, AUC of the AE, AUC of PCA) */
int write_auc(const ae_cli *c, const double auc[3]);

/* roc_WHICH.dat: the ROC curve (exercise 11.1) of score against positive (n test images). */
int write_roc(const ae_cli *c, const char *which, const char *what, const double *score,
              const uint8_t *positive, size_t n);

/* classes.dat: the class names, for the figures' labels. */
int write_classes(const ae_cli *c, const ae_dataset *ds);

/* class_error.dat: the mean score of each test class, AE and PCA. */
int write_class_error(const ae_cli *c, const double *s_ae, const double *s_pca, const ae_dataset *test);

/* hist_normal.dat, hist_heldout.dat: the histogram of the AE's score on [0, top] for the
 * test images of one kind. */
int write_hist(const ae_cli *c, score_kind kind, const double *s_ae, const uint8_t *positive, size_t n,
               double top);

/* extremes_most.dat, extremes_least.dat: the images of one kind, their reconstructions below. */
int write_extremes(const ae_cli *c, extreme_kind kind, const extremes *e, const ae_dataset *test);

/* extremes_labels.dat: column, label, score and class name of each image of the two. */
int write_extremes_labels(const ae_cli *c, const extremes *e, const double *s_ae, const ae_dataset *test);

/* NAME.dat: per n, the mean and standard error over the draws of each of the nv variants'
 * accuracy (columns keys[v], keys[v]_se), and the paired gap of variant a over variant b;
 * NAME_draws.dat: every draw's accuracies and the epoch of its best validation accuracy. */
int write_fewlabels(const ae_cli *c, const char *name, const fewlabels_row *res, size_t nn,
                    const char *const *keys, size_t nv, size_t a, size_t b);

/* loss.dat: per epoch, the training BCE of the detector (curve) and of the pretrained AE
 * (curve + epochs). */
int write_loss(const ae_cli *c, const double *curve);

/* pretext.dat: per class, the held-out accuracy of the rotation pretext task on that
 * class's turned test images, and over all of them (column all). */
int write_pretext(const ae_cli *c, const pretext_result *pt, size_t classes);

/* turned.dat: the first test image of each class (columns) in its four turns (rows). */
int write_turned(const ae_cli *c, const ae_dataset *test);

#endif
