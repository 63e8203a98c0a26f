/* student — in the student tree, the library's graded functions are the student's
 * exercises (lib/student.h says why). Each student_* function checks its exercise on a
 * small case the first time it runs, then calls it for the library. This file: the check,
 * and the dense network's parts (exercises 0.1-0.3, 2.1, 2.2, 10.1); student_models.c:
 * the other models' (1.1, 3.1, 3.2, 4.1, 7.1, 7.2, 8.2); student_dropout.c: the dropout
 * layer (4.3).
 *
 * The instructor tree compiles none of this: there libae computes these functions itself.
 * lib/student*.c are the only lib/ files that include lessons' exercises.h, for their
 * prototypes (tests/layout.sh allows them and nothing else).
 */
#ifndef SOLUTION
#include "student.h"
#include "student_case.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "act.h"
#include "gradcheck.h"
#include "loss.h"
#include "rng.h"
#include "../lessons/00-backprop/exercises.h"
#include "../lessons/02-deep/exercises.h"
#include "../lessons/10-compression/exercises.h"

/* ---- the check, once per exercise ---- */

/* Stop the program unless err (a relative error; NaN fails) is within CHECK_TOL. */
void student_verdict(exercise *e, double err)
{
    if (err <= CHECK_TOL) {
        atomic_store(&e->passed, 1);
        return;
    }
    fprintf(stderr, "libae: %s runs your exercise %s (%s), which is not finished yet "
                    "(relative error %.2g on a small test case): finish exercise %s first "
                    "(make grade shows what is wrong)\n", e->function, e->exercise, e->file, err,
            e->exercise);
    exit(1);
}

int student_unchecked(exercise *e)
{
    return !atomic_load(&e->passed);
}

/* ---- small random cases ---- */

gsl_rng *student_case_rng(void)
{
    return ae_rng_alloc(20261202, AE_RNG_DATA);
}

gsl_matrix *student_random(size_t rows, size_t cols, double lo, double hi, gsl_rng *r)
{
    gsl_matrix *m = gsl_matrix_alloc(rows, cols);
    for (size_t i = 0; i < rows * cols; i++)
        m->data[i] = lo + (hi - lo) * gsl_rng_uniform(r);
    return m;
}

double student_dot(const gsl_matrix *A, const gsl_matrix *B)   /* sum_ij A_ij B_ij */
{
    double s = 0.0;
    for (size_t i = 0; i < A->size1 * A->size2; i++)
        s += A->data[i] * B->data[i];
    return s;
}

double student_worse(double a, double b)   /* the larger, NaN if either is */
{
    return (isnan(a) || isnan(b)) ? NAN : fmax(a, b);
}

/* The error of grad (same shape as theta) against central differences of f(ctx). */
double student_fd_error(ae_gc_fn f, void *ctx, gsl_matrix *theta, const gsl_matrix *grad)
{
    return ae_gradcheck(f, ctx, theta->data, grad->data, theta->size1 * theta->size2, AE_GC_STEP).rel_err;
}

/* ---- 0.1: the dense layer's backward pass ---- */

static exercise ex_dense = { "ae_dense_backward", "0.1", "lessons/00-backprop/exercises.c", 0 };

typedef struct {
    ae_dense *L;
    gsl_matrix *X, *Y, *G;
} dense_case;

static double dense_loss(void *ctx)   /* sum G * (X W^T + b) */
{
    dense_case *c = ctx;
    ae_dense_forward(c->Y, c->X, c->L);
    return student_dot(c->G, c->Y);
}

static void check_dense(void)
{
    gsl_rng *r = student_case_rng();
    dense_case c = { ae_dense_alloc(3, 2), student_random(4, 3, -1, 1, r), gsl_matrix_alloc(4, 2),
                     student_random(4, 2, -1, 1, r) };
    ae_dense_init(c.L, r, 1.0);
    gsl_vector_set(c.L->b, 0, 0.3);
    gsl_matrix *dX = gsl_matrix_alloc(4, 3);
    gsl_matrix_view db = gsl_matrix_view_vector(c.L->db, 1, 2), b = gsl_matrix_view_vector(c.L->b, 1, 2);
    ae_dense_zero_grad(c.L);
    ex00_dense_backward(dX, c.L, c.G, c.X);
    double err = student_worse(student_fd_error(dense_loss, &c, c.X, dX), student_fd_error(dense_loss, &c, c.L->W, c.L->dW));
    student_verdict(&ex_dense, student_worse(err, student_fd_error(dense_loss, &c, &b.matrix, &db.matrix)));
    ae_dense_free(c.L);
    gsl_matrix_free(c.X), gsl_matrix_free(c.Y), gsl_matrix_free(c.G), gsl_matrix_free(dX);
    gsl_rng_free(r);
}

