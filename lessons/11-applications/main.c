/* Lesson 11 — applications: anomaly detection, and pretraining with few labels.
 *
 * Two uses of an autoencoder that is not asked to compress (Kyrkou, ML Lecture 10,
 * "Autoencoder Tasks"; the MLP course, "Autoencoders – Pretraining"):
 *  1. Anomaly detection. An AE 784-128-k-128-784 is trained on Fashion-MNIST
 *     without one class (--holdout); every test image is scored by its
 *     reconstruction error ||x - x_hat||^2, and the ROC curve and its area say
 *     how well that score picks out the class the AE never saw. PCA-k's
 *     reconstruction error is the baseline. ROC and AUC are exercises 11.1, 11.2.
 *  2. Pretraining. An AE trained on all training images without their labels
 *     gives an encoder; a softmax head on it is trained with n = 10, 100, 1000,
 *     10000 labelled images (balanced over the classes, several seeded draws),
 *     with the encoder frozen or fine-tuned, against the same network from a
 *     random start. The head's backward pass is exercise 11.3, checked by finite
 *     differences before anything is trained.  BOOK.md chapter 11.
 *
 * Run:    make lesson11                    (about 15 s)
 *         make lesson11 ARGS="--quick"     (a few seconds: 10,000 images, 1 epoch, n = 10 and 100)
 *         make lesson11 ARGS="--holdout 8" (hold out bags instead)
 * Writes: out/11-applications/auc.dat            held-out class, AUC of the AE and of PCA
 *         out/11-applications/roc_ae.dat, roc_pca.dat   the ROC curves (fpr tpr)
 *         out/11-applications/class_error.dat    per test class: mean reconstruction error, AE and PCA
 *         out/11-applications/classes.dat        the class names
 *         out/11-applications/hist_normal.dat, hist_heldout.dat   AE scores of the two kinds
 *         out/11-applications/extremes_most.dat, extremes_least.dat, extremes_labels.dat
 *                                               the most and least anomalous test images, reconstructed
 *         out/11-applications/fewlabels.dat      per n: test accuracy (mean, sd) frozen, fine-tuned, random init
 *         out/11-applications/fewlabels_draws.dat   the same for every draw
 *         out/11-applications/loss.dat           per epoch: training BCE of the two AEs
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "act.h"
#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "dense.h"
#include "err.h"
#include "exercises.h"
#include "gradcheck.h"
#include "loss.h"
#include "net.h"
#include "optim.h"
#include "out.h"
#include "pca.h"
#include "progress.h"
#include "rng.h"

enum { HIDDEN = 128, EVAL_ROWS = 1000, SHOW = 10, HIST_BINS = 60, MAX_CLASSES = 10 };
enum { QUICK_TRAIN = 10000, QUICK_TEST = 2000, QUICK_DRAWS = 1 };
static const size_t NLABELS[] = {10, 100, 1000, 10000};
enum { NN = sizeof NLABELS / sizeof *NLABELS, QUICK_NN = 2 };
enum { CLF_STEPS = 300, QUICK_CLF_STEPS = 150 };   /* Adam steps per classifier, whatever n */
#define CLF_BATCH 50         /* labelled images per step (all of them when n is smaller) */
#define CLF_LR 2e-3
#define HIST_QUANTILE 0.99   /* the score histograms end at this quantile of all scores */
#define GC_ENTRIES 300       /* weights per layer in the gradient check */

/* ---- the autoencoder: enc 784-128-k (relu, identity), dec k-128-784 (relu, logits) ---- */

/* rows: the largest batch (training or evaluation) */
static ae_net *encoder_alloc(size_t D, size_t k, size_t rows)
{
    size_t sizes[] = {D, HIDDEN, k};
    ae_act f[] = {AE_RELU, AE_IDENTITY};
    return ae_net_alloc(2, sizes, f, rows);
}

static ae_autoenc *autoenc_alloc(size_t D, size_t k, size_t rows, gsl_rng *init)
{
    const size_t sizes[] = {D, HIDDEN, k};
    ae_autoenc *m = ae_autoenc_alloc(2, sizes, AE_RELU, AE_IDENTITY, rows);   /* x_hat = sigmoid(logits) */
    ae_autoenc_init(m, init, 1.0);
    return m;
}

