/* loss — losses and their gradients, mean over the batch. See loss.h. */
#include "loss.h"

#include <math.h>

#include "act.h"
#include "err.h"

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

/* BOOK: loss_bce_logits */
double ae_loss_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
    AE_ASSERT(same_shape(A, X));
    AE_ASSERT(dA == NULL || same_shape(dA, X));
    size_t B = X->size1;
    double sum = 0.0;
    for (size_t n = 0; n < B; n++) {
        const double *a = A->data + n * A->tda;
        const double *x = X->data + n * X->tda;
        double *da = dA ? dA->data + n * dA->tda : NULL;
        for (size_t i = 0; i < X->size2; i++) {
            /* l = max(a,0) - x a + log(1 + e^-|a|) */
            sum += fmax(a[i], 0.0) - x[i] * a[i] + log1p(exp(-fabs(a[i])));
            if (da)
                da[i] = (ae_sigmoid(a[i]) - x[i]) / (double)B; /* dl/da = sigma(a) - x */
        }
    }
    return sum / (double)B;
}
/* END BOOK */

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
        if (dA) {
            /* dl/da = p - onehot(y); dA may alias P */
            double *da = dA->data + n * dA->tda;
            for (size_t k = 0; k < K; k++)
                da[k] = (p[k] - (k == y[n] ? 1.0 : 0.0)) / (double)B;
        }
    }
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

/* ---- the Gaussian KL of the VAE (lesson 07) ---- */
