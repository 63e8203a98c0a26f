/* wire — the grader's messages (see wire.h). */
#include "wire.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void wire_init(wire *w, int fd, int timeout_ms)
{
    w->fd = fd, w->failed = 0, w->timeout_ms = timeout_ms, w->len = 0, w->pos = 0;
}

int wire_flush(wire *w)
{
    for (size_t off = 0; !w->failed && off < w->len;) {
        ssize_t n = write(w->fd, w->buf + off, w->len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            w->failed = 1;
        else
            off += (size_t)n;
    }
    w->len = 0;
    return w->failed ? -1 : 0;
}

static void put(wire *w, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n > 0 && !w->failed) {
        if (w->len == sizeof w->buf)
            wire_flush(w);
        size_t k = sizeof w->buf - w->len < n ? sizeof w->buf - w->len : n;
        memcpy(w->buf + w->len, b, k);
        w->len += k, b += k, n -= k;
    }
}

/* refill: read what is there, waiting at most timeout_ms */
static int fill(wire *w)
{
    if (w->timeout_ms > 0) {
        struct pollfd p = {.fd = w->fd, .events = POLLIN};
        int r;
        while ((r = poll(&p, 1, w->timeout_ms)) < 0 && errno == EINTR)
            ;
        if (r <= 0)
            return -1;
    }
    ssize_t n;
    while ((n = read(w->fd, w->buf, sizeof w->buf)) < 0 && errno == EINTR)
        ;
    if (n <= 0)
        return -1;
    w->len = (size_t)n, w->pos = 0;
    return 0;
}

static void get(wire *w, void *p, size_t n)
{
    unsigned char *b = p;
    while (n > 0) {
        if (w->failed || (w->pos == w->len && fill(w) < 0)) {
            w->failed = 1;
            memset(b, 0, n);
            return;
        }
        size_t k = w->len - w->pos < n ? w->len - w->pos : n;
        memcpy(b, w->buf + w->pos, k);
        w->pos += k, b += k, n -= k;
    }
}

void wire_put_u64(wire *w, uint64_t v) { put(w, &v, sizeof v); }
void wire_put_f64(wire *w, double v) { put(w, &v, sizeof v); }
uint64_t wire_get_u64(wire *w) { uint64_t v; get(w, &v, sizeof v); return v; }
double wire_get_f64(wire *w) { double v; get(w, &v, sizeof v); return v; }

void wire_put_str(wire *w, const char *s)
{
    size_t n = strlen(s);
    wire_put_u64(w, n);
    put(w, s, n);
}

void wire_get_str(wire *w, char *s, size_t cap)
{
    uint64_t n = wire_get_u64(w);
    if (n >= cap) {
        w->failed = 1;
        n = 0;
    }
    get(w, s, (size_t)n);
    s[n] = '\0';
}

void wire_put_f64s(wire *w, const double *x, size_t n)
{
    wire_put_u64(w, n);
    put(w, x, n * sizeof *x);
}

void wire_get_f64s(wire *w, double *x, size_t n)
{
    if (wire_get_u64(w) != n)
        w->failed = 1;
    get(w, x, n * sizeof *x);
}

void wire_put_bytes(wire *w, const void *x, size_t n)
{
    wire_put_u64(w, n);
    put(w, x, n);
}

void wire_get_bytes(wire *w, void *x, size_t n)
{
    if (wire_get_u64(w) != n)
        w->failed = 1;
    get(w, x, n);
}

/* a matrix: present flag, rows, columns, the rows (tda dropped) */
void wire_put_mat(wire *w, const gsl_matrix *A)
{
    wire_put_u64(w, A != NULL);
    if (!A)
        return;
    wire_put_u64(w, A->size1);
    wire_put_u64(w, A->size2);
    for (size_t i = 0; i < A->size1; i++)
        put(w, A->data + i * A->tda, A->size2 * sizeof *A->data);
}

static int shape_ok(wire *w, uint64_t r, uint64_t c)
{
    if (r == 0 || c == 0 || r > WIRE_MAX_N || c > WIRE_MAX_N || r * c > WIRE_MAX_N)
        w->failed = 1;
    return !w->failed;
}

