/* Lesson 08 — the GAN, and the GAN against the VAE on the same digits.
 *
 * Goodfellow's GAN with an MLP generator 100-256-512-784 (leaky ReLU, tanh) and
 * discriminator 784-512-256-1 (leaky ReLU), Adam with beta1 = 0.5, k discriminator
 * steps per generator step, and either generator loss: minimax log(1 - D(G(z))) or
 * non-saturating -log D(G(z)) (lib/gan.c). The VAE of lesson 07 (lib/vae.c) trains in
 * the same loop on the same batches of MNIST digits for the same number of epochs.
 * Then numbers, not only pictures: a classifier trained here on the real digits scores
 * the samples (confident share, entropy of the class histogram), the distance of each
 * sample to its nearest training digit, and a Parzen-window log-likelihood of the test
 * digits with sigma chosen on a validation split (Goodfellow et al. 2014). A short
 * second GAN run with the other generator loss shows why the minimax loss saturates.
 * BOOK.md chapter 8.
 *
 * Run:    make lesson08                  (about 26 s: 10 epochs of 7,000 digits)
 *         make lesson08 ARGS="--gen-loss minimax --k 2"
 *         make lesson08 ARGS="--quick"   (a few seconds: 800 digits, 2 epochs)
 * Writes: out/08-gan/curve.dat        per generator step: D(x), D(G(z)), both losses, ||dL/dtheta_G||
 *         out/08-gan/epochs.dat       per epoch: held-out D(x), D(G(z)), E; the VAE's test -ELBO
 *         out/08-gan/saturation.dat   the first steps of both generator losses from one start
 *         out/08-gan/gloss.dat        both generator losses and their gradients against D(G(z))
 *         out/08-gan/samples_vae.dat, samples_gan.dat, samples_real.dat   64 of each
 *         out/08-gan/nearest.dat      samples above their nearest training digits
 *         out/08-gan/classes.dat      the classifier's class histogram of each set
 *         out/08-gan/parzen.dat       validation log-likelihood against sigma
 *         out/08-gan/comparison.dat   the table: classifier scores, nearest-neighbour distance, Parzen
 *         out/08-gan/classifier.dat   the classifier's training curve
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "gan.h"
#include "loss.h"
#include "net.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"
#include "vae.h"

enum { HIDDEN = 400, LATENT = 20, CLS_HIDDEN = 256, CLASSES = 10, VALID = 996, SHOW = 64, NN_SHOW = 10 };
enum { EVAL_ROWS = 500, NN_ROWS = 100, NN_SAMPLES = 1000, GLOSS_POINTS = 199, CLS_EPOCHS = 10, AVG_STEPS = 25 };
enum { QUICK_TRAIN = 800, QUICK_EPOCHS = 2, QUICK_SAMPLES = 300, QUICK_SAT = 16 };
#define VAE_LR 1e-3        /* lesson 07's rate */
#define CLS_LR 1e-3
#define CONFIDENT 0.9      /* a "confident" prediction: largest class probability >= 0.9 */
static const double SIGMAS[] = {0.05, 0.07, 0.1, 0.12, 0.15, 0.18, 0.22, 0.27, 0.35};
enum { NSIGMA = sizeof SIGMAS / sizeof *SIGMAS };
enum { REAL, VAE, GAN, NSETS };   /* rows of the comparison: real digits, VAE samples, GAN samples */

typedef struct {
    double d_real, d_fake, d_loss, g_loss, g_norm;
} gan_row;

typedef struct {
    double d_real, d_fake, E, vae_rec, vae_kl;
} epoch_row;

/* ---- the GAN and the VAE, trained side by side ---- */

typedef struct {
    ae_gan *g;
    ae_vae *v;               /* NULL: the GAN alone (the saturation run) */
    ae_optim *vae_opt;
    ae_gan_loss kind;
    size_t k;                /* discriminator steps per generator step */
    gan_row *log;            /* one row per generator step */
    size_t steps, max_steps;
    double gan_seconds, vae_seconds;
} run;

/* Pixels in [0, 1] to the generator's range [-1, 1]. */
static void to_tanh_range(gsl_matrix *X)
{
    gsl_matrix_scale(X, 2.0);
    gsl_matrix_add_constant(X, -1.0);
}

/* BOOK: gan_train */
/* One epoch over train_set. Every batch is one discriminator step (8.2); every k-th is
 * followed by a generator step (8.3). The VAE, if any, takes a step on the same batch. */