/* BOOK: autoenc_step */
/* One Adam step on the BCE of x_hat = sigmoid(dec(enc(x))); dA: B x D scratch. */
static double autoenc_step(ae_autoenc *m, ae_optim *opt, const gsl_matrix *X, gsl_matrix *dA)
{
    ae_optim_zero_grad(opt);
    const gsl_matrix *A = ae_autoenc_forward(m, X);     /* logits a = dec(enc(x)) */
    double loss = ae_loss_bce_logits(dA, A, X);        /* dL/da = (sigmoid(a) - x) / B */
    ae_autoenc_backward(m, dA);                        /* decoder, then encoder: mirror order */
    ae_optim_step(opt);
    return loss;
}
/* END BOOK */

/* The training images a batcher walks over: the dataset's examples idx[0..n-1]. */
typedef struct {
    const ae_dataset *ds;
    size_t *idx, n;
} subset;

/* Rows X[i] = example sub->idx[pos[i]]; map: scratch of at least count indices. */
static void subset_fill(gsl_matrix *X, uint8_t *y, const subset *sub, const size_t *pos, size_t count,
                        size_t *map)
{
    for (size_t i = 0; i < count; i++)
        map[i] = sub->idx[pos[i]];
    ae_batch_fill(X, y, sub->ds, map, count);
}

/* `epochs` passes of Adam over sub; curve[e] = mean training BCE per pixel in epoch e. */
static void autoenc_train(ae_autoenc *m, const ae_cli *c, const subset *sub, const char *what, double *curve)
{
    ae_optim *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_autoenc_add_params(m, opt);
    const size_t D = sub->ds->dim;
    gsl_matrix *X = gsl_matrix_alloc(c->batch, D), *dA = gsl_matrix_alloc(c->batch, D);
    size_t *map = malloc(c->batch * sizeof *map);
    AE_ASSERT(map);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    ae_batcher *batches = ae_batcher_alloc(sub->n, c->batch);
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        opt->lr = c->lr * 0.5 * (1.0 + cos(M_PI * (epoch - 1) / c->epochs));   /* cosine decay */
        ae_batcher_epoch(batches, shuffle);
        const size_t *pos;
        size_t rows;
        double sum = 0.0;
        for (size_t k = 0; (rows = ae_batcher_next(batches, &pos)) > 0; k++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D), dAb = gsl_matrix_submatrix(dA, 0, 0, rows, D);
            subset_fill(&Xb.matrix, NULL, sub, pos, rows, map);
            double loss = autoenc_step(m, opt, &Xb.matrix, &dAb.matrix);
            ae_check_loss(c, loss, epoch, k + 1);
            sum += loss * (double)rows;
        }
        curve[epoch - 1] = sum / (double)(sub->n * D);
        ae_progress(c, "%s, epoch %d/%d: training BCE per pixel %.4f", what, epoch, c->epochs, curve[epoch - 1]);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
    ae_optim_free(opt);
    free(map);
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
}

/* ---- part 1: anomaly scores ---- */

/* BOOK: scores */
/* (11.1) s(x) = ||x - x_hat||^2 for every test image, x_hat from the AE and from PCA-k. */
static void anomaly_scores(double *s_ae, double *s_pca, ae_autoenc *m, const ae_pca *p, const ae_dataset *test,
                           size_t k)
{
    const size_t D = test->dim;
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, D), *Xhat = gsl_matrix_alloc(EVAL_ROWS, D),
               *Z = gsl_matrix_alloc(EVAL_ROWS, k);
    for (size_t first = 0; first < test->n; first += EVAL_ROWS) {
        size_t rows = GSL_MIN(EVAL_ROWS, test->n - first);
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, D), Hb = gsl_matrix_submatrix(Xhat, 0, 0, rows, D),
                        Zb = gsl_matrix_submatrix(Z, 0, 0, rows, k);
        ae_batch_range(&Xb.matrix, NULL, test, first, rows);
        const gsl_matrix *A = ae_autoenc_forward(m, &Xb.matrix);   /* x_hat = sigmoid(a) */
        ae_pca_project(&Zb.matrix, p, &Xb.matrix);         /* z = V_k (x - mu) */
        ae_pca_reconstruct(&Hb.matrix, p, &Zb.matrix);     /* x_hat = mu + V_k^T z */
        for (size_t b = 0; b < rows; b++) {
            double e_ae = 0.0, e_pca = 0.0;
            for (size_t i = 0; i < D; i++) {
                double x = gsl_matrix_get(&Xb.matrix, b, i);
                double d_ae = ae_sigmoid(gsl_matrix_get(A, b, i)) - x, d_pca = gsl_matrix_get(&Hb.matrix, b, i) - x;
                e_ae += d_ae * d_ae;
                e_pca += d_pca * d_pca;
            }
            s_ae[first + b] = e_ae;
            s_pca[first + b] = e_pca;
        }
    }
    gsl_matrix_free(X);
    gsl_matrix_free(Xhat);
    gsl_matrix_free(Z);
}
/* END BOOK */

