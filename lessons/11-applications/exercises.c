/* Lesson 11 exercises: the ROC curve and its area, the classifier head's backward pass, and
 * the rotation index maps of the pretext task. */
#include "exercises.h"

#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_sort.h>

#include "err.h"

/* Indices of score in decreasing order (malloc'd). */
static size_t *order_decreasing(const double *score, size_t n)
{
    size_t *idx = malloc(n * sizeof *idx);
    AE_ASSERT(idx != NULL);
    gsl_sort_index(idx, score, 1, n);   /* increasing ... */
    for (size_t i = 0; i < n / 2; i++) {   /* ... reversed */
        size_t t = idx[i];
        idx[i] = idx[n - 1 - i];
        idx[n - 1 - i] = t;
    }
    return idx;
}

/* BOOK: roc */
size_t ex11_roc(double *fpr, double *tpr, const double *score, const uint8_t *positive, size_t n)
{
#ifdef SOLUTION
    size_t npos = 0;
    for (size_t i = 0; i < n; i++)
        npos += positive[i] != 0;
    AE_ASSERT(npos > 0 && npos < n);
    size_t *idx = order_decreasing(score, n), tp = 0, fp = 0, m = 0;
    fpr[m] = tpr[m] = 0.0;
    m++;
    for (size_t i = 0; i < n; i++) {
        if (positive[idx[i]])
            tp++;
        else
            fp++;
        if (i + 1 == n || score[idx[i + 1]] != score[idx[i]]) {   /* the threshold t = s_i */
            fpr[m] = (double)fp / (double)(n - npos);              /* (11.2) */
            tpr[m] = (double)tp / (double)npos;
            m++;
        }
    }
    free(idx);
    return m;
#else
    /* EXERCISE 11.1 (BOOK.md eq. 11.2): sort the scores in decreasing order
     * (order_decreasing above), walk down the list counting anomalies (tp) and normal
     * examples (fp), and write a point (fp / #normal, tp / #anomaly) each time the next
     * score differs (or the list ends). Start with (0, 0); return the number of points. */
    (void)score;
    (void)positive;
    (void)n;
    (void)order_decreasing;
    fpr[0] = tpr[0] = 0.0;
    return 1;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: auc */
double ex11_auc(const double *score, const uint8_t *positive, size_t n)
{
#ifdef SOLUTION
    size_t *idx = order_decreasing(score, n), npos = 0;
    double rank_sum = 0.0;   /* ranks 1..n from the lowest score up */
    for (size_t i = 0; i < n; ) {
        size_t j = i;
        while (j < n && score[idx[j]] == score[idx[i]])   /* a run of ties: i .. j-1 */
            j++;
        double rank = (double)n - 0.5 * (double)(i + j - 1);   /* their average rank */
        for (size_t t = i; t < j; t++)
            if (positive[idx[t]]) {
                rank_sum += rank;
                npos++;
            }
        i = j;
    }
    free(idx);
    AE_ASSERT(npos > 0 && npos < n);
    double nneg = (double)(n - npos);
    /* (11.3) Mann-Whitney: U = R_pos - npos (npos + 1) / 2,  AUC = U / (npos nneg) */
    return (rank_sum - 0.5 * (double)npos * (double)(npos + 1)) / ((double)npos * nneg);
#else
    /* EXERCISE 11.2 (BOOK.md eq. 11.3): rank the scores from 1 (lowest) to n, giving tied
     * scores their average rank; with R the sum of the anomalies' ranks,
     * AUC = (R - npos (npos + 1) / 2) / (npos nneg). */
    (void)score;
    (void)positive;
    (void)n;
    return 0.0;
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: head_backward */
void ex11_head_backward(gsl_matrix *dZ, ae_dense *head, gsl_matrix *P, const uint8_t *y,
                        const gsl_matrix *Z)
{
#ifdef SOLUTION
    const size_t B = P->size1;
    AE_ASSERT(P->size2 == head->out && Z->size1 == B && Z->size2 == head->in);
    for (size_t b = 0; b < B; b++) {            /* (11.5) dL/da = (p - onehot(y)) / B */
        *gsl_matrix_ptr(P, b, y[b]) -= 1.0;
        gsl_vector_view row = gsl_matrix_row(P, b);
        gsl_vector_scale(&row.vector, 1.0 / (double)B);
    }
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, P, Z, 1.0, head->dW);   /* (11.6) dW += dA^T Z */
    for (size_t b = 0; b < B; b++) {                                       /* db += 1^T dA */
        gsl_vector_view row = gsl_matrix_row(P, b);
        gsl_vector_add(head->db, &row.vector);
    }
    if (dZ)                                                                /* dZ = dA W */
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, P, head->W, 0.0, dZ);
#else
    /* EXERCISE 11.3 (BOOK.md eq. 11.5, 11.6): turn P into dA = (P - onehot(y)) / B in
     * place; then dW += dA^T Z, db += the column sums of dA, and, if dZ is not NULL,
     * dZ = dA W (gsl_blas_dgemm for the products). */
    (void)head;
    (void)y;
    (void)Z;
    gsl_matrix_set_zero(P);
    if (dZ)
        gsl_matrix_set_zero(dZ);
#endif /* SOLUTION */
}
/* END BOOK */

/* BOOK: rotation_map */
void ex11_rotation_map(size_t *to, size_t n, unsigned k)
{
#ifdef SOLUTION
    AE_ASSERT(k < 4);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            size_t r = i, s = j;
            for (unsigned t = 0; t < k; t++) {   /* (11.8) a quarter turn: (i, j) -> (n-1-j, i) */
                size_t r1 = n - 1 - s;
                s = r;
                r = r1;
            }
            to[i * n + j] = r * n + s;
        }
#else
    /* EXERCISE 11.4 (BOOK.md eq. 11.8): for every pixel (i, j) of an n x n image (row i
     * from the top, column j from the left), write where it lands when the image turns
     * k quarter turns counter-clockwise: to[i n + j] = i' n + j'. One quarter turn sends
     * the top row to the left column, read upwards; k turns are k quarter turns. */
    (void)k;
    for (size_t p = 0; p < n * n; p++)
        to[p] = p;
#endif /* SOLUTION */
}
/* END BOOK */