static void train_epoch(run *R, const ae_cli *c, ae_batcher *batches, gsl_matrix *X, gsl_matrix *Xg,
                        const ae_dataset *train_set, gsl_rng *shuffle, gsl_rng *noise[2], int epoch)
{
    ae_batcher_epoch(batches, shuffle);
    const size_t *idx;
    size_t rows;
    for (size_t b = 0; R->steps < R->max_steps && (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, train_set->dim);
        gsl_matrix_view Xr = gsl_matrix_submatrix(Xg, 0, 0, rows, train_set->dim);
        ae_batch_fill(&Xb.matrix, NULL, train_set, idx, rows);
        if (R->v) {                                           /* the VAE: lesson 07's step */
            double t0 = ae_seconds();
            ae_vae_draw_eps(R->v, rows, noise[1]);
            ae_optim_zero_grad(R->vae_opt);
            ae_check_loss(c, ae_vae_loss_grad(R->v, &Xb.matrix), epoch, b + 1);
            ae_vae_backward(R->v);
            ae_optim_step(R->vae_opt);
            R->vae_seconds += ae_seconds() - t0;
        }
        double t0 = ae_seconds();
        gsl_matrix_memcpy(&Xr.matrix, &Xb.matrix);
        to_tanh_range(&Xr.matrix);
        ae_check_loss(c, ae_gan_d_step(R->g, &Xr.matrix, noise[0]), epoch, b + 1);   /* k times ... */
        if ((b + 1) % R->k == 0) {
            ae_check_loss(c, ae_gan_g_step(R->g, R->kind, noise[0]), epoch, b + 1);  /* ... then G once */
            R->log[R->steps++] = (gan_row){R->g->d_real, R->g->d_fake, R->g->d_loss, R->g->g_loss,
                                           R->g->g_norm};
        }
        R->gan_seconds += ae_seconds() - t0;
    }
}
/* END BOOK */

/* Held-out discriminator: D(x) on the test digits, D(G(z)) on as many fakes, and E (8.1)
 * through exercise 8.1. */
static void evaluate_d(epoch_row *e, ae_gan *g, const ae_dataset *test, gsl_matrix *Xg, gsl_rng *noise)
{
    size_t n = test->n - test->n % g->m, count = 0;   /* whole minibatches */
    gsl_vector *a_real = gsl_vector_alloc(g->m), *a_fake = gsl_vector_alloc(g->m);
    gsl_vector *d_real = gsl_vector_alloc(g->m), *d_fake = gsl_vector_alloc(g->m);
    e->d_real = e->d_fake = e->E = 0.0;
    for (size_t first = 0; first < n; first += g->m, count++) {
        gsl_matrix_view Xr = gsl_matrix_submatrix(Xg, 0, 0, g->m, test->dim);
        ae_batch_range(&Xr.matrix, NULL, test, first, g->m);
        to_tanh_range(&Xr.matrix);
        gsl_vector_const_view ar = gsl_matrix_const_column(ae_net_forward(g->Dnet, &Xr.matrix), 0);
        gsl_vector_memcpy(a_real, &ar.vector);
        gsl_vector_const_view af = gsl_matrix_const_column(ae_net_forward(g->Dnet, ae_gan_generate(g, noise)), 0);
        gsl_vector_memcpy(a_fake, &af.vector);
        e->E += ex08_d_loss(d_real, d_fake, a_real, a_fake);
        for (size_t i = 0; i < g->m; i++) {
            e->d_real += ae_sigmoid(gsl_vector_get(a_real, i)) / (double)n;
            e->d_fake += ae_sigmoid(gsl_vector_get(a_fake, i)) / (double)n;
        }
    }
    e->E /= (double)count;
    gsl_vector_free(a_real);
    gsl_vector_free(a_fake);
    gsl_vector_free(d_real);
    gsl_vector_free(d_fake);
}

static run run_alloc(const ae_cli *c, size_t D, size_t k, ae_gan_loss kind, int with_vae, size_t max_steps)
{
    run R = {.g = ae_gan_alloc(D, c->batch, c->lr), .kind = kind, .k = k, .max_steps = max_steps,
             .log = malloc(max_steps * sizeof(gan_row))};
    AE_ASSERT(R.log);
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);   /* both GAN runs start alike */
    ae_gan_init(R.g, init);
    if (with_vae) {
        R.v = ae_vae_alloc(D, HIDDEN, LATENT, c->batch > EVAL_ROWS ? c->batch : EVAL_ROWS);
        ae_vae_init(R.v, init);
        R.vae_opt = ae_optim_alloc(AE_ADAM, VAE_LR);
        ae_vae_add_params(R.v, R.vae_opt);
    }
    gsl_rng_free(init);
    return R;
}

/* Free the models, keep the log (the memory goes to the scoring that follows). */
static void run_free_models(run *R)
{
    ae_gan_free(R->g);
    ae_vae_free(R->v);
    ae_optim_free(R->vae_opt);
    R->g = NULL;
    R->v = NULL;
    R->vae_opt = NULL;
}

static void run_free(run *R)
{
    run_free_models(R);
    free(R->log);
}

/* Train R for `epochs` epochs (or until max_steps generator steps); with test != NULL,
 * evaluate both models after each epoch into ep. */