static ae_pca *pca_fit(const subset *sub)
{
    ae_pca *p = ae_pca_alloc(sub->ds->dim);
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, sub->ds->dim);
    for (size_t first = 0; first < sub->n; first += EVAL_ROWS) {
        size_t rows = GSL_MIN(EVAL_ROWS, sub->n - first);
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, sub->ds->dim);
        ae_batch_fill(&Xb.matrix, NULL, sub->ds, sub->idx + first, rows);
        ae_pca_add(p, &Xb.matrix);
    }
    gsl_matrix_free(X);
    return p;
}

/* ---- part 2: a classifier on an encoder ---- */

typedef struct {
    ae_net *enc;          /* 784-128-k */
    ae_dense *head;       /* k -> 10 */
    int frozen;           /* the encoder is not trained */
    gsl_matrix *A, *P, *dZ;   /* EVAL_ROWS x 10, EVAL_ROWS x 10, EVAL_ROWS x k */
} classifier;

static classifier classifier_alloc(ae_net *enc, size_t classes, int frozen)
{
    size_t k = enc->sizes[enc->nlayers];
    return (classifier){enc, ae_dense_alloc(k, classes), frozen, gsl_matrix_alloc(EVAL_ROWS, classes),
                        gsl_matrix_alloc(EVAL_ROWS, classes), gsl_matrix_alloc(EVAL_ROWS, k)};
}

static void classifier_free(classifier *m)
{
    ae_dense_free(m->head);
    gsl_matrix_free(m->A);
    gsl_matrix_free(m->P);
    gsl_matrix_free(m->dZ);
}

typedef struct {
    gsl_matrix_view A, P, dZ;
} clf_batch;

static clf_batch clf_rows(classifier *m, size_t rows)
{
    return (clf_batch){gsl_matrix_submatrix(m->A, 0, 0, rows, m->A->size2),
                       gsl_matrix_submatrix(m->P, 0, 0, rows, m->P->size2),
                       gsl_matrix_submatrix(m->dZ, 0, 0, rows, m->dZ->size2)};
}

/* BOOK: classifier_step */
/* p = softmax(W enc(x) + b); returns L = -1/B sum log p_y; with grad, adds every gradient
 * (the encoder's only when it is fine-tuned). */
static double classifier_loss(classifier *m, const gsl_matrix *X, const uint8_t *y, int grad)
{
    clf_batch a = clf_rows(m, X->size1);
    const gsl_matrix *Z = ae_net_forward(m->enc, X);                          /* z = enc(x) */
    ae_dense_forward(&a.A.matrix, Z, m->head);                                /* a = W z + b */
    double loss = ae_loss_softmax_ce(NULL, &a.P.matrix, &a.A.matrix, y);      /* p = softmax(a) */
    if (grad) {
        ex11_head_backward(m->frozen ? NULL : &a.dZ.matrix, m->head, &a.P.matrix, y, Z);   /* (11.5), (11.6) */
        if (!m->frozen)
            ae_net_backward(m->enc, &a.dZ.matrix, AE_SKIP_DX);                         /* into the encoder */
    }
    return loss;
}
/* END BOOK */

/* Fraction of test images classified right. */
static double classifier_accuracy(classifier *m, const ae_dataset *test)
{
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, test->dim);
    uint8_t y[EVAL_ROWS];
    size_t right = 0;
    for (size_t first = 0; first < test->n; first += EVAL_ROWS) {
        size_t rows = GSL_MIN(EVAL_ROWS, test->n - first);
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, test->dim);
        ae_batch_range(&Xb.matrix, y, test, first, rows);
        classifier_loss(m, &Xb.matrix, y, 0);
        gsl_matrix_view P = gsl_matrix_submatrix(m->P, 0, 0, rows, m->P->size2);
        right += ae_count_correct(&P.matrix, y);
    }
    gsl_matrix_free(X);
    return (double)right / (double)test->n;
}

