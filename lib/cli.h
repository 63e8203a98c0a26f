/* cli — the command line every lesson shares, and its progress lines.
 *
 *   --epochs N --batch N --lr X --seed N --latent N --data NAME --data-dir DIR
 *   --out DIR --quick --help
 *
 * A lesson fills in its defaults, then calls ae_cli_parse. --help prints the
 * options with those defaults and exits 0; a bad value prints one line naming
 * the flag and exits 2. Flags a lesson does not use are neither listed nor
 * accepted. --quick asks for a run of a few seconds; the lesson decides what
 * that means for every setting the user did not give explicitly.
 */
#ifndef AE_CLI_H
#define AE_CLI_H

#include <stddef.h>

enum ae_opt {
    AE_OPT_EPOCHS = 1 << 0, AE_OPT_BATCH = 1 << 1, AE_OPT_LR = 1 << 2,
    AE_OPT_SEED = 1 << 3, AE_OPT_LATENT = 1 << 4, AE_OPT_DATA = 1 << 5,
    AE_OPT_DATA_DIR = 1 << 6, AE_OPT_OUT = 1 << 7, AE_OPT_QUICK = 1 << 8
};

/* A lesson's own flag: --name VALUE (or --name alone for AE_X_FLAG). */
typedef enum { AE_X_SIZE, AE_X_REAL, AE_X_CHOICE, AE_X_FLAG, AE_X_STRING } ae_cli_kind;

typedef struct {
    const char *name;      /* without "--"; NULL ends the list */
    ae_cli_kind kind;      /* value points to: size_t, double, const char *, int, const char *
                            * (AE_X_STRING: any non-empty text, e.g. a path; default may be NULL) */
    void *value;           /* holds the default before parsing */
    double lo, hi;         /* AE_X_SIZE, AE_X_REAL: the accepted range */
    const char *choices;   /* AE_X_CHOICE: "minimax,nonsat" */
    const char *help;      /* one line for --help (the default is appended) */
    int given;             /* set by ae_cli_parse */
} ae_cli_extra;

#define AE_CLI_MAX_EXTRA 16

typedef struct {
    /* set by the lesson before parsing */
    const char *prog;          /* "lesson01" */
    const char *title;         /* "linear-pca: a linear autoencoder spans the PCA subspace" */
    const char *about;         /* more lines for --help (runtime, outputs, BOOK chapter) */
    unsigned uses;             /* AE_OPT_* flags this lesson takes (seed, out, quick, help always) */
    const char *data_choices;  /* e.g. "fashion,mnist" */
    ae_cli_extra *extra;       /* the lesson's own flags (NULL or ended by name == NULL) */
    /* values: defaults, then what the command line said */
    int epochs;
    size_t batch;
    double lr;
    unsigned long seed;
    size_t latent;
    const char *data;
    const char *data_dir;      /* default AE_DATA_DIR, or $AELAB_DATA */
    const char *out;
    int quick;
    unsigned given;            /* AE_OPT_* flags given on the command line */
    double t0;                 /* start time (ae_seconds) */
} ae_cli;

/* Parse argv into c (exits 0 after --help, 2 on a bad flag). Then the output
 * directory is created and checked writable, and ae_out_run called. */
void ae_cli_parse(ae_cli *c, int argc, char **argv);

/* Whether the user gave this flag (so --quick must not override it). */
int ae_cli_given(const ae_cli *c, enum ae_opt opt);

/* The shared object that provides cblas_dgemm, and OpenBLAS's config if it is OpenBLAS. */
const char *ae_blas_name(void);

/* Monotonic wall-clock seconds. */
double ae_seconds(void);

/* "PROG: <printf> (12.3 s)" on stderr: the progress line of an epoch. The first
 * call prints the header line before it: program, seed, which BLAS does the products. */
void ae_progress(const ae_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Stop with exit 2 if loss is NaN or Inf: names the epoch, the batch and a hint (--lr). */
void ae_check_loss(const ae_cli *c, double loss, int epoch, size_t batch);

#endif
