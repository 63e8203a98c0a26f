/* check_optim — SGD, momentum and Adam: first steps by hand, weight decay,
 * descent on least squares, and a tiny autoencoder trained with the layers. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "act.h"
#include "dense.h"
#include "loss.h"
#include "optim.h"
#include "par.h"
#include "rng.h"
#include "test.h"

START_TEST(t_defaults)
{
    ae_optim *o = ae_optim_alloc(AE_ADAM, 0.01);
    ck_assert_int_eq(o->kind, AE_ADAM);
    ck_assert_double_eq(o->lr, 0.01);
    ck_assert_double_eq(o->wd, 0.0);
    ck_assert_double_eq(o->mu, 0.9);
    ck_assert_double_eq(o->beta1, 0.9);
    ck_assert_double_eq(o->beta2, 0.999);
    ck_assert_double_eq(o->eps, 1e-8);
    ck_assert_uint_eq(o->t, 0);
    ck_assert_uint_eq(o->nblocks, 0);
    ae_optim_free(o);
    ae_optim_free(NULL);
}
END_TEST

/* f = 1/2 ||theta - c||^2, g = theta - c: theta1 = theta0 - lr (theta0 - c) */
START_TEST(t_sgd_step)
{
    double th[] = {1.0, -2.0, 0.5}, c[] = {0.3, 0.1, -1.0}, g[3], g0[3];
    for (size_t i = 0; i < 3; i++)
        g0[i] = g[i] = th[i] - c[i];
    gsl_vector_view theta = gsl_vector_view_array(th, 3), grad = gsl_vector_view_array(g, 3);
    ae_optim *o = ae_optim_alloc(AE_SGD, 0.1);
    ae_optim_add_vector(o, &theta.vector, &grad.vector, 1);
    ae_optim_step(o);
    const double want[] = {1.0 - 0.1 * 0.7, -2.0 - 0.1 * -2.1, 0.5 - 0.1 * 1.5};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_double_eq_tol(th[i], want[i], TOL_EXACT);
        ck_assert_double_eq(g[i], g0[i]); /* the gradient is left alone */
    }
    ck_assert_uint_eq(o->t, 1);
    ae_optim_free(o);
}
END_TEST

/* v1 = g1, theta1 = theta0 - lr g1;  v2 = mu g1 + g2, theta2 = theta1 - lr v2 */
START_TEST(t_momentum_steps)
{
    double th[] = {1.0, -1.0}, g[] = {0.5, 2.0};
    gsl_vector_view theta = gsl_vector_view_array(th, 2), grad = gsl_vector_view_array(g, 2);
    ae_optim *o = ae_optim_alloc(AE_MOMENTUM, 0.1);
    ae_optim_add_vector(o, &theta.vector, &grad.vector, 1);
    ae_optim_step(o);
    ck_assert_double_eq_tol(th[0], 0.95, TOL_EXACT);
    ck_assert_double_eq_tol(th[1], -1.2, TOL_EXACT);
    g[0] = -0.2;
    g[1] = 0.0;
    ae_optim_step(o);
    ck_assert_double_eq_tol(th[0], 0.95 - 0.1 * (0.9 * 0.5 - 0.2), TOL_EXACT); /* 0.925 */
    ck_assert_double_eq_tol(th[1], -1.2 - 0.1 * (0.9 * 2.0), TOL_EXACT);       /* -1.38 */
    ae_optim_free(o);
}
END_TEST

/* Step 1: m = 0.1 g, v = 0.001 g^2, mhat = g, vhat = g^2, so
 * theta1 = theta0 - lr g / (|g| + eps) = theta0 - lr sign(g) (1 - eps/|g|). */
START_TEST(t_adam_steps)
{
    double th[] = {1.0, -1.0}, g[] = {0.5, -3.0};
    const double lr = 0.01, eps = 1e-8;
    gsl_vector_view theta = gsl_vector_view_array(th, 2), grad = gsl_vector_view_array(g, 2);
    ae_optim *o = ae_optim_alloc(AE_ADAM, lr);
    ae_optim_add_vector(o, &theta.vector, &grad.vector, 1);
    ae_optim_step(o);
    double th1 = 1.0 - lr * 0.5 / (0.5 + eps);
    ck_assert_double_eq_tol(th[0], th1, TOL_EXACT);
    ck_assert_double_eq_tol(th[1], -1.0 + lr * 3.0 / (3.0 + eps), TOL_EXACT);
    ck_assert_double_eq_tol(th[0], 1.0 - lr, 1e-9); /* lr sign(g), nearly */
    /* step 2 with g = -0.2:  m = 0.9*0.05 + 0.1*(-0.2) = 0.025,
     * v = 0.999*0.00025 + 0.001*0.04 = 0.00028975,
     * mhat = 0.025 / (1 - 0.9^2), vhat = 0.00028975 / (1 - 0.999^2) */
    g[0] = -0.2;
    ae_optim_step(o);
    double mhat = 0.025 / 0.19, vhat = 0.00028975 / 0.001999;
    ck_assert_double_eq_tol(th[0], th1 - lr * mhat / (sqrt(vhat) + eps), TOL_EXACT);
    ck_assert_uint_eq(o->t, 2);
    ae_optim_free(o);
}
END_TEST

