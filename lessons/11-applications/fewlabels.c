/* Lesson 11, parts 2 and 3: pretraining, then few labels. See fewlabels.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>

#include "batch.h"
#include "err.h"
#include "optim.h"
#include "par.h"
#include "progress.h"
#include "rng.h"

#include "fewlabels.h"

/* ---- the labelled images ---- */

label_pool label_pool_alloc(const ae_dataset *train_set, size_t val_per_class, gsl_rng *draw)
{
    label_pool p = {.val = subset_alloc(train_set, val_per_class * train_set->classes), .classes = train_set->classes};
    size_t *all[MAX_CLASSES], n_all[MAX_CLASSES] = {0};
    for (size_t k = 0; k < p.classes; k++) {
        all[k] = malloc(train_set->n * sizeof(size_t));
        p.by_class[k] = malloc(train_set->n * sizeof(size_t));
        AE_ASSERT(all[k] && p.by_class[k]);
    }
    for (size_t i = 0; i < train_set->n; i++)
        all[train_set->y[i]][n_all[train_set->y[i]]++] = i;
    for (size_t k = 0; k < p.classes; k++) {   /* val_per_class of class k for validation, the rest to draw from */
        AE_ASSERT(n_all[k] > val_per_class);
        gsl_ran_shuffle(draw, all[k], n_all[k], sizeof(size_t));
        memcpy(p.val.idx + p.val.n, all[k], val_per_class * sizeof(size_t));
        p.val.n += val_per_class;
        p.count[k] = n_all[k] - val_per_class;
        memcpy(p.by_class[k], all[k] + val_per_class, p.count[k] * sizeof(size_t));
        free(all[k]);
    }
    return p;
}

void label_pool_free(label_pool *p)
{
    subset_free(&p->val);
    for (size_t k = 0; k < p->classes; k++)
        free(p->by_class[k]);
}

/* n / classes images of each class, drawn without replacement (sub->idx has room for n). */
static void draw_labelled(subset *sub, const label_pool *p, size_t n, gsl_rng *r)
{
    size_t per = n / p->classes;
    sub->n = 0;
    for (size_t k = 0; k < p->classes; k++) {
        AE_ASSERT(per <= p->count[k]);
        gsl_ran_choose(r, sub->idx + sub->n, per, p->by_class[k], p->count[k], sizeof(size_t));
        sub->n += per;
    }
}

/* ---- training with early stopping ---- */

/* The weights of the best round so far: the head's, and the encoder's when it trains. */
typedef struct {
    ae_net *enc;
    ae_dense *head;
} snapshot;

static void snapshot_take(snapshot *s, const classifier *m)
{
    if (s->enc)
        ae_net_copy(s->enc, m->enc);
    gsl_matrix_memcpy(s->head->W, m->head->W);
    gsl_vector_memcpy(s->head->b, m->head->b);
}

static void snapshot_restore(classifier *m, const snapshot *s)
{
    if (s->enc)
        ae_net_copy(m->enc, s->enc);
    gsl_matrix_memcpy(m->head->W, s->head->W);
    gsl_vector_memcpy(m->head->b, s->head->b);
}

/* BOOK: train_classifier */
/* Trains m on the labelled images by s; returns the epoch of its best validation accuracy. */
double train_classifier(classifier *m, const ae_cli *c, const subset *labelled, const subset *val,
                               const schedule *s, gsl_rng *shuffle)
{
    ae_optim *opt = ae_optim_alloc(s->kind, s->lr);
    if (!m->frozen)
        ae_net_add_params(m->enc, opt);
    ae_dense_add_params(m->head, opt);
    snapshot best = {m->frozen ? NULL : ae_net_alloc(m->enc->nlayers, m->enc->sizes, m->enc->f, 1),
                     ae_dense_alloc(m->head->in, m->head->out)};
    const size_t B = GSL_MIN(s->batch, labelled->n), per_round = GSL_MAX(labelled->n, s->round_images);
    gsl_matrix *X = gsl_matrix_alloc(B, labelled->ds->dim);
    uint8_t *y = malloc(B);
    size_t *map = malloc(B * sizeof *map);
    AE_ASSERT(y && map);
    ae_batcher *batches = ae_batcher_alloc(labelled->n, B);
    ae_loss_watch watch = {0};
    double best_acc = -1.0, best_epoch = 0.0;
    size_t seen = 0, step = 0;
    for (size_t round = 1, since_best = 0; round <= s->max_rounds && since_best < s->patience; round++) {
        for (size_t images = 0; images < per_round; ) {   /* one round: passes over the labelled images */
            ae_batcher_epoch(batches, shuffle);
            const size_t *pos;
            size_t rows;
            while (images < per_round && (rows = ae_batcher_next(batches, &pos)) > 0) {
                gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, X->size2);
                subset_fill(&Xb.matrix, y, labelled, pos, rows, map);
                ae_optim_zero_grad(opt);
                ae_check_loss(c, &watch, classifier_forward(m, &Xb.matrix, y), (int)round, ++step);   /* (11.4) */
                classifier_backward(m, y);
                ae_optim_step(opt);
                images += rows;
                seen += rows;
            }
        }
        double acc = classifier_accuracy(m, val->ds, val->idx, val->n);   /* early stopping */
        if (acc > best_acc) {
            best_acc = acc;
            best_epoch = (double)seen / (double)labelled->n;
            snapshot_take(&best, m);
            since_best = 0;
        } else {
            since_best++;
        }
    }
    snapshot_restore(m, &best);
    ae_net_free(best.enc);
    ae_dense_free(best.head);
    ae_batcher_free(batches);
    gsl_matrix_free(X);
    free(y);
    free(map);
    ae_optim_free(opt);
    return best_epoch;
}
/* END BOOK */

