/* Lesson 11, part 2: pretraining, then few labels. See fewlabels.h. */
#include <stdlib.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "batch.h"
#include "err.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

#include "fewlabels.h"

#define CLF_BATCH 50   /* labelled images per step (all of them when n is smaller) */
#define CLF_LR 2e-3

static const char *const VARIANT[3] = {"pretrained, frozen", "pretrained, fine-tuned", "random init"};

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

/* ---- the classifiers' training ---- */

/* `steps` Adam steps on the labelled images (minibatches of CLF_BATCH, reshuffled each pass). */
void train_classifier(classifier *m, const ae_cli *c, const subset *labelled, size_t steps, gsl_rng *shuffle)
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
    ae_loss_watch watch = {0};
    for (size_t step = 1; step <= steps; step++) {
        if (rows == 0 || (rows = ae_batcher_next(batches, &pos)) == 0) {   /* a new pass */
            ae_batcher_epoch(batches, shuffle);
            rows = ae_batcher_next(batches, &pos);
        }
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, X->size2);
        subset_fill(&Xb.matrix, y, labelled, pos, rows, map);
        ae_optim_zero_grad(opt);
        ae_check_loss(c, &watch, classifier_forward(m, &Xb.matrix, y), 1, step);   /* (11.4) */
        classifier_backward(m, y);
        ae_optim_step(opt);
    }
    ae_batcher_free(batches);
    gsl_matrix_free(X);
    ae_optim_free(opt);
}

void few_labels(fewlabels_row *res, size_t nn, classifier clf[3], const ae_net *pretrained, size_t steps,
                const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test, gsl_rng *init)
{
    AE_ASSERT(nn > 0);
    gsl_rng *draw = ae_rng_alloc(c->seed, AE_RNG_DATA), *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    class_index ci = class_index_alloc(train_set);
    subset labelled = subset_alloc(train_set, res[nn - 1].n);
    for (size_t i = 0; i < nn; i++)
        for (size_t d = 0; d < res[i].draws; d++) {
            draw_labelled(&labelled, &ci, res[i].n, draw);
            ae_net_copy(clf[FINETUNED].enc, pretrained);
            ae_net_init(clf[RANDOM].enc, init, 1.0);
            for (size_t v = 0; v < 3; v++) {
                ae_dense_init(clf[v].head, init, 1.0);
                train_classifier(&clf[v], c, &labelled, steps, shuffle);
                res[i].acc[v][d] = classifier_accuracy(&clf[v], test);
            }
            ae_progress(c, "n = %zu labels, draw %zu/%zu: test accuracy %.1f%% %s, %.1f%% %s, %.1f%% %s",
                        res[i].n, d + 1, res[i].draws, 100 * res[i].acc[0][d], VARIANT[0],
                        100 * res[i].acc[1][d], VARIANT[1], 100 * res[i].acc[2][d], VARIANT[2]);
        }
    subset_free(&labelled);
    class_index_free(&ci);
    gsl_rng_free(draw);
    gsl_rng_free(shuffle);
}
