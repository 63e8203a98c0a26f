/* Lesson 07's models: the VAE D-HIDDEN-K trained on rec + beta KL (lib/vae.h), its training
 * loop, and the 2-D models of section 7.9 (BOOK.md chapter 7). */
#ifndef L07_MODEL_H
#define L07_MODEL_H

#include "cli.h"
#include "data.h"
#include "figures.h"
#include "optim.h"
#include "vae.h"

enum { HIDDEN = 400 };

/* The 2-D models of codes_beta.png (the first BETA_SHOWN; BETA_MAIN is the lesson's own,
 * trained with --beta) and the further points of rd.png under --sweep. */
enum { BETA_MAIN = 1, BETA_SHOWN = 4, N_BETA_MODELS = 10 };
enum { MAX_SIDE_MODELS = 16, CVAE_CLASSES = 10 };

/* The Gaussian decoders of section 7.12: small sigma, large sigma, and the large one's twin
 * "MSE + 2 KL" (GAUSS_TWIN of GAUSS_LARGE: var = 1/2, beta = 2 sigma^2). */
enum { GAUSS_SMALL = 0, GAUSS_LARGE = 1, GAUSS_TWIN = 2, N_GAUSS = 3 };
extern const rd_point GAUSS_MODELS[N_GAUSS];
extern const rd_point BETA_MODELS[N_BETA_MODELS];

/* A VAE D-HIDDEN-K trained on rec + beta KL, initialised, with its Adam in *opt. */
ae_vae *vae_for(size_t D, size_t K, double beta, const ae_cli *c, ae_optim **opt);

/* The same with a condition of C classes: the conditional VAE (C = 0: vae_for). */
ae_vae *cvae_for(size_t D, size_t K, size_t C, double beta, const ae_cli *c, ae_optim **opt);

/* `epochs` passes over train_set; curve[e] gets both terms on the training batches and on
 * the test set (one z per test image) after epoch e. */
void train(ae_vae *v, ae_optim *opt, const ae_cli *c, int epochs, const ae_dataset *train_set,
           const ae_dataset *test, const char *name, epoch_score *curve);

/* A 2-D VAE on the digits trained as p says; p gets its test KL and reconstruction. */
ae_vae *train_2d(rd_point *p, const ae_cli *c, size_t epochs, const ae_dataset *digits,
                 const ae_dataset *digits_test, epoch_score *curve);

/* The 2-D models trained after the lesson's own, two at a time (lib/par.h). Each piece
 * trains model[i] as its rd_point says for `epochs`, then calls keep (if not NULL) with the
 * model, and frees it unless hold (then the caller frees model[i].v). */
typedef struct side_models side_models;
typedef struct side_model side_model;
struct side_model {
    rd_point *p;
    size_t epochs;
    void (*keep)(side_model *m, side_models *s);
    size_t index;         /* the keep function's own: a row of beta_runs, ... */
    int hold;
    ae_vae *v;
};
struct side_models {
    const ae_cli *c;
    const ae_dataset *digits, *digits_test;
    beta_runs *kept;      /* codes_beta.png's models */
    beta_runs *kept_gauss;/* codes_gauss.png's */
    size_t n;
    side_model model[MAX_SIDE_MODELS];
};

void train_side_models(side_models *s);

/* A beta model's codes and prior samples for codes_beta.png (s->kept's row m->index). */
void keep_beta(side_model *m, side_models *s);

/* A Gaussian decoder's, for codes_gauss.png (s->kept_gauss's row m->index). */
void keep_gauss(side_model *m, side_models *s);

#endif