/* `steps` Adam steps on the labelled images (minibatches of CLF_BATCH, reshuffled each pass). */
static void classifier_train(classifier *m, const ae_cli *c, const subset *labelled, size_t steps, gsl_rng *shuffle)
{
    ae_optim *opt = ae_optim_alloc(AE_ADAM, CLF_LR);
    if (!m->frozen)
        ae_net_add_params(m->enc, opt);
    ae_dense_add_params(m->head, opt);
    size_t B = GSL_MIN(CLF_BATCH, labelled->n);
    gsl_matrix *X = gsl_matrix_alloc(B, labelled->ds->dim);
    uint8_t y[CLF_BATCH];
    size_t map[CLF_BATCH];
    ae_batcher *batches = ae_batcher_alloc(labelled->n, B);
    const size_t *pos;
    size_t rows = 0;
    for (size_t step = 1; step <= steps; step++) {
        if (rows == 0 || (rows = ae_batcher_next(batches, &pos)) == 0) {   /* a new pass */
            ae_batcher_epoch(batches, shuffle);
            rows = ae_batcher_next(batches, &pos);
        }
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, X->size2);
        subset_fill(&Xb.matrix, y, labelled, pos, rows, map);
        ae_optim_zero_grad(opt);
        ae_check_loss(c, classifier_loss(m, &Xb.matrix, y, 1), 1, step);
        ae_optim_step(opt);
    }
    ae_batcher_free(batches);
    gsl_matrix_free(X);
    ae_optim_free(opt);
}

/* Copy every W_l and b_l of src into dst (same architecture). */
static void net_copy(ae_net *dst, const ae_net *src)
{
    for (size_t l = 0; l < src->nlayers; l++) {
        gsl_matrix_memcpy(dst->layer[l]->W, src->layer[l]->W);
        gsl_vector_memcpy(dst->layer[l]->b, src->layer[l]->b);
    }
}

/* ---- the gradient check of the classifier (head and fine-tuned encoder) ---- */

typedef struct {
    classifier *m;
    const gsl_matrix *X;
    const uint8_t *y;
} check_ctx;

static double check_loss(void *ctx)
{
    check_ctx *c = ctx;
    return classifier_loss(c->m, c->X, c->y, 0);
}

/* Largest relative error of the analytic gradients: every bias and head weight, and the
 * first GC_ENTRIES weights of each encoder layer (all 100,000 would take minutes). */
static double gradient_check(classifier *m, const ae_dataset *ds)
{
    enum { ROWS = 6 };
    gsl_matrix *X = gsl_matrix_alloc(ROWS, ds->dim);
    uint8_t y[ROWS];
    ae_batch_range(X, y, ds, 0, ROWS);
    check_ctx c = {m, X, y};
    for (size_t l = 0; l < m->enc->nlayers; l++)
        ae_dense_zero_grad(m->enc->layer[l]);
    ae_dense_zero_grad(m->head);
    classifier_loss(m, X, y, 1);
    double worst = ae_gradcheck_dense(check_loss, &c, m->head, 0);
    for (size_t l = 0; l < m->enc->nlayers; l++)
        worst = fmax(worst, ae_gradcheck_dense(check_loss, &c, m->enc->layer[l], GC_ENTRIES));
    gsl_matrix_free(X);
    return worst;
}

/* ---- the labelled subsets ---- */

/* Every training image's index, grouped by class: by_class[c] has count[c] entries. */
typedef struct {
    size_t *by_class[MAX_CLASSES], count[MAX_CLASSES], classes;
} class_index;

static class_index class_index_alloc(const ae_dataset *ds)
{
    class_index ci = {.classes = ds->classes};
    for (size_t c = 0; c < ds->classes; c++) {
        ci.by_class[c] = malloc(ds->n * sizeof(size_t));
        AE_ASSERT(ci.by_class[c]);
    }
    for (size_t i = 0; i < ds->n; i++)
        ci.by_class[ds->y[i]][ci.count[ds->y[i]]++] = i;
    return ci;
}

static void class_index_free(class_index *ci)
{
    for (size_t c = 0; c < ci->classes; c++)
        free(ci->by_class[c]);
}

