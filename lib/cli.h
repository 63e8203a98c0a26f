/* cli — the command line every lesson shares.
 *
 *   --epochs N --batch N --lr X --seed N --latent N --data NAME --data-dir DIR
 *   --out DIR --quick --help
 *
 * A lesson fills in its defaults, then calls ae_cli_parse. --help prints the
 * options with those defaults and exits 0; a bad value prints one line naming
 * the flag and exits 2. Flags a lesson does not use are neither listed nor
 * accepted. --quick asks for a run of a few seconds: ae_cli_parse sets every
 * flag that has a quick value (quick_epochs, ..., an extra's .quick) and that the
 * command line did not give; what else --quick shrinks, the lesson does itself.
 * The progress lines and the stops are in progress.h.
 */
#ifndef AE_CLI_H
#define AE_CLI_H

#include <stddef.h>

enum ae_flag {
    AE_FLAG_EPOCHS = 1 << 0, AE_FLAG_BATCH = 1 << 1, AE_FLAG_LR = 1 << 2,
    AE_FLAG_SEED = 1 << 3, AE_FLAG_LATENT = 1 << 4, AE_FLAG_DATA = 1 << 5,
    AE_FLAG_DATA_DIR = 1 << 6, AE_FLAG_OUT = 1 << 7, AE_FLAG_QUICK = 1 << 8
};

/* A lesson's own flag: --name VALUE (or --name alone for AE_X_FLAG), written with
 * designated initialisers: {.name = "train", .kind = AE_X_SIZE, .value = &n_train,
 * .lo = 100, .hi = 60000, .quick = 3000, .help = "training images to use"}. */
typedef enum { AE_X_SIZE, AE_X_REAL, AE_X_CHOICE, AE_X_FLAG, AE_X_STRING } ae_cli_kind;

typedef struct {
    const char *name;      /* without "--"; NULL ends the list */
    ae_cli_kind kind;      /* value points to: size_t, double, const char *, int, const char *
                            * (AE_X_STRING: any non-empty text, e.g. a path; default may be NULL) */
    void *value;           /* holds the default before parsing */
    double lo, hi;         /* AE_X_SIZE, AE_X_REAL: the accepted range */
    const char *choices;   /* AE_X_CHOICE: "minimax,nonsat" */
    const char *help;      /* one line for --help (the default is appended) */
    double quick;          /* AE_X_SIZE, AE_X_REAL: the value under --quick (0: the default stays) */
    int given;             /* set by ae_cli_parse */
} ae_cli_extra;

#define AE_CLI_MAX_EXTRA 16

typedef struct {
    /* set by the lesson before parsing */
    const char *prog;          /* "lesson01" */
    const char *title;         /* "linear-pca: a linear autoencoder spans the PCA subspace" */
    const char *about;         /* more lines for --help (runtime, outputs, BOOK chapter) */
    unsigned uses;             /* AE_FLAG_* flags this lesson takes (seed, out, quick, help always) */
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
    /* what --quick sets where the command line did not (0: the default stays) */
    int quick_epochs;
    size_t quick_batch;
    double quick_lr;
    size_t quick_latent;
    unsigned given;            /* AE_FLAG_* flags given on the command line */
    double t0;                 /* start time (ae_seconds) */
} ae_cli;

/* Parse argv into c (exits 0 after --help, 2 on a bad flag). Then the output
 * directory is created and checked writable, and ae_out_run called. */
void ae_cli_parse(ae_cli *c, int argc, char **argv);

/* Whether the user gave this flag on the command line. */
int ae_cli_given(const ae_cli *c, enum ae_flag opt);

#endif
