/* classifier — the judge of generated images (classifier.h). */
#include "classifier.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "batch.h"
#include "err.h"
#include "loss.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"

enum { EVAL_ROWS = 500 };   /* rows of a forward pass when judging or scoring */

static size_t classes_of(const ae_net *net)
{
    return net->sizes[net->nlayers];
}

double ae_classifier_accuracy(ae_net *net, const ae_dataset *ds)
{
    const size_t C = classes_of(net);
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, ds->dim), *P = gsl_matrix_alloc(EVAL_ROWS, C);
    uint8_t y[EVAL_ROWS];
    size_t correct = 0;
    for (size_t first = 0; first < ds->n; first += EVAL_ROWS) {
        size_t n = ds->n - first < EVAL_ROWS ? ds->n - first : EVAL_ROWS;
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, n, ds->dim);
        gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, n, C);
        ae_batch_range(&Xb.matrix, y, ds, first, n);
        ae_loss_softmax_ce(NULL, &Pb.matrix, ae_net_forward(net, &Xb.matrix), y);
        correct += ae_count_correct(&Pb.matrix, y);
    }
    gsl_matrix_free(X);
    gsl_matrix_free(P);
    return (double)correct / (double)ds->n;
}

ae_net *ae_classifier_train(const ae_cli *c, const ae_dataset *train, const ae_dataset *test,
                            const ae_classifier_plan *p, double *curve)
{
    AE_ASSERT(p->classes <= AE_CLASSIFIER_MAX_CLASSES && p->batch <= EVAL_ROWS);
    const size_t sizes[] = {train->dim, p->hidden, p->classes};
    const ae_act f[] = {AE_RELU, AE_IDENTITY};
    ae_net *net = ae_net_alloc(2, sizes, f, EVAL_ROWS);
    gsl_rng *init = ae_rng_alloc(c->seed + 1, AE_RNG_INIT), *shuffle = ae_rng_alloc(c->seed + 1, AE_RNG_SHUFFLE);
    ae_net_init(net, init, 1.0);
    ae_optim *opt = ae_optim_alloc(AE_ADAM, p->lr);
    ae_net_add_params(net, opt);
    gsl_matrix *X = gsl_matrix_alloc(p->batch, train->dim), *P = gsl_matrix_alloc(p->batch, p->classes);
    gsl_matrix *dA = gsl_matrix_alloc(p->batch, p->classes);
    uint8_t y[EVAL_ROWS];
    ae_batcher *batches = ae_batcher_alloc(train->n, p->batch);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= p->epochs; epoch++) {   /* zero grad, forward, softmax CE, backward, step */
        const size_t *idx;
        double sum = 0.0;
        ae_batcher_epoch(batches, shuffle);
        for (size_t rows, b = 1; (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, train->dim);
            gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, rows, p->classes);
            gsl_matrix_view dAb = gsl_matrix_submatrix(dA, 0, 0, rows, p->classes);
            ae_batch_fill(&Xb.matrix, y, train, idx, rows);
            ae_optim_zero_grad(opt);
            double loss = ae_loss_softmax_ce(&dAb.matrix, &Pb.matrix, ae_net_forward(net, &Xb.matrix), y);
            ae_check_loss(c, &watch, loss, epoch, b);
            ae_net_backward(net, &dAb.matrix, AE_SKIP_DX);
            ae_optim_step(opt);
            sum += loss * (double)rows;
        }
        if (curve) {
            curve[3 * (epoch - 1)] = epoch;
            curve[3 * (epoch - 1) + 1] = sum / (double)train->n;
            curve[3 * (epoch - 1) + 2] = ae_classifier_accuracy(net, test);
        }
    }
    ae_progress(c, "classifier %zu-%zu-%zu, %d epochs: test accuracy %.2f%%", train->dim, p->hidden, p->classes,
                p->epochs, 100 * (curve ? curve[3 * (p->epochs - 1) + 2] : ae_classifier_accuracy(net, test)));
    ae_batcher_free(batches);
    ae_optim_free(opt);
    gsl_matrix_free(X);
    gsl_matrix_free(P);
    gsl_matrix_free(dA);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    return net;
}

/* BOOK: classifier_verdicts */
/* The share of rows labelled with probability >= AE_CONFIDENT, the mean largest probability,
 * the entropy of the class histogram (log C nats when every class is equally common). */
void ae_classifier_judge(ae_verdicts *v, ae_net *net, const gsl_matrix *S, size_t show, size_t *shown_class,
                         double *shown_p)
{
    const size_t n = S->size1, C = classes_of(net);
    gsl_matrix *P = gsl_matrix_alloc(EVAL_ROWS, C);
    uint8_t y[EVAL_ROWS] = {0};
    double count[AE_CLASSIFIER_MAX_CLASSES] = {0};
    *v = (ae_verdicts){0};
    for (size_t first = 0; first < n; first += EVAL_ROWS) {
        size_t rows = n - first < EVAL_ROWS ? n - first : EVAL_ROWS;
        gsl_matrix_const_view X = gsl_matrix_const_submatrix(S, first, 0, rows, S->size2);
        gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, rows, C);
        ae_loss_softmax_ce(NULL, &Pb.matrix, ae_net_forward(net, &X.matrix), y);   /* p = softmax */
        for (size_t i = 0; i < rows; i++) {
            gsl_vector_view p = gsl_matrix_row(&Pb.matrix, i);
            size_t k = gsl_vector_max_index(&p.vector);
            double pk = gsl_vector_get(&p.vector, k);
            count[k] += 1.0;
            v->maxp += pk / (double)n;
            v->confident += (pk >= AE_CONFIDENT) / (double)n;
            if (first + i < show) {
                shown_class[first + i] = k;
                shown_p[first + i] = pk;
            }
        }
    }
    for (size_t k = 0; k < C; k++) {
        v->hist[k] = count[k] / (double)n;
        if (v->hist[k] > 0)
            v->entropy -= v->hist[k] * log(v->hist[k]);   /* H = -sum_k q_k log q_k */
    }
    gsl_matrix_free(P);
}
/* END BOOK */