void student_dense_backward(gsl_matrix *dX, ae_dense *L, const gsl_matrix *dY, const gsl_matrix *X)
{
    if (student_unchecked(&ex_dense))
        check_dense();
    ex00_dense_backward(dX, L, dY, X);
}

/* ---- 0.2 and 10.1: the ReLU's and tanh's backward passes, in place ---- */

static exercise ex_relu = { "ae_act_backward (relu)", "0.2", "lessons/00-backprop/exercises.c", 0 };
static exercise ex_tanh = { "ae_act_backward (tanh)", "10.1", "lessons/10-compression/exercises.c", 0 };

typedef struct {
    ae_act f;
    gsl_matrix *X, *Y, *G;
} act_case;

static double act_loss(void *ctx)   /* sum G * f(X) */
{
    act_case *c = ctx;
    ae_act_forward(c->f, c->Y, c->X);
    return student_dot(c->G, c->Y);
}

static void check_act(exercise *e, ae_act f, void (*backward)(gsl_matrix *dH, const gsl_matrix *H))
{
    gsl_rng *r = student_case_rng();
    act_case c = { f, student_random(3, 5, 0.2, 1.0, r), gsl_matrix_alloc(3, 5), student_random(3, 5, -1, 1, r) };
    for (size_t i = 0; i < 15; i += 2)   /* half the inputs negative, none near 0 */
        c.X->data[i] = -c.X->data[i];
    gsl_matrix *d = gsl_matrix_alloc(3, 5);
    ae_act_forward(f, c.Y, c.X);
    gsl_matrix_memcpy(d, c.G);
    backward(d, c.Y);
    student_verdict(e, student_fd_error(act_loss, &c, c.X, d));
    gsl_matrix_free(c.X), gsl_matrix_free(c.Y), gsl_matrix_free(c.G), gsl_matrix_free(d);
    gsl_rng_free(r);
}

/* One row d (in place) through the exercise `backward`, checked once against f. */
static void act_row(exercise *e, ae_act f, void (*backward)(gsl_matrix *dH, const gsl_matrix *H),
                    double *d, const double *y, size_t n)
{
    if (student_unchecked(e))
        check_act(e, f, backward);
    gsl_matrix_view dm = gsl_matrix_view_array(d, 1, n);
    gsl_matrix_const_view ym = gsl_matrix_const_view_array(y, 1, n);
    backward(&dm.matrix, &ym.matrix);
}

void student_relu_backward(double *d, const double *y, size_t n)
{
    act_row(&ex_relu, AE_RELU, ex00_relu_backward, d, y, n);
}

void student_tanh_backward(double *d, const double *y, size_t n)
{
    act_row(&ex_tanh, AE_TANH, ex10_tanh_backward, d, y, n);
}

/* ---- 0.3: softmax cross-entropy's gradient ---- */

static exercise ex_softmax = { "ae_loss_softmax_ce", "0.3", "lessons/00-backprop/exercises.c", 0 };

typedef struct {
    gsl_matrix *F, *P;
    uint8_t y[3];
} softmax_case;

static double softmax_loss(void *ctx)
{
    softmax_case *c = ctx;
    return ae_loss_softmax_ce(NULL, c->P, c->F, c->y);   /* the loss alone calls no exercise */
}

static void check_softmax(void)
{
    gsl_rng *r = student_case_rng();
    softmax_case c = { student_random(3, 4, -2, 2, r), gsl_matrix_alloc(3, 4), { 2, 0, 3 } };
    gsl_matrix *dF = gsl_matrix_alloc(3, 4);
    softmax_loss(&c);
    ex00_softmax_ce_grad(dF, c.P, c.y);
    student_verdict(&ex_softmax, student_fd_error(softmax_loss, &c, c.F, dF));
    gsl_matrix_free(c.F), gsl_matrix_free(c.P), gsl_matrix_free(dF);
    gsl_rng_free(r);
}

void student_softmax_ce_grad(gsl_matrix *dA, const gsl_matrix *P, const uint8_t *y)
{
    if (student_unchecked(&ex_softmax))
        check_softmax();
    ex00_softmax_ce_grad(dA, P, y);
}

/* ---- 2.1: binary cross-entropy from the logits ---- */

static exercise ex_bce = { "ae_loss_bce_logits", "2.1", "lessons/02-deep/exercises.c", 0 };

typedef struct {
    gsl_matrix *A, *X;
} bce_case;

