/* Lesson 11's exercises, called in the probe (see probe.h and serve_11.c). */
#include <check.h>

#include "../lessons/11-applications/exercises.h"
#include "probe.h"

/* fpr and tpr are only written: not sent. The probe answers the number of points m
 * first, and the points only when m fits the n + 1 the caller has room for. */
size_t ex11_roc(double *fpr, double *tpr, const double *score, const uint8_t *positive, size_t n)
{
    wire *q = probe_begin("ex11_roc");
    wire_put_u64(q, n);
    wire_put_f64s(q, score, n);
    wire_put_bytes(q, positive, n);
    wire *r = probe_reply();
    uint64_t m = wire_get_u64(r);
    if (!r->failed && m > (uint64_t)n + 1) {
        probe_end(r);   /* the rest of the answer: only its end */
        ck_abort_msg("ex11_roc: returned %llu points for n = %zu scores: there is room for n + 1 = %zu",
                     (unsigned long long)m, n, n + 1);
    }
    wire_get_f64s(r, fpr, (size_t)m);
    wire_get_f64s(r, tpr, (size_t)m);
    probe_end(r);
    return (size_t)m;
}

double ex11_auc(const double *score, const uint8_t *positive, size_t n)
{
    wire *q = probe_begin("ex11_auc");
    wire_put_u64(q, n);
    wire_put_f64s(q, score, n);
    wire_put_bytes(q, positive, n);
    wire *r = probe_reply();
    double auc = wire_get_f64(r);
    probe_end(r);
    return auc;
}

void ex11_head_backward(gsl_matrix *dZ, ae_dense *head, gsl_matrix *P, const uint8_t *y, const gsl_matrix *Z)
{
    wire *q = probe_begin("ex11_head_backward");
    wire_put_mat(q, dZ);   /* NULL: a frozen encoder */
    wire_put_dense(q, head);
    wire_put_mat(q, P);
    wire_put_bytes(q, y, P->size1);
    wire_put_mat(q, Z);
    wire *r = probe_reply();
    wire_get_mat_into(r, P);             /* in place: dA */
    wire_get_dense_grads(r, head);       /* dW, db added into */
    if (dZ)
        wire_get_mat_into(r, dZ);
    probe_end(r);
}

/* to is only written: not sent. */
void ex11_rotation_map(size_t *to, size_t n, unsigned k)
{
    wire *q = probe_begin("ex11_rotation_map");
    wire_put_u64(q, n);
    wire_put_u64(q, k);
    wire *r = probe_reply();
    for (size_t p = 0; p < n * n; p++)
        to[p] = (size_t)wire_get_u64(r);
    probe_end(r);
}
