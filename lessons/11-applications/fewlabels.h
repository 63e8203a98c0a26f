/* Lesson 11, parts 2 and 3 (BOOK.md sections 11.3-11.5): pretraining, then few labels. A
 * softmax head learns from n labelled images on the pixels, on the code of an encoder
 * trained without labels (frozen or fine-tuned), or on the same network from a random
 * start; every one is trained until its accuracy on a labelled validation split stops
 * rising (early stopping), and keeps its best weights. */
#ifndef L11_FEWLABELS_H
#define L11_FEWLABELS_H

#include <gsl/gsl_rng.h>

#include "cli.h"
#include "data.h"
#include "net.h"
#include "optim.h"

#include "model.h"

enum { MAX_DRAWS = 20, MAX_VARIANTS = 6 };
enum { PIXELS, FROZEN, FINETUNED, RANDOM, ROT_FROZEN, ROT_FINETUNED };   /* part 2's classifiers */
enum { DEEP_RANDOM, DEEP_PRETRAINED };        /* part 3's */

/* A classifier and where its encoder starts each run. */
typedef struct schedule schedule;
typedef struct {
    classifier *clf;
    const ae_net *start;   /* copied into clf->enc before each run; NULL: a random start (if it trains) */
    const schedule *s;     /* how it trains */
} variant;

/* Test accuracies with n labels: acc[variant][draw]; epochs: the epoch of the best validation accuracy. */
typedef struct {
    size_t n, draws;
    double acc[MAX_VARIANTS][MAX_DRAWS], epochs[MAX_VARIANTS][MAX_DRAWS];
} fewlabels_row;

/* Where labelled images come from: the validation split (VAL_PER_CLASS of each class),
 * and every other training image by class. */
typedef struct {
    subset val;
    size_t *by_class[MAX_CLASSES], count[MAX_CLASSES], classes;
} label_pool;

label_pool label_pool_alloc(const ae_dataset *train_set, size_t val_per_class, gsl_rng *draw);
void label_pool_free(label_pool *p);

/* How long a head trains: Adam at lr in minibatches of up to `batch` labelled images; the
 * validation accuracy after every round of max(n, round_images) images (an epoch, or
 * several when n is small); stop after `patience` rounds without a better one or after
 * max_rounds, and keep the best weights. */
struct schedule {
    ae_optim_kind kind;
    double lr;
    size_t batch, round_images, patience, max_rounds;
};

/* Trains m (from where it is) on the labelled images by s, scoring it on val after every
 * round, and leaves it at its best round's weights; returns that round's epoch. */
double train_classifier(classifier *m, const ae_cli *c, const subset *labelled, const subset *val,
                        const schedule *s, gsl_rng *shuffle);

/* For each res[i] (its n and draws set): draws times, n labelled images from pool (the same
 * number of each class), then each of the nv variants from its start (its head drawn from
 * init), trained by its schedule, scored on the first test_n test images. */
void few_labels(fewlabels_row *res, size_t nn, const variant *v, size_t nv, const ae_cli *c,
                const label_pool *pool, const ae_dataset *test, size_t test_n, gsl_rng *init, gsl_rng *draw,
                const char *const *names);

/* The arguments of one few_labels call but the shared ones. */
typedef struct {
    fewlabels_row *res;
    size_t nn;
    const variant *v;
    size_t nv;
    gsl_rng *init, *draw;
    const char *const *names;
    void (*before)(void *arg);   /* NULL, or run first on the job's thread (with arg) */
    void *arg;
} fewlabels_job;

/* few_labels for each job, side by side on the machine's cores (lib/par.h: the same
 * numbers on one thread or two); the jobs must share no classifier and no generator. */
void few_labels_par(const fewlabels_job *jobs, size_t njobs, const ae_cli *c, const label_pool *pool,
                    const ae_dataset *test, size_t test_n);

/* Variants 0..nv-1 of from[0..nn-1] become variants first.. of into (the same n and draws). */
void fewlabels_join(fewlabels_row *into, const fewlabels_row *from, size_t nn, size_t first, size_t nv);

/* mean and standard error of x[0..n-1] (se 0 when n = 1) */
void mean_se(double *mean, double *se, const double *x, size_t n);

/* mean and standard error of the paired differences a[d] - b[d] */
void gap_se(double *mean, double *se, const double *a, const double *b, size_t n);

#endif