static void train(run *R, const ae_cli *c, int epochs, const ae_dataset *train_set, const ae_dataset *test,
                  epoch_row *ep)
{
    gsl_matrix *X = gsl_matrix_alloc(c->batch, train_set->dim), *Xg = gsl_matrix_alloc(c->batch, train_set->dim);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    gsl_rng *noise[2] = {ae_rng_alloc(c->seed, AE_RNG_NOISE), ae_rng_alloc(c->seed + 1, AE_RNG_NOISE)};   /* z; the VAE's eps */
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    for (int epoch = 1; epoch <= epochs && R->steps < R->max_steps; epoch++) {
        train_epoch(R, c, batches, X, Xg, train_set, shuffle, noise, epoch);
        if (!test)
            continue;
        epoch_row *e = &ep[epoch - 1];
        gsl_rng *eval = ae_rng_alloc(c->seed, AE_RNG_DATA);   /* the same draws every epoch */
        evaluate_d(e, R->g, test, Xg, eval);
        ae_vae_evaluate(R->v, test, eval, &e->vae_rec, &e->vae_kl);
        gsl_rng_free(eval);
        ae_progress(c, "epoch %d/%d: GAN on test digits D(x) %.3f, D(G(z)) %.3f, E %.3f (%zu G steps, %.1f s); "
                    "VAE test -ELBO %.2f (rec %.2f + KL %.2f) nats (%.1f s)", epoch, epochs, e->d_real,
                    e->d_fake, e->E, R->steps, R->gan_seconds, e->vae_rec + e->vae_kl, e->vae_rec, e->vae_kl,
                    R->vae_seconds);
    }
    ae_batcher_free(batches);
    gsl_rng_free(shuffle);
    gsl_rng_free(noise[0]);
    gsl_rng_free(noise[1]);
    gsl_matrix_free(X);
    gsl_matrix_free(Xg);
}

/* ---- the classifier that scores the samples (lesson 00's softmax net) ---- */

static ae_net *train_classifier(const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test,
                                int epochs, double *curve)
{
    const size_t sizes[] = {train_set->dim, CLS_HIDDEN, CLASSES};
    const ae_act f[] = {AE_RELU, AE_IDENTITY};
    ae_net *net = ae_net_alloc(2, sizes, f, EVAL_ROWS);
    gsl_rng *init = ae_rng_alloc(c->seed + 1, AE_RNG_INIT), *shuffle = ae_rng_alloc(c->seed + 1, AE_RNG_SHUFFLE);
    ae_net_init(net, init, 1.0);
    ae_optim *opt = ae_optim_alloc(AE_ADAM, CLS_LR);
    ae_net_add_params(net, opt);
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, train_set->dim), *P = gsl_matrix_alloc(EVAL_ROWS, CLASSES);
    gsl_matrix *dA = gsl_matrix_alloc(EVAL_ROWS, CLASSES);
    uint8_t y[EVAL_ROWS];
    ae_batcher *batches = ae_batcher_alloc(train_set->n, c->batch);
    for (int epoch = 1; epoch <= epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        double sum = 0.0;
        for (size_t b = 0; (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, train_set->dim);
            gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, rows, CLASSES);
            gsl_matrix_view dAb = gsl_matrix_submatrix(dA, 0, 0, rows, CLASSES);
            ae_batch_fill(&Xb.matrix, y, train_set, idx, rows);
            ae_optim_zero_grad(opt);
            double loss = ae_loss_softmax_ce(&dAb.matrix, &Pb.matrix, ae_net_forward(net, &Xb.matrix), y);
            ae_check_loss(c, loss, epoch, b + 1);
            ae_net_backward(net, &dAb.matrix, AE_SKIP_DX);
            ae_optim_step(opt);
            sum += loss * (double)rows;
        }
        size_t correct = 0;
        for (size_t first = 0; first < test->n; first += EVAL_ROWS) {
            size_t n = test->n - first < EVAL_ROWS ? test->n - first : EVAL_ROWS;
            gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, n, test->dim);
            gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, n, CLASSES);
            ae_batch_range(&Xb.matrix, y, test, first, n);
            ae_loss_softmax_ce(NULL, &Pb.matrix, ae_net_forward(net, &Xb.matrix), y);
            correct += ae_count_correct(&Pb.matrix, y);
        }
        curve[3 * (epoch - 1)] = epoch;
        curve[3 * (epoch - 1) + 1] = sum / (double)train_set->n;
        curve[3 * (epoch - 1) + 2] = (double)correct / (double)test->n;
    }
    ae_progress(c, "classifier %zu-%d-%d: test accuracy %.2f%%", train_set->dim, CLS_HIDDEN, CLASSES,
                100 * curve[3 * (epochs - 1) + 2]);
    ae_batcher_free(batches);
    ae_optim_free(opt);
    gsl_matrix_free(X);
    gsl_matrix_free(P);
    gsl_matrix_free(dA);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    return net;
}

/* ---- samples ---- */

/* n GAN samples (rows of S, n x D) mapped from [-1, 1] back to pixels in [0, 1]. */
static void sample_gan(double *S, size_t n, ae_gan *g, gsl_rng *r)
{
    for (size_t first = 0; first < n; first += g->m) {
        const gsl_matrix *F = ae_gan_generate(g, r);
        size_t rows = n - first < g->m ? n - first : g->m;
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < g->D; j++)
                S[(first + i) * g->D + j] = 0.5 * (gsl_matrix_get(F, i, j) + 1.0);
    }
}

