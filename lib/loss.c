/* loss — losses and their gradients, mean over the batch. See loss.h. */
#include "loss.h"

#include <math.h>

#include "act.h"
#include "err.h"
#include "student.h"
#include "vecmath.h"

static int same_shape(const gsl_matrix *A, const gsl_matrix *B)
{
    return A->size1 == B->size1 && A->size2 == B->size2;
}

/* BOOK: loss_mse */
double ae_loss_mse(gsl_matrix *dXhat, const gsl_matrix *Xhat, const gsl_matrix *X)
{
    AE_ASSERT(same_shape(Xhat, X));
    AE_ASSERT(dXhat == NULL || same_shape(dXhat, X));
    size_t B = X->size1;
    double sum = 0.0;
    for (size_t n = 0; n < B; n++) {
        const double *xh = Xhat->data + n * Xhat->tda;
        const double *x = X->data + n * X->tda;
        double *dxh = dXhat ? dXhat->data + n * dXhat->tda : NULL;
        for (size_t i = 0; i < X->size2; i++) {
            double e = xh[i] - x[i];
            sum += e * e;                       /* L = 1/B sum (xhat - x)^2 */
            if (dxh)
                dxh[i] = 2.0 * e / (double)B;   /* dL/dxhat = 2 (xhat - x) / B */
        }
    }
    return sum / (double)B;
}
/* END BOOK */

#ifdef SOLUTION   /* exercise 2.1 */
/* Sum over one row of l = max(a,0) - x a + log(1 + e^-|a|), the BCE of sigma(a). */
AE_VECTORISE
static double bce_logits_row(const double *a, const double *x, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double relu = a[i] > 0 ? a[i] : 0.0;
        sum += relu - x[i] * a[i] + log1p(exp(-fabs(a[i])));
    }
    return sum;
}

/* The same sum, and dl/da = (sigma(a) - x) * scale, both from one e = e^-|a|. */
AE_VECTORISE
static double bce_logits_row_grad(double *restrict da, const double *restrict a,
                                  const double *restrict x, size_t n, double scale)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = exp(-fabs(a[i]));                          /* never overflows */
        double relu = a[i] > 0 ? a[i] : 0.0;
        double top = a[i] >= 0 ? 1.0 : e;                     /* sigma(a) = top / (1 + e) */
        sum += relu - x[i] * a[i] + log1p(e);
        da[i] = (top / (1.0 + e) - x[i]) * scale;
    }
    return sum;
}
#endif

double ae_loss_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
    AE_ASSERT(same_shape(A, X));
    AE_ASSERT(dA == NULL || same_shape(dA, X));
#ifdef SOLUTION
    size_t B = X->size1;
    double sum = 0.0;
    for (size_t n = 0; n < B; n++) {
        const double *a = A->data + n * A->tda, *x = X->data + n * X->tda;
        sum += dA ? bce_logits_row_grad(dA->data + n * dA->tda, a, x, X->size2, 1.0 / (double)B)
                  : bce_logits_row(a, x, X->size2);
    }
    return sum / (double)B;
#else
    return student_bce_logits(dA, A, X);   /* exercise 2.1 */
#endif
}

double ae_loss_bce(gsl_matrix *dP, const gsl_matrix *P, const gsl_matrix *X)
{
    AE_ASSERT(same_shape(P, X));
    AE_ASSERT(dP == NULL || same_shape(dP, X));
    size_t B = X->size1;
    double sum = 0.0;
    for (size_t n = 0; n < B; n++) {
        const double *p = P->data + n * P->tda;
        const double *x = X->data + n * X->tda;
        double *dp = dP ? dP->data + n * dP->tda : NULL;
        for (size_t i = 0; i < X->size2; i++) {
            double q = fmin(fmax(p[i], AE_BCE_EPS), 1.0 - AE_BCE_EPS);
            /* l = -(x log p + (1-x) log(1-p)) */
            sum -= x[i] * log(q) + (1.0 - x[i]) * log1p(-q);
            if (dp)
                dp[i] = (q - x[i]) / (q * (1.0 - q)) / (double)B; /* dl/dp */
        }
    }
    return sum / (double)B;
}

