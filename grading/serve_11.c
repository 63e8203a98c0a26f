/* Lesson 11's exercises in the probe (the shims' other side: shim_11.c). */
#include <stdlib.h>

#include "../lessons/11-applications/exercises.h"
#include "serve.h"

/* n, the n scores and the n labels of a ROC or AUC call; 0 if the request is malformed. */
static int get_scores(wire *in, size_t *n, double **score, uint8_t **positive)
{
    uint64_t len = wire_get_u64(in);
    if (in->failed || len > WIRE_MAX_N)
        return 0;
    *n = (size_t)len;
    *score = malloc((*n ? *n : 1) * sizeof **score);
    if (!*score)
        return 0;
    wire_get_f64s(in, *score, *n);
    size_t np;
    *positive = wire_get_bytes_new(in, &np);
    return !in->failed && np == *n;
}

static void roc(wire *in, wire *out)
{
    size_t n;
    double *score;
    uint8_t *positive;
    if (!get_scores(in, &n, &score, &positive))
        return;
    double *fpr = calloc(n + 1, sizeof *fpr), *tpr = calloc(n + 1, sizeof *tpr);
    if (!fpr || !tpr)
        return;
    size_t m = ex11_roc(fpr, tpr, score, positive, n);
    wire_put_u64(out, m);
    if (m <= n + 1) {   /* else the runner refuses the count and reads no points */
        wire_put_f64s(out, fpr, m);
        wire_put_f64s(out, tpr, m);
    }
}

static void auc(wire *in, wire *out)
{
    size_t n;
    double *score;
    uint8_t *positive;
    if (!get_scores(in, &n, &score, &positive))
        return;
    wire_put_f64(out, ex11_auc(score, positive, n));
}

static void head_backward(wire *in, wire *out)
{
    gsl_matrix *dZ = wire_get_mat(in);
    ae_dense *head = wire_get_dense(in);
    gsl_matrix *P = wire_get_mat(in);
    size_t n;
    uint8_t *y = wire_get_bytes_new(in, &n);
    gsl_matrix *Z = wire_get_mat(in);
    if (in->failed || n != P->size1)
        return;
    ex11_head_backward(dZ, head, P, y, Z);
    wire_put_mat(out, P);
    wire_put_dense_grads(out, head);
    if (dZ)
        wire_put_mat(out, dZ);
}

static void rotation_map(wire *in, wire *out)
{
    uint64_t n = wire_get_u64(in), k = wire_get_u64(in);
    if (in->failed || n == 0 || n > 1024 || k > 3)
        return;
    size_t *to = calloc(n * n, sizeof *to);
    if (!to)
        return;
    ex11_rotation_map(to, (size_t)n, (unsigned)k);
    for (size_t p = 0; p < n * n; p++)
        wire_put_u64(out, to[p]);
    free(to);
}

const serve_entry SERVE[] = {
    {"ex11_roc", roc},
    {"ex11_auc", auc},
    {"ex11_head_backward", head_backward},
    {"ex11_rotation_map", rotation_map},
    {NULL, NULL},
};