/* n VAE samples: the decoder's mean sigmoid(a(z)) for z ~ N(0, I). */
static void sample_vae(double *S, size_t n, ae_vae *v, gsl_rng *r)
{
    gsl_matrix *Z = gsl_matrix_alloc(v->max_batch, v->K);
    for (size_t first = 0; first < n; first += v->max_batch) {
        size_t rows = n - first < v->max_batch ? n - first : v->max_batch;
        gsl_matrix_view Zb = gsl_matrix_submatrix(Z, 0, 0, rows, v->K);
        gsl_matrix_view Sb = gsl_matrix_view_array(S + first * v->D, rows, v->D);
        for (size_t i = 0; i < rows * v->K; i++)
            gsl_matrix_set(&Zb.matrix, i / v->K, i % v->K, ae_rng_gaussian(r, 1.0));
        ae_vae_decode(v, &Sb.matrix, &Zb.matrix);
    }
    gsl_matrix_free(Z);
}

/* The first n examples of ds as rows of S. */
static void real_rows(double *S, size_t n, const ae_dataset *ds)
{
    gsl_matrix_view Sv = gsl_matrix_view_array(S, n, ds->dim);
    ae_batch_range(&Sv.matrix, NULL, ds, 0, n);
}

/* ---- the scores ---- */

typedef struct {
    double confident, entropy, maxp, nn_dist, parzen, parzen_se, sigma;
    double hist[CLASSES];
    double valid_ll[NSIGMA];
    size_t nearest[NN_SHOW];     /* the training digit nearest to each of the first samples */
} scores;

/* BOOK: classifier_scores */
/* Share of samples the classifier labels with probability >= CONFIDENT, the entropy of
 * its class histogram (log 10 = 2.303 nats when every digit is equally common), the
 * mean largest probability. */
static void classify(scores *s, ae_net *cls, const double *S, size_t n, size_t D)
{
    gsl_matrix *P = gsl_matrix_alloc(EVAL_ROWS, CLASSES);
    uint8_t y[EVAL_ROWS] = {0};
    double count[CLASSES] = {0};
    s->confident = s->maxp = s->entropy = 0.0;
    for (size_t first = 0; first < n; first += EVAL_ROWS) {
        size_t rows = n - first < EVAL_ROWS ? n - first : EVAL_ROWS;
        gsl_matrix_const_view X = gsl_matrix_const_view_array(S + first * D, rows, D);
        gsl_matrix_view Pb = gsl_matrix_submatrix(P, 0, 0, rows, CLASSES);
        ae_loss_softmax_ce(NULL, &Pb.matrix, ae_net_forward(cls, &X.matrix), y);   /* p = softmax */
        for (size_t i = 0; i < rows; i++) {
            gsl_vector_view p = gsl_matrix_row(&Pb.matrix, i);
            size_t k = gsl_vector_max_index(&p.vector);
            double pk = gsl_vector_get(&p.vector, k);
            count[k] += 1.0;
            s->maxp += pk / (double)n;
            s->confident += (pk >= CONFIDENT) / (double)n;
        }
    }
    for (size_t k = 0; k < CLASSES; k++) {
        s->hist[k] = count[k] / (double)n;
        if (s->hist[k] > 0)
            s->entropy -= s->hist[k] * log(s->hist[k]);   /* H = -sum_k q_k log q_k */
    }
    gsl_matrix_free(P);
}
/* END BOOK */

/* Squared distances C_ij = ||a_i||^2 + ||b_j||^2 - 2 a_i . b_j (A: n x D, B: m x D, C: n x m). */
static void sq_dist(gsl_matrix *C, const gsl_matrix *A, const gsl_matrix *B, const double *a2, const double *b2)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, -2.0, A, B, 0.0, C);
    for (size_t i = 0; i < C->size1; i++)
        for (size_t j = 0; j < C->size2; j++)
            *gsl_matrix_ptr(C, i, j) += a2[i] + b2[j];
}

static double *sq_norms(const double *S, size_t n, size_t D)
{
    double *s2 = malloc(n * sizeof *s2);
    AE_ASSERT(s2);
    for (size_t i = 0; i < n; i++) {
        s2[i] = 0.0;
        for (size_t j = 0; j < D; j++)
            s2[i] += S[i * D + j] * S[i * D + j];
    }
    return s2;
}

/* Mean Euclidean distance of the first n samples to their nearest training digit (T: t x D),
 * NN_ROWS samples at a time (their distances to every training digit: NN_ROWS x t). */
static void nearest(scores *s, const double *S, size_t n, const double *T, size_t t, size_t D)
{
    double *s2 = sq_norms(S, n, D), *t2 = sq_norms(T, t, D);
    gsl_matrix *C = gsl_matrix_alloc(NN_ROWS, t);
    gsl_matrix_const_view Tv = gsl_matrix_const_view_array(T, t, D);
    s->nn_dist = 0.0;
    for (size_t first = 0; first < n; first += NN_ROWS) {
        size_t rows = n - first < NN_ROWS ? n - first : NN_ROWS;
        gsl_matrix_const_view A = gsl_matrix_const_view_array(S + first * D, rows, D);
        gsl_matrix_view Cb = gsl_matrix_submatrix(C, 0, 0, rows, t);
        sq_dist(&Cb.matrix, &A.matrix, &Tv.matrix, s2 + first, t2);
        for (size_t i = 0; i < rows; i++) {
            gsl_vector_view row = gsl_matrix_row(&Cb.matrix, i);
            size_t j = gsl_vector_min_index(&row.vector);
            s->nn_dist += sqrt(fmax(0.0, gsl_vector_get(&row.vector, j))) / (double)n;
            if (first + i < NN_SHOW)
                s->nearest[first + i] = j;
        }
    }
    gsl_matrix_free(C);
    free(s2);
    free(t2);
}