/* BOOK: loss_softmax_ce */
double ae_loss_softmax_ce(gsl_matrix *dA, gsl_matrix *P, const gsl_matrix *A,
                          const uint8_t *y)
{
    AE_ASSERT(same_shape(P, A));
    AE_ASSERT(dA == NULL || same_shape(dA, A));
    size_t B = A->size1, K = A->size2;
    double sum = 0.0;
    for (size_t n = 0; n < B; n++) {
        const double *a = A->data + n * A->tda;
        double *p = P->data + n * P->tda;
        AE_ASSERT(y[n] < K);
        /* p = softmax(a) = e^(a - max a) / sum_k e^(a_k - max a) */
        double amax = a[0];
        for (size_t k = 1; k < K; k++)
            amax = fmax(amax, a[k]);
        double ay = a[y[n]] - amax; /* read before P overwrites A, if they alias */
        double z = 0.0;
        for (size_t k = 0; k < K; k++) {
            p[k] = exp(a[k] - amax);
            z += p[k];
        }
        for (size_t k = 0; k < K; k++)
            p[k] /= z;
        sum += log(z) - ay; /* l = -log p_y = log sum_k e^(a_k - max) - (a_y - max) */
#ifdef SOLUTION
        if (dA) {
            /* dl/da = p - onehot(y); dA may alias P */
            double *da = dA->data + n * dA->tda;
            for (size_t k = 0; k < K; k++)
                da[k] = (p[k] - (k == y[n] ? 1.0 : 0.0)) / (double)B;
        }
#endif
    }
#ifndef SOLUTION
    if (dA)
        student_softmax_ce_grad(dA, P, y);   /* exercise 0.3 */
#endif
    return sum / (double)B;
}
/* END BOOK */

size_t ae_count_correct(const gsl_matrix *P, const uint8_t *y)
{
    size_t correct = 0;
    for (size_t n = 0; n < P->size1; n++) {
        const double *p = P->data + n * P->tda;
        size_t best = 0;
        for (size_t k = 1; k < P->size2; k++)
            if (p[k] > p[best])
                best = k;
        correct += (best == y[n]);
    }
    return correct;
}

/* ---- penalties on the code: L1 activity, KL sparsity, contractive (lessons 05, 06) ---- */

/* BOOK: penalty_l1 */
double ae_penalty_l1(gsl_matrix *dH, const gsl_matrix *H, double lambda)
{
    AE_ASSERT(dH == NULL || same_shape(dH, H));
    const double scale = lambda / (double)H->size1;
    double sum = 0.0;
    for (size_t b = 0; b < H->size1; b++) {
        const double *h = H->data + b * H->tda;
        double *dh = dH ? dH->data + b * dH->tda : NULL;
        for (size_t j = 0; j < H->size2; j++) {
            sum += fabs(h[j]);                                        /* (5.1) lambda sum |h| */
            if (dh)
                dh[j] += scale * (h[j] > 0.0 ? 1.0 : h[j] < 0.0 ? -1.0 : 0.0);   /* sign(h) */
        }
    }
    return scale * sum;
}
/* END BOOK */

#ifdef SOLUTION   /* exercise 5.1; no lesson calls it, so the student tree has none */
double ae_penalty_kl_sparsity(gsl_matrix *dH, gsl_vector *rho_hat, const gsl_matrix *H,
                              double rho, double beta)
{
    AE_ASSERT(rho > 0.0 && rho < 1.0 && rho_hat->size == H->size2);
    AE_ASSERT(dH == NULL || same_shape(dH, H));
    const size_t B = H->size1, K = H->size2;
    double P = 0.0;
    for (size_t j = 0; j < K; j++) {
        double r = 0.0;                                    /* rho_hat_j = 1/B sum_b h_bj */
        for (size_t b = 0; b < B; b++)
            r += H->data[b * H->tda + j];
        r = fmin(fmax(r / (double)B, AE_KL_EPS), 1.0 - AE_KL_EPS);
        gsl_vector_set(rho_hat, j, r);
        P += rho * log(rho / r) + (1.0 - rho) * log((1.0 - rho) / (1.0 - r));   /* (5.2) */
        if (dH) {
            double g = beta * (-rho / r + (1.0 - rho) / (1.0 - r)) / (double)B;  /* (5.3) */
            for (size_t b = 0; b < B; b++)
                dH->data[b * dH->tda + j] += g;
        }
    }
    return beta * P;
}
#endif