gsl_matrix *wire_get_mat(wire *w)
{
    if (!wire_get_u64(w))
        return NULL;
    uint64_t r = wire_get_u64(w), c = wire_get_u64(w);
    if (!shape_ok(w, r, c))
        return NULL;
    gsl_matrix *A = gsl_matrix_alloc(r, c);
    get(w, A->data, r * c * sizeof *A->data);
    return A;
}

void wire_get_mat_into(wire *w, gsl_matrix *A)
{
    if (!wire_get_mat_opt_into(w, A))   /* NULL where a matrix was due */
        w->failed = 1;
}

int wire_get_mat_opt_into(wire *w, gsl_matrix *A)
{
    if (!wire_get_u64(w))
        return 0;
    uint64_t r = wire_get_u64(w), c = wire_get_u64(w);
    if (r != A->size1 || c != A->size2) {
        w->failed = 1;
        return 0;
    }
    for (size_t i = 0; i < A->size1; i++)
        get(w, A->data + i * A->tda, A->size2 * sizeof *A->data);
    return 1;
}

void wire_put_vec(wire *w, const gsl_vector *v)
{
    wire_put_u64(w, v != NULL);
    if (!v)
        return;
    wire_put_u64(w, v->size);
    for (size_t i = 0; i < v->size; i++)
        wire_put_f64(w, gsl_vector_get(v, i));
}

gsl_vector *wire_get_vec(wire *w)
{
    if (!wire_get_u64(w))
        return NULL;
    uint64_t n = wire_get_u64(w);
    if (!shape_ok(w, n, 1))
        return NULL;
    gsl_vector *v = gsl_vector_alloc(n);
    get(w, v->data, n * sizeof *v->data);
    return v;
}

void wire_get_vec_into(wire *w, gsl_vector *v)
{
    if (!wire_get_u64(w) || wire_get_u64(w) != v->size) {
        w->failed = 1;
        return;
    }
    for (size_t i = 0; i < v->size; i++)
        gsl_vector_set(v, i, wire_get_f64(w));
}

void wire_put_rng(wire *w, const gsl_rng *r)
{
    wire_put_str(w, gsl_rng_name(r));
    wire_put_bytes(w, gsl_rng_state(r), gsl_rng_size(r));
}

gsl_rng *wire_get_rng_new(wire *w)
{
    char name[64];
    wire_get_str(w, name, sizeof name);
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t; t++)
        if (strcmp((*t)->name, name) == 0) {
            gsl_rng *r = gsl_rng_alloc(*t);
            wire_get_bytes(w, gsl_rng_state(r), gsl_rng_size(r));
            return r;
        }
    w->failed = 1;
    return NULL;
}

void wire_get_rng_into(wire *w, gsl_rng *r)
{
    char name[64];
    wire_get_str(w, name, sizeof name);
    if (strcmp(name, gsl_rng_name(r)) != 0)
        w->failed = 1;
    wire_get_bytes(w, gsl_rng_state(r), gsl_rng_size(r));
}

uint8_t *wire_get_bytes_new(wire *w, size_t *n)
{
    uint64_t len = wire_get_u64(w);
    if (len > WIRE_MAX_N)
        w->failed = 1, len = 0;
    uint8_t *b = malloc(len ? len : 1);
    get(w, b, len);
    *n = len;
    return b;
}

void wire_put_dense(wire *w, const ae_dense *L)
{
    wire_put_mat(w, L->W);
    wire_put_vec(w, L->b);
    wire_put_dense_grads(w, L);
}

ae_dense *wire_get_dense(wire *w)
{
    gsl_matrix *W = wire_get_mat(w);
    if (!W) {
        w->failed = 1;
        return NULL;
    }
    ae_dense *L = ae_dense_alloc(W->size2, W->size1);
    gsl_matrix_memcpy(L->W, W);
    gsl_matrix_free(W);
    wire_get_vec_into(w, L->b);
    wire_get_dense_grads(w, L);
    return L;
}

void wire_put_dense_grads(wire *w, const ae_dense *L)
{
    wire_put_mat(w, L->dW);
    wire_put_vec(w, L->db);
}

void wire_get_dense_grads(wire *w, ae_dense *L)
{
    wire_get_mat_into(w, L->dW);
    wire_get_vec_into(w, L->db);
}
