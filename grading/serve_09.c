/* Lesson 09's exercises in the probe (the shims' other side: shim_09.c). */
#include <stdlib.h>

#include "../lessons/09-latent/exercises.h"
#include "serve.h"

static void class_means(wire *in, wire *out)
{
    gsl_matrix *M = wire_get_mat(in);
    if (in->failed)
        return;
    const size_t K = M->size1;
    size_t *counts = malloc(K * sizeof *counts);
    if (!counts)
        return;
    for (size_t c = 0; c < K; c++)
        counts[c] = (size_t)wire_get_u64(in);
    gsl_matrix *Z = wire_get_mat(in);
    size_t n;
    uint8_t *y = wire_get_bytes_new(in, &n);
    if (in->failed || n != Z->size1)
        return;
    ex09_class_means(M, counts, Z, y);
    wire_put_mat(out, M);
    for (size_t c = 0; c < K; c++)
        wire_put_u64(out, counts[c]);
}

static void blend(wire *in, wire *out)
{
    gsl_matrix *Out = wire_get_mat(in);
    gsl_vector *a = wire_get_vec(in), *b = wire_get_vec(in), *t = wire_get_vec(in);
    if (in->failed)
        return;
    ex09_blend(Out, a, b, t);
    wire_put_mat(out, Out);
}

static void nearest_mean(wire *in, wire *out)
{
    size_t n;
    uint8_t *pred = wire_get_bytes_new(in, &n);
    gsl_matrix *Z = wire_get_mat(in), *M = wire_get_mat(in);
    if (in->failed || n != Z->size1)
        return;
    ex09_nearest_mean(pred, Z, M);
    wire_put_bytes(out, pred, n);
}

const serve_entry SERVE[] = {
    {"ex09_class_means", class_means},
    {"ex09_blend", blend},
    {"ex09_nearest_mean", nearest_mean},
    {NULL, NULL},
};
