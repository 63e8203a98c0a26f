/* serve — the probe's side of the grader: a process built from the submission's
 * exercises.c (and libae), which reads a call from fd 0, runs the submission's
 * function and writes every output to fd 3 (see probe.h for the runner's side).
 * Each lesson's serve_NN.c lists its exercises: one handler per function, which
 * reads the arguments in the shim's order, calls, and writes the outputs.
 */
#ifndef AE_SERVE_H
#define AE_SERVE_H

#include "wire.h"

typedef struct {
    const char *name;                      /* "ex07_gauss_kl" */
    void (*handle)(wire *in, wire *out);
} serve_entry;

extern const serve_entry SERVE[];          /* ended by {NULL, NULL}; in serve_NN.c */

/* A library function that is the exercise's own answer was called: answer with a
 * refusal that names it, and stop (grading/poison_NN.c). */
void serve_refuse(const char *fn, const char *exercise) __attribute__((noreturn));

#endif