/* n / classes images of each class, drawn without replacement (sub->idx has room for n). */
static void draw_labelled(subset *sub, const class_index *ci, size_t n, gsl_rng *r)
{
    size_t per = n / ci->classes;
    sub->n = 0;
    for (size_t c = 0; c < ci->classes; c++) {
        gsl_ran_choose(r, sub->idx + sub->n, per, ci->by_class[c], ci->count[c], sizeof(size_t));
        sub->n += per;
    }
}

/* ---- outputs ---- */

static int write_roc(const ae_cli *c, const char *name, const char *what, const double *score,
                     const uint8_t *positive, size_t n)
{
    double *fpr = malloc((n + 1) * sizeof *fpr), *tpr = malloc((n + 1) * sizeof *tpr),
           *rows = malloc(2 * (n + 1) * sizeof *rows);
    AE_ASSERT(fpr && tpr && rows);
    size_t m = ex11_roc(fpr, tpr, score, positive, n);
    for (size_t i = 0; i < m; i++) {
        rows[2 * i] = fpr[i];
        rows[2 * i + 1] = tpr[i];
    }
    int status = ae_write_table(c->out, name, what, "fpr tpr", rows, m, 2);
    free(fpr);
    free(tpr);
    free(rows);
    return status;
}

/* Mean score of each test class, AE and PCA. */
static int write_class_error(const ae_cli *c, const double *s_ae, const double *s_pca, const ae_dataset *test)
{
    double rows[MAX_CLASSES * 4] = {0};
    for (size_t i = 0; i < test->n; i++) {
        double *r = rows + 4 * test->y[i];
        r[1] += s_ae[i];
        r[2] += s_pca[i];
        r[3] += 1.0;
    }
    for (size_t k = 0; k < test->classes; k++) {
        rows[4 * k] = k;
        rows[4 * k + 1] /= rows[4 * k + 3];
        rows[4 * k + 2] /= rows[4 * k + 3];
    }
    return ae_write_table(c->out, "class_error.dat", "per test class: mean ||x - x_hat||^2 of the AE and of PCA",
                          "class ae pca count", rows, test->classes, 4);
}

/* The class names, for the figures' labels. */
static int write_classes(const ae_cli *c, const ae_dataset *ds)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "classes.dat", "the classes of the dataset");
    if (status)
        return status;
    ae_out_columns(&w, "class name");
    for (size_t k = 0; k < ds->classes; k++)
        ae_out_printf(&w, "%zu \"%s\"\n", k, ae_class_name(ds, k));
    return ae_out_close(&w);
}

/* Histograms of the AE's score for the normal and the held-out test images. */
static int write_histograms(const ae_cli *c, const double *s_ae, const uint8_t *positive, size_t n)
{
    double *v = malloc(n * sizeof *v), *sorted = malloc(n * sizeof *sorted);
    AE_ASSERT(v && sorted);
    memcpy(sorted, s_ae, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);
    double hi = gsl_stats_quantile_from_sorted_data(sorted, 1, n, HIST_QUANTILE);
    int status = AE_OK;
    for (int kind = 0; kind < 2 && !status; kind++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (positive[i] == kind)
                v[m++] = s_ae[i];
        status = ae_write_histogram(c->out, kind ? "hist_heldout.dat" : "hist_normal.dat",
                                    kind ? "AE score ||x - x_hat||^2 of the held-out class (test)"
                                         : "AE score ||x - x_hat||^2 of the other classes (test)",
                                    v, m, HIST_BINS, 0.0, hi);
    }
    free(v);
    free(sorted);
    return status;
}

