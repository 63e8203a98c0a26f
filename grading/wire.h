/* wire — the grader's messages between the runner and the probe, over pipes.
 *
 * The runner (tests/hidden/check_exNN) never links the submission's code: each
 * exercise function it calls is a shim (shim_NN.c) that sends the arguments to the
 * probe (a process built from the submission's exercises.c, serve_NN.c), which calls
 * the submission's function and sends back every output. A message is a sequence of
 * typed values; a reply ends with WIRE_END, so a reply cut short is recognised.
 */
#ifndef AE_WIRE_H
#define AE_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "dense.h"

#define WIRE_END 0x454e4421u   /* "END!" */
#define WIRE_MAX_N (1u << 26)  /* largest array in a message (numbers) */

typedef struct {
    int fd;
    int failed;           /* a read or write failed, or a value was malformed */
    int timeout_ms;       /* reads: wait at most this long for each chunk (0: forever) */
    unsigned char buf[1 << 16];
    size_t len, pos;      /* writing: bytes queued; reading: bytes held, next byte */
} wire;

void wire_init(wire *w, int fd, int timeout_ms);
int wire_flush(wire *w);                   /* 0, or -1 (w->failed) */

void wire_put_u64(wire *w, uint64_t v);
void wire_put_f64(wire *w, double v);
void wire_put_str(wire *w, const char *s);
void wire_put_f64s(wire *w, const double *x, size_t n);
void wire_put_bytes(wire *w, const void *x, size_t n);
void wire_put_mat(wire *w, const gsl_matrix *A);      /* NULL allowed */
void wire_put_vec(wire *w, const gsl_vector *v);      /* NULL allowed */
void wire_put_rng(wire *w, const gsl_rng *r);         /* the generator's state */

uint64_t wire_get_u64(wire *w);
double wire_get_f64(wire *w);
void wire_get_str(wire *w, char *s, size_t cap);
void wire_get_f64s(wire *w, double *x, size_t n);     /* exactly n, else failed */
void wire_get_bytes(wire *w, void *x, size_t n);
gsl_matrix *wire_get_mat(wire *w);                    /* newly allocated, or NULL as sent */
void wire_get_mat_into(wire *w, gsl_matrix *A);       /* same shape as A, else failed */
int wire_get_mat_opt_into(wire *w, gsl_matrix *A);    /* the same, or 0 when NULL was sent */
gsl_vector *wire_get_vec(wire *w);
void wire_get_vec_into(wire *w, gsl_vector *v);
void wire_get_rng_into(wire *w, gsl_rng *r);          /* r must be of the sender's type */
gsl_rng *wire_get_rng_new(wire *w);                   /* a generator of the sender's type and state */
uint8_t *wire_get_bytes_new(wire *w, size_t *n);      /* newly allocated (n may be 0) */

/* A dense layer: its sizes, W, b, dW, db; its gradients alone (what a backward adds). */
void wire_put_dense(wire *w, const ae_dense *L);
ae_dense *wire_get_dense(wire *w);
void wire_put_dense_grads(wire *w, const ae_dense *L);
void wire_get_dense_grads(wire *w, ae_dense *L);      /* into L, whose shape they must have */

#endif