/* Weight decay adds wd theta to the gradient: for SGD the update changes by
 * lr wd theta on decayed blocks, and not at all on blocks registered with 0. */
START_TEST(t_weight_decay)
{
    const double lr = 0.1, wd = 0.05;
    const double w0[] = {1.0, -2.0, 3.0, 0.5, -0.25, 4.0}, b0[] = {2.0, -3.0};
    const double gw[] = {0.1, 0.2, -0.3, 0.4, 0.0, -0.6}, gb[] = {0.7, -0.8};
    double w[2][6], b[2][2], dw[2][6], db[2][2];
    ae_optim *o[2];
    for (size_t k = 0; k < 2; k++) {
        memcpy(w[k], w0, sizeof w0);
        memcpy(b[k], b0, sizeof b0);
        memcpy(dw[k], gw, sizeof gw);
        memcpy(db[k], gb, sizeof gb);
        o[k] = ae_optim_alloc(AE_SGD, lr);
        o[k]->wd = k == 0 ? 0.0 : wd;
        gsl_matrix_view W = gsl_matrix_view_array(w[k], 2, 3);
        gsl_matrix_view dW = gsl_matrix_view_array(dw[k], 2, 3);
        gsl_vector_view bv = gsl_vector_view_array(b[k], 2);
        gsl_vector_view dbv = gsl_vector_view_array(db[k], 2);
        ae_optim_add_matrix(o[k], &W.matrix, &dW.matrix, 1);
        ae_optim_add_vector(o[k], &bv.vector, &dbv.vector, 0);
        ae_optim_step(o[k]);
    }
    for (size_t i = 0; i < 6; i++) {
        ck_assert_double_eq_tol(w[0][i], w0[i] - lr * gw[i], TOL_EXACT);
        ck_assert_double_eq_tol(w[0][i] - w[1][i], lr * wd * w0[i], TOL_EXACT);
        ck_assert_double_eq(dw[1][i], gw[i]); /* the stored gradient is not changed */
    }
    for (size_t i = 0; i < 2; i++)
        ck_assert_double_eq(b[0][i], b[1][i]); /* no decay on the bias */
    /* penalty (wd/2) ||W||^2 over decayed blocks only, at the new W */
    double ss = 0.0;
    for (size_t i = 0; i < 6; i++)
        ss += w[1][i] * w[1][i];
    ck_assert_double_eq_tol(ae_optim_decay_penalty(o[1]), 0.5 * wd * ss, TOL_EXACT);
    ck_assert_double_eq(ae_optim_decay_penalty(o[0]), 0.0);
    ae_optim_free(o[0]);
    ae_optim_free(o[1]);
}
END_TEST

START_TEST(t_decay_penalty_value)
{
    double w[] = {1, 2, 3, 4}, dw[4] = {0}, b[] = {5, 6}, db[2] = {0};
    gsl_matrix_view W = gsl_matrix_view_array(w, 2, 2), dW = gsl_matrix_view_array(dw, 2, 2);
    gsl_vector_view bv = gsl_vector_view_array(b, 2), dbv = gsl_vector_view_array(db, 2);
    ae_optim *o = ae_optim_alloc(AE_ADAM, 0.1);
    o->wd = 0.1;
    ae_optim_add_matrix(o, &W.matrix, &dW.matrix, 1);
    ae_optim_add_vector(o, &bv.vector, &dbv.vector, 0);
    ck_assert_double_eq_tol(ae_optim_decay_penalty(o), 0.05 * 30, TOL_EXACT); /* b excluded */
    ae_optim_free(o);
}
END_TEST