/* BOOK: parzen */
/* Parzen-window log-likelihood of each row of E (e x D) under n Gaussian kernels of
 * width sigma centred on the samples S (8.8):
 *   log p(x) = logsumexp_i(-||x - s_i||^2 / 2 sigma^2) - log n - (D/2) log(2 pi sigma^2).
 * For every sigma of the list: the mean into ll[k] and, with se, its standard error. */
static void parzen(double *ll, double *se, const double *sigmas, size_t nsigma, const double *E, size_t e,
                   const double *S, size_t n, size_t D)
{
    double *e2 = sq_norms(E, e, D), *s2 = sq_norms(S, n, D), *sum2 = calloc(nsigma, sizeof *sum2);
    gsl_matrix *C = gsl_matrix_alloc(EVAL_ROWS, n);
    gsl_matrix_const_view Sv = gsl_matrix_const_view_array(S, n, D);
    AE_ASSERT(sum2);
    for (size_t k = 0; k < nsigma; k++)
        ll[k] = 0.0;
    for (size_t first = 0; first < e; first += EVAL_ROWS) {
        size_t rows = e - first < EVAL_ROWS ? e - first : EVAL_ROWS;
        gsl_matrix_const_view A = gsl_matrix_const_view_array(E + first * D, rows, D);
        gsl_matrix_view Cb = gsl_matrix_submatrix(C, 0, 0, rows, n);
        sq_dist(&Cb.matrix, &A.matrix, &Sv.matrix, e2 + first, s2);
        for (size_t i = 0; i < rows; i++) {
            const double *d2 = Cb.matrix.data + i * Cb.matrix.tda;
            double dmin = d2[0];
            for (size_t j = 1; j < n; j++)
                dmin = fmin(dmin, d2[j]);
            for (size_t k = 0; k < nsigma; k++) {
                double h = 2.0 * sigmas[k] * sigmas[k], sum = 0.0;
                for (size_t j = 0; j < n; j++)
                    sum += exp(-(d2[j] - dmin) / h);              /* logsumexp, shifted by the max */
                double lp = -dmin / h + log(sum) - log((double)n) - 0.5 * (double)D * log(M_PI * h);
                ll[k] += lp / (double)e;
                sum2[k] += lp * lp / (double)e;
            }
        }
    }
    for (size_t k = 0; se && k < nsigma; k++)
        se[k] = sqrt(fmax(0.0, sum2[k] - ll[k] * ll[k]) / (double)e);
    gsl_matrix_free(C);
    free(e2);
    free(s2);
    free(sum2);
}
/* END BOOK */

/* Every score of one set of samples S (n x D). */
static void score_set(scores *s, ae_net *cls, const double *S, size_t n, const ae_dataset *train_set,
                      const double *T, const double *Vd, size_t nv, const double *Td, size_t nt)
{
    size_t D = train_set->dim;
    classify(s, cls, S, n, D);
    nearest(s, S, n < NN_SAMPLES ? n : NN_SAMPLES, T, train_set->n, D);
    parzen(s->valid_ll, NULL, SIGMAS, NSIGMA, Vd, nv, S, n, D);       /* sigma on the validation split */
    size_t best = 0;
    for (size_t k = 1; k < NSIGMA; k++)
        if (s->valid_ll[k] > s->valid_ll[best])
            best = k;
    s->sigma = SIGMAS[best];
    parzen(&s->parzen, &s->parzen_se, &s->sigma, 1, Td, nt, S, n, D);   /* then once on test */
}

/* ---- outputs ---- */