static double bce_loss(void *ctx)   /* 1/B sum_bi softplus(a_bi) - x_bi a_bi, the book's (2.2) */
{
    bce_case *c = ctx;
    double s = 0.0;
    for (size_t i = 0; i < c->A->size1 * c->A->size2; i++)
        s += ae_softplus(c->A->data[i]) - c->X->data[i] * c->A->data[i];
    return s / (double)c->A->size1;
}

static void check_bce(void)
{
    gsl_rng *r = student_case_rng();
    bce_case c = { student_random(3, 4, -3, 3, r), student_random(3, 4, 0, 1, r) };
    gsl_matrix *dA = gsl_matrix_alloc(3, 4);
    double loss = ex02_bce_logits(dA, c.A, c.X), want = bce_loss(&c);
    student_verdict(&ex_bce, student_worse(fabs(loss - want) / fabs(want), student_fd_error(bce_loss, &c, c.A, dA)));
    gsl_matrix_free(c.A), gsl_matrix_free(c.X), gsl_matrix_free(dA);
    gsl_rng_free(r);
}

double student_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
    if (student_unchecked(&ex_bce))
        check_bce();
    return ex02_bce_logits(dA, A, X);
}

/* ---- 2.2: a stack of dense layers' backward pass ---- */

static exercise ex_net = { "ae_net_backward", "2.2", "lessons/02-deep/exercises.c", 0 };

typedef struct {
    ae_net *net;
    gsl_matrix *X, *G;
} net_case;

static double net_loss(void *ctx)   /* sum G * net(X) */
{
    net_case *c = ctx;
    const gsl_matrix *Y = ae_net_forward(c->net, c->X);
    double s = 0.0;
    for (size_t b = 0; b < Y->size1; b++)
        for (size_t j = 0; j < Y->size2; j++)
            s += gsl_matrix_get(c->G, b, j) * gsl_matrix_get(Y, b, j);
    return s;
}

/* sigmoid and identity: activations that are no one's exercise */
static void check_net(void)
{
    gsl_rng *r = student_case_rng();
    const size_t sizes[] = { 3, 4, 2 };
    const ae_act f[] = { AE_SIGMOID, AE_IDENTITY };
    net_case c = { ae_net_alloc(2, sizes, f, 4), student_random(4, 3, -1, 1, r), student_random(4, 2, -1, 1, r) };
    ae_net_init(c.net, r, 1.0);
    net_loss(&c);
    ae_net_zero_grad(c.net);
    gsl_matrix *dX = gsl_matrix_alloc(4, 3);
    const gsl_matrix *dx = ex02_net_backward(c.net, c.G, AE_WANT_DX);
    double err = dx ? 0.0 : NAN;
    if (dx)
        gsl_matrix_memcpy(dX, dx);
    err = student_worse(err, student_fd_error(net_loss, &c, c.X, dX));
    err = student_worse(err, student_fd_error(net_loss, &c, c.net->layer[0]->W, c.net->layer[0]->dW));
    student_verdict(&ex_net, student_worse(err, student_fd_error(net_loss, &c, c.net->layer[1]->W, c.net->layer[1]->dW)));
    ae_net_free(c.net);
    gsl_matrix_free(c.X), gsl_matrix_free(c.G), gsl_matrix_free(dX);
    gsl_rng_free(r);
}

const gsl_matrix *student_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX)
{
    if (student_unchecked(&ex_net))
        check_net();
    return ex02_net_backward(net, dY, want_dX);
}

const gsl_matrix *student_net_backward_input(ae_net *net, const gsl_matrix *dY)
{
    gsl_matrix *dW[AE_NET_MAX_LAYERS];
    gsl_vector *db[AE_NET_MAX_LAYERS];
    for (size_t i = 0; i < net->nlayers; i++) {
        dW[i] = gsl_matrix_alloc(net->layer[i]->dW->size1, net->layer[i]->dW->size2);
        db[i] = gsl_vector_alloc(net->layer[i]->db->size);
        gsl_matrix_memcpy(dW[i], net->layer[i]->dW);
        gsl_vector_memcpy(db[i], net->layer[i]->db);
    }
    const gsl_matrix *dX = student_net_backward(net, dY, AE_WANT_DX);
    for (size_t i = 0; i < net->nlayers; i++) {
        gsl_matrix_memcpy(net->layer[i]->dW, dW[i]);
        gsl_vector_memcpy(net->layer[i]->db, db[i]);
        gsl_matrix_free(dW[i]);
        gsl_vector_free(db[i]);
    }
    return dX;
}

#endif /* !SOLUTION */