START_TEST(t_zero_grad)
{
    gsl_matrix *W = gsl_matrix_alloc(3, 5), *dW = gsl_matrix_alloc(3, 5);
    gsl_vector *b = gsl_vector_alloc(3), *db = gsl_vector_alloc(3);
    gsl_matrix_set_all(W, 1.0);
    gsl_matrix_set_all(dW, 2.0);
    gsl_vector_set_all(b, 3.0);
    gsl_vector_set_all(db, 4.0);
    ae_optim *o = ae_optim_alloc(AE_MOMENTUM, 0.1);
    ae_optim_add_matrix(o, W, dW, 1);
    ae_optim_add_vector(o, b, db, 0);
    ae_optim_zero_grad(o);
    ck_assert(gsl_matrix_isnull(dW));
    ck_assert(gsl_vector_isnull(db));
    ck_assert_double_eq(gsl_matrix_get(W, 2, 4), 1.0);
    ck_assert_double_eq(gsl_vector_get(b, 2), 3.0);
    ae_optim_free(o);
    gsl_matrix_free(W);
    gsl_matrix_free(dW);
    gsl_vector_free(b);
    gsl_vector_free(db);
}
END_TEST

/* More blocks than the first allocation holds: every one is stepped. */
START_TEST(t_many_blocks)
{
    enum { NB = 37 };
    gsl_vector *th[NB], *g[NB];
    ae_optim *o = ae_optim_alloc(AE_SGD, 0.5);
    for (size_t k = 0; k < NB; k++) {
        th[k] = gsl_vector_calloc(k + 1);
        g[k] = gsl_vector_alloc(k + 1);
        gsl_vector_set_all(g[k], (double)k);
        ae_optim_add_vector(o, th[k], g[k], 1);
    }
    ck_assert_uint_eq(o->nblocks, NB);
    ae_optim_step(o);
    for (size_t k = 0; k < NB; k++) {
        for (size_t i = 0; i <= k; i++)
            ck_assert_double_eq_tol(gsl_vector_get(th[k], i), -0.5 * k, TOL_EXACT);
        gsl_vector_free(th[k]);
        gsl_vector_free(g[k]);
    }
    ae_optim_free(o);
}
END_TEST

/* A model large enough to be split over two threads: every method gives the same
 * parameters, bit for bit, on one thread and on two, and zeroing clears every element. */
extern void openblas_set_num_threads(int n) __attribute__((weak));

static void steps_on_threads(ae_optim_kind kind, int threads, gsl_matrix *W, gsl_vector *b)
{
    openblas_set_num_threads(threads);   /* ae_par_threads() follows OpenBLAS */
    ck_assert_uint_eq(ae_par_threads(), (size_t)threads);
    gsl_rng *r = ae_rng_alloc(7, AE_RNG_INIT);
    gsl_matrix *dW = gsl_matrix_alloc(W->size1, W->size2);
    gsl_vector *db = gsl_vector_alloc(b->size);
    fill_uniform(W, r, -1.0, 1.0);
    gsl_vector_set_all(b, 0.5);
    ae_optim *o = ae_optim_alloc(kind, 0.01);
    o->wd = 0.1;
    ae_optim_add_matrix(o, W, dW, 1);
    ae_optim_add_vector(o, b, db, 0);
    for (int t = 0; t < 3; t++) {
        fill_uniform(dW, r, -1.0, 1.0);
        gsl_vector_set_all(db, 1.0 + t);
        ae_optim_step(o);
    }
    ae_optim_zero_grad(o);
    ck_assert(gsl_matrix_isnull(dW) && gsl_vector_isnull(db));
    ae_optim_free(o);
    gsl_matrix_free(dW);
    gsl_vector_free(db);
    gsl_rng_free(r);
}

START_TEST(t_two_threads_same_result)
{
    if (!openblas_set_num_threads)
        return;   /* built with another BLAS (make BLAS=gslcblas): one thread only */
    const ae_optim_kind kinds[] = {AE_SGD, AE_MOMENTUM, AE_ADAM};
    for (size_t k = 0; k < 3; k++) {
        gsl_matrix *W1 = gsl_matrix_alloc(301, 701), *W2 = gsl_matrix_alloc(301, 701);   /* > 100,000 */
        gsl_vector *b1 = gsl_vector_alloc(301), *b2 = gsl_vector_alloc(301);
        steps_on_threads(kinds[k], 1, W1, b1);
        steps_on_threads(kinds[k], 2, W2, b2);
        ck_assert(gsl_matrix_equal(W1, W2) && gsl_vector_equal(b1, b2));
        ck_assert(gsl_vector_get(b1, 0) != 0.5);   /* the steps moved it */
        gsl_matrix_free(W1);
        gsl_matrix_free(W2);
        gsl_vector_free(b1);
        gsl_vector_free(b2);
    }
    openblas_set_num_threads(1);
}
END_TEST