static int write_logs(const ae_cli *c, const run *R, const epoch_row *ep, int epochs, const run *other)
{
    double *rows = malloc(R->steps * 8 * sizeof *rows), avg[2] = {0, 0};
    AE_ASSERT(rows);
    for (size_t i = 0; i < R->steps; i++) {
        const gan_row *g = &R->log[i];
        avg[0] += g->d_real - (i >= AVG_STEPS ? R->log[i - AVG_STEPS].d_real : 0.0);   /* running sums */
        avg[1] += g->d_fake - (i >= AVG_STEPS ? R->log[i - AVG_STEPS].d_fake : 0.0);
        double n = i + 1 < AVG_STEPS ? i + 1 : AVG_STEPS;
        double r[8] = {i + 1, g->d_real, g->d_fake, avg[0] / n, avg[1] / n, g->d_loss, g->g_loss, g->g_norm};
        memcpy(rows + 8 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "curve.dat", "per generator step: mean D(x), D(G(z)) of the "
                                "discriminator's batch and their means over the last 25 steps, E (8.1), "
                                "G's loss, ||dL/dtheta_G||",
                                "step d_real d_fake d_real_avg d_fake_avg d_loss g_loss g_norm", rows, R->steps, 8);
    free(rows);
    if (status)
        return status;
    double *e = malloc((size_t)epochs * 7 * sizeof *e);
    AE_ASSERT(e);
    for (int i = 0; i < epochs; i++) {
        double r[7] = {i + 1, ep[i].d_real, ep[i].d_fake, ep[i].E, ep[i].vae_rec, ep[i].vae_kl,
                       ep[i].vae_rec + ep[i].vae_kl};
        memcpy(e + 7 * i, r, sizeof r);
    }
    status = ae_write_table(c->out, "epochs.dat", "per epoch on the test digits: the GAN's discriminator "
                            "and the VAE's -ELBO (nats)", "epoch d_real d_fake E vae_rec vae_kl vae_loss",
                            e, (size_t)epochs, 7);
    free(e);
    if (status)
        return status;
    /* the saturation run: the same start, the first steps of both generator losses */
    const run *mm = R->kind == AE_GAN_MINIMAX ? R : other, *ns = R->kind == AE_GAN_MINIMAX ? other : R;
    size_t n = other->steps;
    double *s = malloc(n * 5 * sizeof *s);
    AE_ASSERT(s);
    for (size_t i = 0; i < n; i++) {
        double r[5] = {i + 1, mm->log[i].g_norm, mm->log[i].d_fake, ns->log[i].g_norm, ns->log[i].d_fake};
        memcpy(s + 5 * i, r, sizeof r);
    }
    status = ae_write_table(c->out, "saturation.dat", "the first generator steps from one start: "
                            "||dL/dtheta_G|| and mean D(G(z)) with each loss",
                            "step norm_minimax dfake_minimax norm_nonsat dfake_nonsat", s, n, 5);
    free(s);
    return status;
}

/* BOOK: gloss_table */
/* Both generator losses and their gradients dloss/da against D(G(z)) = sigmoid(a),
 * through exercise 8.2. */
static int write_gloss(const ae_cli *c)
{
    double rows[GLOSS_POINTS * 5];
    gsl_vector *a = gsl_vector_alloc(1), *da = gsl_vector_alloc(1);
    for (size_t i = 0; i < GLOSS_POINTS; i++) {
        double d = (i + 1.0) / (GLOSS_POINTS + 1.0);
        gsl_vector_set(a, 0, log(d / (1.0 - d)));            /* a = logit(D) */
        double *r = rows + 5 * i;
        r[0] = d;
        r[1] = ex08_g_loss(da, a, 0);                        /* log(1 - D) */
        r[2] = gsl_vector_get(da, 0);                        /* -D */
        r[3] = ex08_g_loss(da, a, 1);                        /* -log D */
        r[4] = gsl_vector_get(da, 0);                        /* D - 1 */
    }
    gsl_vector_free(a);
    gsl_vector_free(da);
    return ae_write_table(c->out, "gloss.dat", "generator losses and dloss/da against D(G(z)) (exercise 8.2)",
                          "d minimax dminimax nonsat dnonsat", rows, GLOSS_POINTS, 5);
}
/* END BOOK */

static int write_samples(const ae_cli *c, double *const S[NSETS], const scores *sc, const double *T)
{
    static const char *names[NSETS] = {"samples_real.dat", "samples_vae.dat", "samples_gan.dat"};
    static const char *what[NSETS] = {"64 test digits", "64 VAE samples: sigmoid(decoder(z)), z ~ N(0, I)",
                                      "64 GAN samples: (G(z) + 1)/2, z ~ N(0, I)"};
    const size_t D = 784;
    for (size_t k = 0; k < NSETS; k++) {
        int status = ae_write_mosaic(c->out, names[k], what[k], S[k], SHOW, 28, 28, 8, 1.0);
        if (status)
            return status;
    }
    double *img = malloc(4 * NN_SHOW * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t r = 0; r < 2; r++) {   /* rows: GAN samples, their nearest; VAE samples, their nearest */
        size_t set = r == 0 ? GAN : VAE;
        for (size_t i = 0; i < NN_SHOW; i++) {
            memcpy(img + ((2 * r) * NN_SHOW + i) * D, S[set] + i * D, D * sizeof *img);
            memcpy(img + ((2 * r + 1) * NN_SHOW + i) * D, T + sc[set].nearest[i] * D, D * sizeof *img);
        }
    }
    int status = ae_write_mosaic(c->out, "nearest.dat", "rows: GAN samples; their nearest training digits; "
                                 "VAE samples; their nearest training digits", img, 4 * NN_SHOW, 28, 28, NN_SHOW, 1.0);
    free(img);
    return status;
}

static int write_scores(const ae_cli *c, const scores *sc)
{
    double hist[CLASSES * 4], par[NSIGMA * 4], table[NSETS * 8];
    for (size_t k = 0; k < CLASSES; k++) {
        double r[4] = {k, sc[REAL].hist[k], sc[VAE].hist[k], sc[GAN].hist[k]};
        memcpy(hist + 4 * k, r, sizeof r);
    }
    for (size_t k = 0; k < NSIGMA; k++) {
        double r[4] = {SIGMAS[k], sc[REAL].valid_ll[k], sc[VAE].valid_ll[k], sc[GAN].valid_ll[k]};
        memcpy(par + 4 * k, r, sizeof r);
    }
    for (size_t s = 0; s < NSETS; s++) {
        double r[8] = {s, sc[s].confident, sc[s].entropy, sc[s].maxp, sc[s].nn_dist, sc[s].parzen,
                       sc[s].parzen_se, sc[s].sigma};
        memcpy(table + 8 * s, r, sizeof r);
    }
    int status = ae_write_table(c->out, "classes.dat", "share of each set the classifier puts in each class",
                                "class real vae gan", hist, CLASSES, 4);
    if (!status)
        status = ae_write_table(c->out, "parzen.dat", "mean Parzen log-likelihood of the validation digits "
                                "(nats) against sigma; kernels on training digits, VAE and GAN samples",
                                "sigma real vae gan", par, NSIGMA, 4);
    if (!status)
        status = ae_write_table(c->out, "comparison.dat", "set 0: real digits (test digits scored; training "
                                "digits as Parzen kernels), 1: VAE samples, 2: GAN samples",
                                "set confident entropy maxp nn_dist parzen parzen_se sigma", table, NSETS, 8);
    return status;
}

int main(int argc, char **argv)
{
    size_t k = 1, n_samples = 2000, sat_steps = 100;
    const char *gen_loss = "nonsat";
    ae_cli_extra extra[] = {
        {.name = "k", .kind = AE_X_SIZE, .value = &k, .lo = 1, .hi = 10,
         .help = "discriminator steps per generator step"},
        {.name = "gen-loss", .kind = AE_X_CHOICE, .value = &gen_loss, .choices = "minimax,nonsat",
         .help = "the generator's loss"},
        {.name = "samples", .kind = AE_X_SIZE, .value = &n_samples, .lo = 100, .hi = 20000,
         .help = "samples of each model to score (Parzen kernels)"},
        {.name = "sat-steps", .kind = AE_X_SIZE, .value = &sat_steps, .lo = 2, .hi = 5000,
         .help = "generator steps of the run with the other loss"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson08",
        .title = "gan: the adversarial game, and the GAN against the VAE on the same digits",
        .about = "Trains the GAN (G 100-256-512-784, D 784-512-256-1, Adam beta1 0.5) and lesson 07's\n"
                 "VAE side by side on the same batches of 7,000 MNIST digits (996 more are the\n"
                 "validation split, the 2,004 test digits are the test set), then scores samples of\n"
                 "both with a classifier, nearest training digits and a Parzen window. --lr is the\n"
                 "GAN's Adam rate (the VAE keeps lesson 07's 1e-3): 1e-3 draws readable digits within\n"
                 "the default 10 epochs; the reference implementation's 2e-4 (what make bench times)\n"
                 "needs several times more steps, e.g. make lesson08 ARGS=\"--lr 2e-4 --epochs 40\".\n"
                 "--quick: 800 digits, 2 epochs, 300 samples. BOOK.md chapter 8.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA_DIR | AE_FLAG_OUT |
                AE_FLAG_QUICK,
        .epochs = 10, .batch = 64, .lr = 1e-3, .seed = 42, .data_dir = AE_DATA_DIR, .out = "out/08-gan",
        .extra = extra,
    };
    ae_cli_parse(&c, argc, argv);
    ae_gan_loss kind = strcmp(gen_loss, "minimax") == 0 ? AE_GAN_MINIMAX : AE_GAN_NONSAT;
    if (c.quick && !ae_cli_given(&c, AE_FLAG_EPOCHS))
        c.epochs = QUICK_EPOCHS;
    if (c.quick && !extra[2].given)
        n_samples = QUICK_SAMPLES;
    if (c.quick && !extra[3].given)
        sat_steps = QUICK_SAT;

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, "mnist", "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, "mnist", "test", c.data_dir));
    ae_dataset valid = train_set;                           /* the last VALID digits, held out */
    valid.n = VALID;
    valid.x += (train_set.n - VALID) * train_set.dim;
    valid.y += train_set.n - VALID;
    ae_dataset_truncate(&train_set, c.quick ? QUICK_TRAIN : train_set.n - VALID);
    if (c.batch > train_set.n)
        ae_die(c.prog, "--batch: %zu is larger than the %zu training digits", c.batch, train_set.n);

    /* the main run: GAN and VAE side by side; then the other generator loss from the same start */
    size_t steps = (size_t)c.epochs * ((train_set.n + c.batch - 1) / c.batch / k + 1);
    run R = run_alloc(&c, train_set.dim, k, kind, 1, steps);
    epoch_row *ep = calloc((size_t)c.epochs, sizeof *ep);
    AE_ASSERT(ep);
    train(&R, &c, c.epochs, &train_set, &test, ep);
    const size_t D = train_set.dim, nt = test.n;
    double *S[NSETS];                                       /* samples first: then the models can go */
    for (size_t s = 0; s < NSETS; s++)
        S[s] = malloc(n_samples * D * sizeof *S[s]);
    AE_ASSERT(S[REAL] && S[VAE] && S[GAN]);
    gsl_rng *r = ae_rng_alloc(c.seed, AE_RNG_DATA);
    sample_vae(S[VAE], n_samples, R.v, r);
    sample_gan(S[GAN], n_samples, R.g, r);
    gsl_rng_free(r);
    run_free_models(&R);
    run other = run_alloc(&c, train_set.dim, k, kind == AE_GAN_MINIMAX ? AE_GAN_NONSAT : AE_GAN_MINIMAX, 0,
                          sat_steps < R.steps ? sat_steps : R.steps);
    train(&other, &c, c.epochs, &train_set, NULL, NULL);
    run_free_models(&other);
    ae_progress(&c, "saturation run (%s loss, %zu generator steps): ||dL/dtheta_G|| %.3g at step %zu, "
                "against %.3g with the %s loss", kind == AE_GAN_MINIMAX ? "non-saturating" : "minimax",
                other.steps, other.log[other.steps - 1].g_norm, other.steps, R.log[other.steps - 1].g_norm,
                gen_loss);

    double *cls_curve = malloc(3 * CLS_EPOCHS * sizeof *cls_curve);
    AE_ASSERT(cls_curve);
    ae_net *cls = train_classifier(&c, &train_set, &test, CLS_EPOCHS, cls_curve);

    /* the three sets: real test digits, VAE samples, GAN samples; training digits for Parzen's REAL row */
    double *T = malloc(train_set.n * D * sizeof *T), *Vd = malloc(VALID * D * sizeof *Vd);
    double *Td = malloc(nt * D * sizeof *Td);
    AE_ASSERT(T && Vd && Td);
    real_rows(T, train_set.n, &train_set);
    real_rows(Vd, VALID, &valid);
    real_rows(Td, nt, &test);
    scores sc[NSETS];
    size_t n_real = n_samples < train_set.n ? n_samples : train_set.n;
    memcpy(S[REAL], Td, (nt < n_samples ? nt : n_samples) * D * sizeof *Td);
    classify(&sc[REAL], cls, Td, nt, D);                       /* the classifier on real test digits */
    nearest(&sc[REAL], Td, nt < NN_SAMPLES ? nt : NN_SAMPLES, T, train_set.n, D);
    parzen(sc[REAL].valid_ll, NULL, SIGMAS, NSIGMA, Vd, VALID, T, n_real, D);   /* kernels on training digits */
    size_t best = 0;
    for (size_t j = 1; j < NSIGMA; j++)
        if (sc[REAL].valid_ll[j] > sc[REAL].valid_ll[best])
            best = j;
    sc[REAL].sigma = SIGMAS[best];
    parzen(&sc[REAL].parzen, &sc[REAL].parzen_se, &sc[REAL].sigma, 1, Td, nt, T, n_real, D);
    for (size_t s = VAE; s <= GAN; s++)
        score_set(&sc[s], cls, S[s], n_samples, &train_set, T, Vd, VALID, Td, nt);
    static const char *set_names[NSETS] = {"real", "VAE", "GAN"};
    for (size_t s = 0; s < NSETS; s++)
        ae_progress(&c, "%-4s confident %.3f, class entropy %.3f nats, mean max p %.3f, nearest training "
                    "digit %.3f, Parzen %.1f +- %.1f nats (sigma %.2f)", set_names[s], sc[s].confident,
                    sc[s].entropy, sc[s].maxp, sc[s].nn_dist, sc[s].parzen, sc[s].parzen_se, sc[s].sigma);

    ae_check(c.prog, write_logs(&c, &R, ep, c.epochs, &other));
    ae_check(c.prog, write_gloss(&c));
    ae_check(c.prog, write_samples(&c, S, sc, T));
    ae_check(c.prog, write_scores(&c, sc));
    int cls_epochs = CLS_EPOCHS;
    ae_check(c.prog, ae_write_table(c.out, "classifier.dat", "the classifier 784-256-10 on the real digits",
                                    "epoch train_loss test_acc", cls_curve, (size_t)cls_epochs, 3));

    const epoch_row *last = &ep[c.epochs - 1];
    printf("lesson08 gan: loss %s k %zu epochs %d gan_steps %zu d_real %.3f d_fake %.3f vae_elbo %.2f "
           "cls_acc %.4f gan_confident %.3f vae_confident %.3f gan_entropy %.3f vae_entropy %.3f "
           "gan_parzen %.1f vae_parzen %.1f gan_time %.1fs vae_time %.1fs time %.1fs\n",
           gen_loss, k, c.epochs, R.steps, last->d_real, last->d_fake, last->vae_rec + last->vae_kl,
           cls_curve[3 * (cls_epochs - 1) + 2], sc[GAN].confident, sc[VAE].confident, sc[GAN].entropy,
           sc[VAE].entropy, sc[GAN].parzen, sc[VAE].parzen, R.gan_seconds, R.vae_seconds, ae_seconds() - c.t0);

    for (size_t s = 0; s < NSETS; s++)
        free(S[s]);
    free(T);
    free(Vd);
    free(Td);
    free(cls_curve);
    free(ep);
    ae_net_free(cls);
    run_free(&R);
    run_free(&other);
    ae_dataset_free(&test);
    ae_dataset_free(&train_set);
    return 0;
}
