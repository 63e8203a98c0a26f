/* progress — what a lesson prints while it runs, and where it stops.
 *
 * One line per epoch on stderr ("lesson07: epoch 2/5: ... (12.3 s)"), after a banner
 * naming the program, the seed and the BLAS that does the products; a diverged loss
 * (NaN, Inf, or grown a thousandfold) stops the run with its epoch and batch; a --batch
 * larger than the data or the memory budget stops it before it starts; a failed gradient
 * check stops it before training with the exercise to finish.
 */
#ifndef AE_PROGRESS_H
#define AE_PROGRESS_H

#include "cli.h"

/* The shared object that provides cblas_dgemm, and OpenBLAS's config if it is OpenBLAS. */
const char *ae_blas_name(void);

/* Monotonic wall-clock seconds. */
double ae_seconds(void);

/* "PROG: <printf> (12.3 s)" on stderr: the progress line of an epoch. The first
 * call prints the header line before it: program, seed, which BLAS does the products. */
void ae_progress(const ae_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The most memory a lesson's buffers for one batch may take: a larger --batch is refused
 * before anything is allocated (it would abort in GSL under `ulimit -v`, or take the machine). */
#define AE_MEM_BUDGET_GB 4.0

/* Exit 2 unless --batch fits: at most n rows, the training set (`set` says what they are,
 * e.g. "training images of --train"), and at most AE_MEM_BUDGET_GB of buffers at row_bytes
 * per batch row (0: no buffer grows with --batch). The line says when --batch was not given. */
void ae_check_batch(const ae_cli *c, size_t n, const char *set, size_t row_bytes);

/* What ae_check_loss keeps of one training run's loss: its first finite, non-zero value.
 * Each training run (each loss it watches) starts its own: ae_loss_watch watch = {0}; */
typedef struct {
    int seen;
    double first;
} ae_loss_watch;

#define AE_LOSS_GROWTH 1e3   /* a loss this many times its first value has diverged */

/* Stop with exit 2 if loss is NaN or Inf, or if |loss| has grown past AE_LOSS_GROWTH times
 * the first value w saw: names the epoch, the batch and a hint (--lr). */
void ae_check_loss(const ae_cli *c, ae_loss_watch *w, double loss, int epoch, size_t batch);

/* The gate before training: prints "gradient check of WHAT: max relative error ERR
 * (tolerance TOL)"; returns 0 when err <= tol, else 1 after a line on stderr that asks
 * to finish EXERCISES (e.g. "exercises 3.1 and 3.2") in FILE. A lesson returns 1 then. */
int ae_gradcheck_gate(const ae_cli *c, const char *what, double err, double tol, const char *exercises,
                      const char *file);

#endif