/* ---- least squares: y = X w + b, fitted by a 3 -> 1 dense layer ---- */

enum { NPTS = 12, NIN = 3 };

START_TEST(t_least_squares)
{
    static const ae_optim_kind kinds[] = {AE_SGD, AE_MOMENTUM, AE_ADAM};
    static const double lrs[] = {0.1, 0.02, 0.05};
    const ae_optim_kind kind = kinds[_i];
    gsl_rng *r = ae_rng_alloc(51, AE_RNG_DATA);
    gsl_matrix *X = gsl_matrix_alloc(NPTS, NIN), *T = gsl_matrix_alloc(NPTS, 1);
    gsl_matrix *Y = gsl_matrix_alloc(NPTS, 1), *dY = gsl_matrix_alloc(NPTS, 1);
    fill_uniform(X, r, -1, 1);
    const double w_true[NIN] = {1.5, -2.0, 0.5}, b_true = 0.3;
    for (size_t n = 0; n < NPTS; n++) {
        double t = b_true + ae_rng_uniform(r, -0.05, 0.05); /* a little noise */
        for (size_t j = 0; j < NIN; j++)
            t += w_true[j] * gsl_matrix_get(X, n, j);
        gsl_matrix_set(T, n, 0, t);
    }
    ae_dense *L = ae_dense_alloc(NIN, 1);
    ae_optim *o = ae_optim_alloc(kind, lrs[_i]);
    o->wd = 1e-4;
    ae_optim_add_matrix(o, L->W, L->dW, 1);
    ae_optim_add_vector(o, L->b, L->db, 0);

    double first = 0.0, prev = INFINITY, loss = 0.0;
    for (size_t step = 0; step < 300; step++) {
        ae_optim_zero_grad(o);
        ae_dense_forward(Y, X, L);
        loss = ae_loss_mse(dY, Y, T) + ae_optim_decay_penalty(o);
        if (step == 0)
            first = loss;
        /* plain SGD with a small step descends monotonically on a quadratic */
        if (kind == AE_SGD)
            ck_assert_msg(loss <= prev, "step %zu: loss %g after %g", step, loss, prev);
        prev = loss;
        ae_dense_backward(NULL, L, dY, X);
        ae_optim_step(o);
    }
    /* the noise floor is 0.05^2 / 3 = 8.3e-4 (uniform noise); the start is ~2.5 */
    ck_assert_msg(loss < 1e-2 && loss < 1e-3 * first, "optimiser %d: loss %g -> %g", (int)kind,
                  first, loss);
    ck_assert_double_eq_tol(gsl_matrix_get(L->W, 0, 1), w_true[1], 0.1);

    ae_optim_free(o);
    ae_dense_free(L);
    gsl_matrix_free(X);
    gsl_matrix_free(T);
    gsl_matrix_free(Y);
    gsl_matrix_free(dY);
    gsl_rng_free(r);
}
END_TEST

/* ---- a 4-2-4 linear autoencoder on points of a 2-D subspace of R^4 ----
 * The data x = U z + c have rank 2 (U's columns orthonormal), so with a 2-D
 * code the optimum reconstruction error is exactly 0; with a 1-D code it is
 * the smaller eigenvalue lambda2 of cov(z), PCA's residual (Baldi & Hornik: a
 * linear AE has no spurious local minima, it reaches PCA's error). After 600
 * Adam steps we ask for < 0.1% of the data's energy mean ||x||^2 with the
 * 2-D code, and for lambda2 within 1% with the 1-D code (never below it). */

enum { NAE = 8, DAE = 4 };