/* The SHOW highest and lowest scoring test images and their AE reconstructions. */
static int write_extremes(const ae_cli *c, ae_autoenc *m, const double *s_ae, const ae_dataset *test)
{
    const size_t D = test->dim;
    size_t *idx = malloc(test->n * sizeof *idx), pick[2 * SHOW];
    AE_ASSERT(idx);
    gsl_sort_index(idx, s_ae, 1, test->n);
    for (size_t i = 0; i < SHOW; i++) {
        pick[i] = idx[test->n - 1 - i];   /* most anomalous first */
        pick[SHOW + i] = idx[i];          /* least anomalous */
    }
    free(idx);
    gsl_matrix *X = gsl_matrix_alloc(2 * SHOW, D);
    uint8_t y[2 * SHOW];
    ae_batch_fill(X, y, test, pick, 2 * SHOW);
    const gsl_matrix *A = ae_autoenc_forward(m, X);
    double *img = malloc(4 * SHOW * D * sizeof *img), labels[2 * SHOW];
    AE_ASSERT(img);
    for (size_t half = 0; half < 2; half++)
        for (size_t i = 0; i < SHOW; i++) {
            size_t b = half * SHOW + i;
            double *orig = img + ((2 * half) * SHOW + i) * D, *rec = img + ((2 * half + 1) * SHOW + i) * D;
            for (size_t j = 0; j < D; j++) {
                orig[j] = gsl_matrix_get(X, b, j);
                rec[j] = ae_sigmoid(gsl_matrix_get(A, b, j));
            }
            labels[b] = y[b];
        }
    int status = ae_write_mosaic(c->out, "extremes_most.dat",
                                 "rows: the most anomalous test images (highest score first), their AE reconstructions",
                                 img, 2 * SHOW, test->rows, test->cols, SHOW, 1.0);
    if (!status)
        status = ae_write_mosaic(c->out, "extremes_least.dat",
                                 "rows: the least anomalous test images (lowest score first), their AE reconstructions",
                                 img + 2 * SHOW * D, 2 * SHOW, test->rows, test->cols, SHOW, 1.0);
    ae_out w;
    if (!status)
        status = ae_out_open(&w, c->out, "extremes_labels.dat",
                             "the images of extremes_most.dat (least 0) and extremes_least.dat (least 1): column, "
                             "label, score, class name");
    if (!status) {
        ae_out_columns(&w, "least col label score name");
        for (size_t b = 0; b < 2 * SHOW; b++)
            ae_out_printf(&w, "%zu %zu %d %.6g \"%s\"\n", b / SHOW, b % SHOW, (int)labels[b], s_ae[pick[b]],
                          ae_class_name(test, (size_t)labels[b]));
        status = ae_out_close(&w);
    }
    free(img);
    gsl_matrix_free(X);
    return status;
}

/* ---- main ---- */

typedef struct {
    size_t n, draws;
    double acc[3][16];   /* [frozen, fine-tuned, random][draw] */
} fewlabels_row;

static const char *const VARIANT[3] = {"pretrained, frozen", "pretrained, fine-tuned", "random init"};

static int write_fewlabels(const ae_cli *c, const fewlabels_row *res, size_t nn)
{
    double rows[NN * 7], draws[NN * 16 * 5];
    size_t nd = 0;
    for (size_t i = 0; i < nn; i++) {
        rows[7 * i] = (double)res[i].n;
        for (size_t v = 0; v < 3; v++) {
            rows[7 * i + 1 + 2 * v] = gsl_stats_mean(res[i].acc[v], 1, res[i].draws);
            rows[7 * i + 2 + 2 * v] = res[i].draws > 1 ? gsl_stats_sd(res[i].acc[v], 1, res[i].draws) : 0.0;
        }
        for (size_t d = 0; d < res[i].draws; d++, nd++) {
            double r[5] = {(double)res[i].n, (double)d, res[i].acc[0][d], res[i].acc[1][d], res[i].acc[2][d]};
            memcpy(draws + 5 * nd, r, sizeof r);
        }
    }
    int status = ae_write_table(c->out, "fewlabels.dat",
                                "test accuracy with n labelled training images: mean and sd over the draws",
                                "n frozen frozen_sd finetune finetune_sd random random_sd", rows, nn, 7);
    if (!status)
        status = ae_write_table(c->out, "fewlabels_draws.dat", "test accuracy of every draw",
                                "n draw frozen finetune random", draws, nd, 5);
    return status;
}