void few_labels(fewlabels_row *res, size_t nn, const variant *v, size_t nv, const ae_cli *c,
                const label_pool *pool, const ae_dataset *test, size_t test_n, gsl_rng *init, gsl_rng *draw,
                const char *const *names)
{
    AE_ASSERT(nn > 0 && nv <= MAX_VARIANTS);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    size_t most = 0;
    for (size_t i = 0; i < nn; i++)
        most = GSL_MAX(most, res[i].n);
    subset labelled = subset_alloc(pool->val.ds, most);
    for (size_t i = 0; i < nn; i++)
        for (size_t d = 0; d < res[i].draws; d++) {
            draw_labelled(&labelled, pool, res[i].n, draw);
            char line[256];
            size_t len = 0;
            for (size_t j = 0; j < nv; j++) {
                classifier *m = v[j].clf;
                if (v[j].start)
                    ae_net_copy(m->enc, v[j].start);
                else if (!m->frozen)
                    ae_net_init(m->enc, init, 1.0);
                ae_dense_init(m->head, init, 1.0);
                res[i].epochs[j][d] = train_classifier(m, c, &labelled, &pool->val, v[j].s, shuffle);
                res[i].acc[j][d] = classifier_accuracy(m, test, NULL, test_n);
                len += (size_t)snprintf(line + len, sizeof line - GSL_MIN(len, sizeof line), "%s%s %.1f%%",
                                        j ? ", " : "", names[j], 100 * res[i].acc[j][d]);
            }
            ae_progress(c, "n = %zu labels, draw %zu/%zu: test accuracy %s", res[i].n, d + 1, res[i].draws, line);
        }
    subset_free(&labelled);
    gsl_rng_free(shuffle);
}

typedef struct {
    const fewlabels_job *jobs;
    const ae_cli *c;
    const label_pool *pool;
    const ae_dataset *test;
    size_t test_n;
} par_ctx;

static void run_job(void *ctx, size_t i)
{
    const par_ctx *p = ctx;
    const fewlabels_job *j = &p->jobs[i];
    if (j->before)
        j->before(j->arg);
    few_labels(j->res, j->nn, j->v, j->nv, p->c, p->pool, p->test, p->test_n, j->init, j->draw, j->names);
}

void few_labels_par(const fewlabels_job *jobs, size_t njobs, const ae_cli *c, const label_pool *pool,
                    const ae_dataset *test, size_t test_n)
{
    par_ctx p = {jobs, c, pool, test, test_n};
    ae_par_run(njobs, run_job, &p);
}

void fewlabels_join(fewlabels_row *into, const fewlabels_row *from, size_t nn, size_t first, size_t nv)
{
    AE_ASSERT(first + nv <= MAX_VARIANTS);
    for (size_t i = 0; i < nn; i++) {
        AE_ASSERT(into[i].n == from[i].n && into[i].draws == from[i].draws);
        for (size_t v = 0; v < nv; v++) {
            memcpy(into[i].acc[first + v], from[i].acc[v], sizeof from[i].acc[v]);
            memcpy(into[i].epochs[first + v], from[i].epochs[v], sizeof from[i].epochs[v]);
        }
    }
}

void mean_se(double *mean, double *se, const double *x, size_t n)
{
    *mean = gsl_stats_mean(x, 1, n);
    *se = n > 1 ? gsl_stats_sd(x, 1, n) / sqrt((double)n) : 0.0;
}

void gap_se(double *mean, double *se, const double *a, const double *b, size_t n)
{
    double d[MAX_DRAWS] = {0};
    AE_ASSERT(n <= MAX_DRAWS);
    for (size_t i = 0; i < n; i++)
        d[i] = a[i] - b[i];
    mean_se(mean, se, d, n);
}