/* Fills X (NAE x DAE); returns lambda2, the smaller eigenvalue of cov(z). */
static double subspace_data(gsl_matrix *X)
{
    static const double U[DAE][2] = {{0.5, 0.5}, {0.5, -0.5}, {0.5, 0.5}, {0.5, -0.5}};
    static const double c[DAE] = {0.2, -0.1, 0.0, 0.3};
    gsl_rng *r = ae_rng_alloc(61, AE_RNG_DATA);
    double z[NAE][2], mean[2] = {0, 0};
    for (size_t n = 0; n < NAE; n++)
        for (size_t k = 0; k < 2; k++) {
            z[n][k] = ae_rng_uniform(r, -1, 1);
            mean[k] += z[n][k] / NAE;
        }
    for (size_t n = 0; n < NAE; n++)
        for (size_t i = 0; i < DAE; i++)
            gsl_matrix_set(X, n, i, U[i][0] * z[n][0] + U[i][1] * z[n][1] + c[i]);
    gsl_rng_free(r);
    /* cov(z) = [[a, b], [b, d]]: lambda2 = tr/2 - sqrt(tr^2/4 - det) */
    double a = 0, b = 0, d = 0;
    for (size_t n = 0; n < NAE; n++) {
        a += (z[n][0] - mean[0]) * (z[n][0] - mean[0]) / NAE;
        b += (z[n][0] - mean[0]) * (z[n][1] - mean[1]) / NAE;
        d += (z[n][1] - mean[1]) * (z[n][1] - mean[1]) / NAE;
    }
    double tr = a + d, det = a * d - b * b;
    return tr / 2 - sqrt(tr * tr / 4 - det);
}

/* Trains a DAE-code-DAE linear AE on X with Adam; returns the final MSE. */
static double train_ae(const gsl_matrix *X, size_t code)
{
    gsl_rng *ri = ae_rng_alloc(61, AE_RNG_INIT);
    ae_dense *enc = ae_dense_alloc(DAE, code), *dec = ae_dense_alloc(code, DAE);
    ae_dense_init(enc, ri, 1.0);
    ae_dense_init(dec, ri, 1.0);
    gsl_matrix *Z = gsl_matrix_alloc(NAE, code), *Xhat = gsl_matrix_alloc(NAE, DAE);
    gsl_matrix *dXhat = gsl_matrix_alloc(NAE, DAE), *dZ = gsl_matrix_alloc(NAE, code);
    ae_optim *o = ae_optim_alloc(AE_ADAM, 0.02);
    ae_optim_add_matrix(o, enc->W, enc->dW, 1);
    ae_optim_add_vector(o, enc->b, enc->db, 0);
    ae_optim_add_matrix(o, dec->W, dec->dW, 1);
    ae_optim_add_vector(o, dec->b, dec->db, 0);

    for (size_t step = 0; step < 600; step++) {
        ae_optim_zero_grad(o);
        ae_dense_forward(Z, X, enc);          /* z = W1 x + b1 */
        ae_dense_forward(Xhat, Z, dec);       /* xhat = W2 z + b2 */
        ae_loss_mse(dXhat, Xhat, X);
        ae_dense_backward(dZ, dec, dXhat, Z);
        ae_dense_backward(NULL, enc, dZ, X);
        ae_optim_step(o);
    }
    ae_dense_forward(Z, X, enc);
    ae_dense_forward(Xhat, Z, dec);
    double loss = ae_loss_mse(NULL, Xhat, X);

    ae_optim_free(o);
    ae_dense_free(enc);
    ae_dense_free(dec);
    gsl_matrix *mats[] = {Z, Xhat, dXhat, dZ};
    for (size_t k = 0; k < 4; k++)
        gsl_matrix_free(mats[k]);
    gsl_rng_free(ri);
    return loss;
}

START_TEST(t_tiny_autoencoder)
{
    gsl_matrix *X = gsl_matrix_alloc(NAE, DAE);
    double lambda2 = subspace_data(X), energy = 0.0;
    for (size_t k = 0; k < NAE * DAE; k++)
        energy += X->data[k] * X->data[k] / NAE;
    double loss2 = train_ae(X, 2), loss1 = train_ae(X, 1);
    ck_assert_msg(loss2 < 1e-3 * energy, "4-2-4 AE: loss %g, data energy %g", loss2, energy);
    ck_assert_msg(loss1 > lambda2 * (1 - 1e-9) && loss1 < 1.01 * lambda2,
                  "4-1-4 AE: loss %g, PCA residual %g", loss1, lambda2);
    gsl_matrix_free(X);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("optim");
    TCase *tc = tcase_create("steps");
    tcase_add_test(tc, t_defaults);
    tcase_add_test(tc, t_sgd_step);
    tcase_add_test(tc, t_momentum_steps);
    tcase_add_test(tc, t_adam_steps);
    tcase_add_test(tc, t_weight_decay);
    tcase_add_test(tc, t_decay_penalty_value);
    tcase_add_test(tc, t_zero_grad);
    tcase_add_test(tc, t_many_blocks);
    tcase_add_test(tc, t_two_threads_same_result);
    suite_add_tcase(s, tc);
    tc = tcase_create("training");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, t_least_squares, 0, 3);
    tcase_add_test(tc, t_tiny_autoencoder);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