int main(int argc, char **argv)
{
    size_t holdout = 8, ndraws = 3;
    ae_cli_extra extra[] = {
        {.name = "holdout", .kind = AE_X_SIZE, .value = &holdout, .lo = 0, .hi = 9,
         .help = "the class the anomaly detector never sees"},
        {.name = "draws", .kind = AE_X_SIZE, .value = &ndraws, .lo = 1, .hi = 16,
         .help = "labelled subsets drawn for each n below 10000"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson11",
        .title = "applications: anomaly detection by reconstruction error, pretraining with few labels",
        .about = "1. Trains an AE 784-128-k-128-784 without the --holdout class and scores the test\n"
                 "   images by reconstruction error: ROC and AUC, against PCA-k.\n"
                 "2. Trains an AE on all training images (no labels), then a softmax head on its\n"
                 "   encoder with n = 10 100 1000 10000 labelled images (frozen or fine-tuned),\n"
                 "   against the same network from a random start.\n"
                 "--quick: 10,000 training and 2,000 test images, 1 epoch, n = 10 and 100, 1 draw.\n"
                 "About 40 s by default. BOOK.md chapter 11.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_LATENT | AE_FLAG_DATA |
                AE_FLAG_DATA_DIR | AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 3, .batch = 128, .lr = 2e-3, .seed = 42, .latent = 32, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/11-applications", .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = 1;
    if (c.quick && !extra[1].given)
        ndraws = QUICK_DRAWS;
    if (c.latent > HIDDEN)
        ae_die(c.prog, "--latent: %zu is more than the %d hidden units before the code", c.latent, HIDDEN);
    const size_t k = c.latent;

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (c.quick && train_set.n > QUICK_TRAIN)
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    if (c.quick && test.n > QUICK_TEST)
        ae_dataset_truncate(&test, QUICK_TEST);
    AE_ASSERT(train_set.classes <= MAX_CLASSES);
    const size_t D = train_set.dim;
    gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT), *draw = ae_rng_alloc(c.seed, AE_RNG_DATA),
            *shuffle = ae_rng_alloc(c.seed, AE_RNG_SHUFFLE);
    double *curve = calloc(2 * (size_t)c.epochs, sizeof *curve);
    AE_ASSERT(curve);

    /* -- part 1: anomaly detection, the held-out class against the rest -- */
    subset normal = {&train_set, malloc(train_set.n * sizeof(size_t)), 0};
    AE_ASSERT(normal.idx);
    for (size_t i = 0; i < train_set.n; i++)
        if (train_set.y[i] != holdout)
            normal.idx[normal.n++] = i;
    ae_progress(&c, "anomaly detection: %zu training images without class %zu (%s)", normal.n, holdout,
                ae_class_name(&train_set, holdout));
    const size_t max_rows = GSL_MAX(c.batch, EVAL_ROWS);
    ae_autoenc *det = autoenc_alloc(D, k, max_rows, init);
    autoenc_train(det, &c, &normal, "AE without the held-out class", curve);
    ae_pca *p = pca_fit(&normal);
    ae_check(c.prog, ae_pca_solve(p));

    double *s_ae = malloc(test.n * sizeof *s_ae), *s_pca = malloc(test.n * sizeof *s_pca);
    uint8_t *positive = malloc(test.n);
    AE_ASSERT(s_ae && s_pca && positive);
    size_t npos = 0;
    for (size_t i = 0; i < test.n; i++)
        npos += positive[i] = test.y[i] == holdout;
    if (npos == 0 || npos == test.n)
        ae_die(c.prog, "--holdout: class %zu has %zu of the %zu test images; ROC needs both kinds", holdout, npos,
               test.n);
    anomaly_scores(s_ae, s_pca, det, p, &test, k);
    double auc[3] = {(double)holdout, ex11_auc(s_ae, positive, test.n), ex11_auc(s_pca, positive, test.n)};
    ae_progress(&c, "held-out class %zu (%s): AUC %.4f by the AE's reconstruction error, %.4f by PCA-%zu's",
                holdout, ae_class_name(&test, holdout), auc[1], auc[2], k);

    /* -- part 2: pretraining, then few labels -- */
    subset all = {&train_set, malloc(train_set.n * sizeof(size_t)), train_set.n};
    AE_ASSERT(all.idx);
    for (size_t i = 0; i < train_set.n; i++)
        all.idx[i] = i;
    ae_autoenc *pre = autoenc_alloc(D, k, max_rows, init);
    autoenc_train(pre, &c, &all, "AE on all training images (no labels)", curve + c.epochs);

    ae_net *tuned = encoder_alloc(D, k, max_rows), *scratch = encoder_alloc(D, k, max_rows);
    classifier clf[3] = {classifier_alloc(pre->enc, train_set.classes, 1),
                         classifier_alloc(tuned, train_set.classes, 0),
                         classifier_alloc(scratch, train_set.classes, 0)};
    ae_net_init(scratch, init, 1.0);   /* checked from a random start, whatever --lr did to the AE */
    ae_dense_init(clf[2].head, init, 1.0);
    double err = gradient_check(&clf[2], &train_set);
    ae_progress(&c, "gradient check of the classifier (head and encoder): max relative error %.2g (tolerance %.0e)",
                err, AE_GC_TOL_MODEL);
    if (!(err <= AE_GC_TOL_MODEL)) {
        fprintf(stderr, "%s: the classifier's backward pass disagrees with finite differences: "
                        "finish exercise 11.3 in lessons/11-applications/exercises.c (make grade)\n", c.prog);
        return 1;
    }

    class_index ci = class_index_alloc(&train_set);
    size_t nn = c.quick ? QUICK_NN : NN;
    while (nn > 0 && NLABELS[nn - 1] > train_set.n)
        nn--;
    fewlabels_row res[NN];
    subset labelled = {&train_set, malloc(NLABELS[nn - 1] * sizeof(size_t)), 0};
    AE_ASSERT(labelled.idx);
    for (size_t i = 0; i < nn; i++) {
        res[i].n = NLABELS[i];
        res[i].draws = NLABELS[i] >= 10000 ? 1 : ndraws;
        for (size_t d = 0; d < res[i].draws; d++) {
            draw_labelled(&labelled, &ci, NLABELS[i], draw);
            net_copy(tuned, pre->enc);
            ae_net_init(scratch, init, 1.0);
            for (size_t v = 0; v < 3; v++) {
                ae_dense_init(clf[v].head, init, 1.0);
                classifier_train(&clf[v], &c, &labelled, c.quick ? QUICK_CLF_STEPS : CLF_STEPS, shuffle);
                res[i].acc[v][d] = classifier_accuracy(&clf[v], &test);
            }
            ae_progress(&c, "n = %zu labels, draw %zu/%zu: test accuracy %.1f%% %s, %.1f%% %s, %.1f%% %s",
                        NLABELS[i], d + 1, res[i].draws, 100 * res[i].acc[0][d], VARIANT[0],
                        100 * res[i].acc[1][d], VARIANT[1], 100 * res[i].acc[2][d], VARIANT[2]);
        }
    }

    /* -- outputs -- */
    ae_check(c.prog, ae_write_table(c.out, "auc.dat", "area under the ROC curve: held-out class vs the rest",
                                    "holdout ae pca", auc, 1, 3));
    ae_check(c.prog, write_roc(&c, "roc_ae.dat", "ROC of the AE's reconstruction error", s_ae, positive, test.n));
    ae_check(c.prog, write_roc(&c, "roc_pca.dat", "ROC of PCA's reconstruction error", s_pca, positive, test.n));
    ae_check(c.prog, write_classes(&c, &test));
    ae_check(c.prog, write_class_error(&c, s_ae, s_pca, &test));
    ae_check(c.prog, write_histograms(&c, s_ae, positive, test.n));
    ae_check(c.prog, write_extremes(&c, det, s_ae, &test));
    ae_check(c.prog, write_fewlabels(&c, res, nn));
    double *rows = malloc((size_t)c.epochs * 3 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < c.epochs; e++) {
        double r[3] = {e + 1, curve[e], curve[c.epochs + e]};
        memcpy(rows + 3 * e, r, sizeof r);
    }
    ae_check(c.prog, ae_write_table(c.out, "loss.dat", "per epoch: training BCE per pixel of the two AEs",
                                    "epoch detector pretrain", rows, (size_t)c.epochs, 3));
    free(rows);

    printf("lesson11 applications: data %s holdout %zu auc_ae %.4f auc_pca %.4f", c.data, holdout, auc[1], auc[2]);
    for (size_t i = 0; i < nn; i++)
        printf(" n%zu %.3f/%.3f/%.3f", res[i].n, gsl_stats_mean(res[i].acc[0], 1, res[i].draws),
               gsl_stats_mean(res[i].acc[1], 1, res[i].draws), gsl_stats_mean(res[i].acc[2], 1, res[i].draws));
    printf(" (frozen/fine-tuned/random) gradcheck %.1e epochs %d time %.1fs\n", err, c.epochs, ae_seconds() - c.t0);

    for (size_t v = 0; v < 3; v++)
        classifier_free(&clf[v]);
    class_index_free(&ci);
    ae_net_free(tuned);
    ae_net_free(scratch);
    ae_autoenc_free(det);
    ae_autoenc_free(pre);
    ae_pca_free(p);
    free(labelled.idx);
    free(normal.idx);
    free(all.idx);
    free(s_ae);
    free(s_pca);
    free(positive);
    free(curve);
    gsl_rng_free(init);
    gsl_rng_free(draw);
    gsl_rng_free(shuffle);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