/* BOOK: penalty_contractive */
#ifdef SOLUTION   /* exercise 6.2; no lesson calls it, so the student tree has none */
double ae_penalty_contractive(gsl_matrix *dH, gsl_matrix *dW, const gsl_matrix *H,
                              const gsl_matrix *W, double lambda)
{
    AE_ASSERT(W->size1 == H->size2);
    AE_ASSERT(dH == NULL || same_shape(dH, H));
    AE_ASSERT(dW == NULL || same_shape(dW, W));
    const size_t B = H->size1, K = H->size2;
    const double scale = lambda / (double)B;
    double P = 0.0;
    for (size_t j = 0; j < K; j++) {
        const double *w = W->data + j * W->tda;
        double w2 = 0.0;                                   /* ||W_j||^2 = sum_i W_ji^2 */
        for (size_t i = 0; i < W->size2; i++)
            w2 += w[i] * w[i];
        double g2sum = 0.0;                                /* sum_b (h_bj (1 - h_bj))^2 */
        for (size_t b = 0; b < B; b++) {
            double h = H->data[b * H->tda + j], g = h * (1.0 - h);
            g2sum += g * g;
            if (dH)                                        /* (6.4) through h */
                dH->data[b * dH->tda + j] += 2.0 * scale * g * (1.0 - 2.0 * h) * w2;
        }
        P += g2sum * w2;                                   /* (6.3) */
        if (dW) {                                          /* (6.5) directly */
            double *dw = dW->data + j * dW->tda;
            for (size_t i = 0; i < W->size2; i++)
                dw[i] += 2.0 * scale * g2sum * w[i];
        }
    }
    return scale * P;
}
#else
/* The contractive penalty is exercise 6.2: ex06_contractive in lessons/06-contractive/exercises.c. */
#endif
/* END BOOK */

/* ---- the Gaussian KL of the VAE (lesson 07) ---- */

/* BOOK: loss_kl_gauss */
double ae_loss_kl_gauss(gsl_matrix *dMu, gsl_matrix *dLogvar, const gsl_matrix *Mu,
                        const gsl_matrix *Logvar)
{
    AE_ASSERT(same_shape(Mu, Logvar));
    AE_ASSERT(dMu == NULL || same_shape(dMu, Mu));
    AE_ASSERT(dLogvar == NULL || same_shape(dLogvar, Mu));
#ifdef SOLUTION
    size_t B = Mu->size1;
    double sum = 0.0;
    for (size_t n = 0; n < B; n++) {
        const double *mu = Mu->data + n * Mu->tda, *lv = Logvar->data + n * Logvar->tda;
        for (size_t j = 0; j < Mu->size2; j++) {
            double var = exp(lv[j]);                               /* sigma^2 */
            sum -= 0.5 * (1.0 + lv[j] - mu[j] * mu[j] - var);      /* (7.4) */
            if (dMu)
                dMu->data[n * dMu->tda + j] = mu[j] / (double)B;   /* (7.5) dKL/dmu = mu */
            if (dLogvar)   /* (7.5) dKL/dlogvar = (sigma^2 - 1) / 2 */
                dLogvar->data[n * dLogvar->tda + j] = 0.5 * (var - 1.0) / (double)B;
        }
    }
    return sum / (double)B;
#else
    return student_gauss_kl(dMu, dLogvar, Mu, Logvar);   /* exercise 7.1 */
#endif
}
/* END BOOK */
