/* Lesson 02 exercises: the loss of an image autoencoder, and backprop through a deep stack. */
#include "exercises.h"

#include <math.h>

#include "act.h"
#include "dense.h"

/* BOOK: bce_logits */
double ex02_bce_logits(gsl_matrix *dA, const gsl_matrix *A, const gsl_matrix *X)
{
#ifdef SOLUTION
    const size_t B = X->size1;
    double loss = 0.0;
    for (size_t b = 0; b < B; b++)
        for (size_t i = 0; i < X->size2; i++) {
            double a = gsl_matrix_get(A, b, i), x = gsl_matrix_get(X, b, i);
            loss += ae_softplus(a) - x * a;                                    /* (2.2) */
            if (dA)
                gsl_matrix_set(dA, b, i, (ae_sigmoid(a) - x) / (double)B);    /* (2.3) x_hat - x */
        }
    return loss / (double)B;
#else
    /* EXERCISE 2.1 (BOOK.md eq. 2.2, 2.3): sum softplus(a) - x a over the batch and
     * divide by B (ae_softplus, ae_sigmoid never overflow); write dA = (sigmoid(A) - X) / B
     * when dA is not NULL. */
    (void)A;
    (void)X;
    if (dA)
        gsl_matrix_set_zero(dA);
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: net_backward */
const gsl_matrix *ex02_net_backward(ae_net *net, const gsl_matrix *dY, ae_dx want_dX)
{
#ifdef SOLUTION
    const size_t L = net->nlayers;
    gsl_matrix *dh = &net->dh[L - 1].matrix;
    gsl_matrix_memcpy(dh, dY);                                   /* dh_L = dL/dy */
    for (size_t i = L; i >= 1; i--) {                            /* i is the l of (2.4), (2.5) */
        gsl_matrix *h = &net->h[i - 1].matrix, *a = &net->a[i - 1].matrix;
        ae_act_backward(net->f[i - 1], dh, h, a, dh);            /* (2.4) da_l = dh_l * f'(a_l) */
        const gsl_matrix *h_prev = i > 1 ? &net->h[i - 2].matrix : net->X;
        gsl_matrix *dh_prev = i > 1 ? &net->dh[i - 2].matrix : want_dX ? &net->dx.matrix : NULL;
        ae_dense_backward(dh_prev, net->layer[i - 1], dh, h_prev);   /* (2.5) dW_l, db_l, dh_{l-1} */
        dh = dh_prev;
    }
    return want_dX ? &net->dx.matrix : NULL;
#else
    /* EXERCISE 2.2 (BOOK.md eq. 2.4, 2.5): copy dY into net->dh[L-1], then for
     * l = L down to 1: ae_act_backward (in place), then ae_dense_backward into
     * net->dh[l-2] (or net->dx, or NULL, for the first layer) with h_{l-1} as input. */
    (void)dY;
    if (!want_dX)
        return NULL;
    gsl_matrix_set_zero(&net->dx.matrix);
    return &net->dx.matrix;
#endif /* SOLUTION */
}
/* END BOOK */
