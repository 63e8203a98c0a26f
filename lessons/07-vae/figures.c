/* Lesson 07's figures: what plots/07-vae.gp reads, one writer per .dat file. */
#include "batch.h"
#include "figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "err.h"
#include "exercises.h"
#include "out.h"
#include "rng.h"

enum { GRID = 20, SAMPLES = 64, SHOW = 10, PAIRS = 4, STEPS = 10 };
/* pairs of classes to interpolate between (the first test image of each) */
static const uint8_t PAIR_CLASSES[PAIRS][2] = {{9, 2}, {1, 3}, {7, 5}, {0, 8}};

int write_gradcheck(const ae_cli *c, const double err[4])
{
    return ae_write_table(c->out, "gradcheck.dat", "relative errors against central differences, eps held fixed",
                          "kl reparam model cvae", err, 1, 4);
}

static int write_curve(const ae_cli *c, const char *name, const char *what, const epoch_score *s, int epochs)
{
    double *rows = malloc((size_t)epochs * 7 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < epochs; e++) {
        double r[7] = {e + 1, s[e].train_rec, s[e].train_kl, s[e].train_rec + s[e].train_kl,
                       s[e].test_rec, s[e].test_kl, s[e].test_rec + s[e].test_kl};
        memcpy(rows + 7 * e, r, sizeof r);
    }
    int status = ae_write_table(c->out, name, what,
                                "epoch train_rec train_kl train_loss test_rec test_kl test_loss",
                                rows, (size_t)epochs, 7);
    free(rows);
    return status;
}

int write_elbo(const ae_cli *c, const epoch_score *curve, int epochs)
{
    return write_curve(c, "elbo.dat", "per epoch: reconstruction (BCE), KL and -ELBO in nats per image", curve,
                       epochs);
}

int write_elbo2d(const ae_cli *c, const epoch_score *curve, int epochs)
{
    return write_curve(c, "elbo2d.dat", "the 2-D model on the MNIST digits, per epoch", curve, epochs);
}

/* Decode each row of z (n x K) into img (n x D). */
static void decode_rows(ae_vae *v, double *img, const double *z, size_t n)
{
    gsl_matrix_const_view Z = gsl_matrix_const_view_array(z, n, v->K);
    gsl_matrix_view Xhat = gsl_matrix_view_array(img, n, v->D);
    ae_vae_decode(v, &Xhat.matrix, &Z.matrix);
}

/* BOOK: vae_samples */
/* Decoded z ~ N(0, I): what the VAE generates. */
int write_samples(const ae_cli *c, ae_vae *v, const ae_dataset *ds)
{
    double *z = malloc(SAMPLES * v->K * sizeof *z), *img = malloc(SAMPLES * v->D * sizeof *img);
    AE_ASSERT(z && img);
    gsl_rng *prior = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    for (size_t i = 0; i < SAMPLES * v->K; i++)
        z[i] = ae_rng_gaussian(prior, 1.0);                 /* z ~ p(z) = N(0, I) */
    decode_rows(v, img, z, SAMPLES);                        /* x = sigmoid(decoder(z)) */
    int status = ae_write_mosaic(c->out, "samples.dat", "decoded samples z ~ N(0, I), 8 x 8",
                                 img, SAMPLES, ds->rows, ds->cols, 8, 1.0);
    gsl_rng_free(prior);
    free(z);
    free(img);
    return status;
}
/* END BOOK */

/* Rows: SHOW test images; decoded mu; decoded z = mu + sigma eps (one sample). */
int write_recon(const ae_cli *c, ae_vae *v, const ae_dataset *test)
{
    const size_t D = v->D;
    double *img = malloc(3 * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    gsl_matrix_view X = gsl_matrix_view_array(img, SHOW, D);
    ae_batch_range(&X.matrix, NULL, test, 0, SHOW);
    gsl_rng *noise = ae_rng_alloc(c->seed, AE_RNG_DATA);
    for (size_t row = 1; row <= 2; row++) {
        ae_vae_draw_eps(v, SHOW, row == 1 ? NULL : noise);  /* eps = 0: z = mu */
        ae_vae_encode(v, &X.matrix);
        ae_vae_reparam_forward(&v->z.matrix, &v->mu, &v->logvar, &v->eps.matrix);
        gsl_matrix_view out = gsl_matrix_view_array(img + row * SHOW * D, SHOW, D);
        ae_vae_decode(v, &out.matrix, &v->z.matrix);
    }
    gsl_rng_free(noise);
    int status = ae_write_mosaic(c->out, "recon.dat", "rows: test images; decoded mu; decoded z ~ q(z|x)", img,
                                 3 * SHOW, test->rows, test->cols, SHOW, 1.0);
    free(img);
    return status;
}

/* interp_pairs.dat: the class names of each row's two ends, for the figure's row labels. */
static int write_interp_pairs(const ae_cli *c, const ae_dataset *test)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "interp_pairs.dat", "per row of interp.dat: the classes of its two test images");
    if (status)
        return status;
    ae_out_columns(&w, "pair a b");
    for (size_t p = 0; p < PAIRS; p++)
        ae_out_printf(&w, "%zu \"%s\" \"%s\"\n", p, ae_class_name(test, PAIR_CLASSES[p][0]),
                      ae_class_name(test, PAIR_CLASSES[p][1]));
    return ae_out_close(&w);
}

/* Each row: test image a, decodings of (1 - t) mu_a + t mu_b for t = 0 ... 1, test image b. */
int write_interp(const ae_cli *c, ae_vae *v, const ae_dataset *test)
{
    const size_t D = v->D, K = v->K, W = STEPS + 2;
    double *img = malloc(PAIRS * W * D * sizeof *img), *z = malloc(STEPS * K * sizeof *z);
    AE_ASSERT(img && z);
    gsl_matrix *X = gsl_matrix_alloc(2, D);
    for (size_t p = 0; p < PAIRS; p++) {
        for (size_t e = 0; e < 2; e++) {
            size_t n = ae_dataset_first_of(test, PAIR_CLASSES[p][e]);
            AE_ASSERT(n < test->n);
            gsl_matrix_view row = gsl_matrix_submatrix(X, e, 0, 1, D);
            ae_batch_range(&row.matrix, NULL, test, n, 1);
        }
        ae_vae_encode(v, X);                                /* mu_a, mu_b: rows of v->mu */
        for (size_t s = 0; s < STEPS; s++) {
            double t = (double)s / (STEPS - 1);
            for (size_t j = 0; j < K; j++)
                z[s * K + j] = (1.0 - t) * gsl_matrix_get(&v->mu, 0, j) + t * gsl_matrix_get(&v->mu, 1, j);
        }
        double *row = img + p * W * D;
        memcpy(row, X->data, D * sizeof *row);
        decode_rows(v, row + D, z, STEPS);
        memcpy(row + (W - 1) * D, X->data + D, D * sizeof *row);
    }
    int status = ae_write_mosaic(c->out, "interp.dat",
                                 "each row: test image, decodings along the line between the two codes, test image",
                                 img, PAIRS * W, test->rows, test->cols, W, 1.0);
    gsl_matrix_free(X);
    free(img);
    free(z);
    return status ? status : write_interp_pairs(c, test);
}

/* BOOK: manifold */
/* The 2-D model's decodings on a GRID x GRID lattice of Gaussian quantiles: row i has
 * z2 = Phi^-1(1 - (i + 1/2)/GRID) (top is high), column j has z1 = Phi^-1((j + 1/2)/GRID),
 * so equal areas of the prior N(0, I) get equal room (Kingma & Welling, fig. 4). */
int write_manifold(const ae_cli *c, ae_vae *v, const ae_dataset *ds)
{
    double *z = malloc(GRID * GRID * 2 * sizeof *z), *img = malloc(GRID * GRID * v->D * sizeof *img);
    AE_ASSERT(z && img && v->K == 2);
    for (size_t i = 0; i < GRID; i++)
        for (size_t j = 0; j < GRID; j++) {
            z[2 * (i * GRID + j)] = gsl_cdf_ugaussian_Pinv((j + 0.5) / GRID);
            z[2 * (i * GRID + j) + 1] = gsl_cdf_ugaussian_Pinv(1.0 - (i + 0.5) / GRID);
        }
    decode_rows(v, img, z, GRID * GRID);
    int status = ae_write_mosaic(c->out, "manifold.dat",
                                 "decodings of z = (Phi^-1(u1), Phi^-1(u2)) on a 20 x 20 grid of u in (0, 1)",
                                 img, GRID * GRID, ds->rows, ds->cols, GRID, 1.0);
    free(z);
    free(img);
    return status;
}
/* END BOOK */

/* mu (n x 2, row-major) of every image of test. */
static void encode_all(ae_vae *v, const ae_dataset *test, double *mu)
{
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, test->dim);
    AE_ASSERT(v->K == 2);
    for (size_t first = 0; first < test->n; first += EVAL_ROWS) {
        size_t n = test->n - first < EVAL_ROWS ? test->n - first : EVAL_ROWS;
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, n, test->dim);
        ae_batch_range(&Xb.matrix, NULL, test, first, n);
        ae_vae_encode(v, &Xb.matrix);
        for (size_t b = 0; b < n; b++)
            for (size_t j = 0; j < 2; j++)
                mu[2 * (first + b) + j] = gsl_matrix_get(&v->mu, b, j);
    }
    gsl_matrix_free(X);
}

/* The 2-D codes mu of every test image with its class: "z1 z2 class". */
int write_codes2d(const ae_cli *c, ae_vae *v, const ae_dataset *test, double *inside)
{
    const double window = gsl_cdf_ugaussian_Pinv(1.0 - 0.5 / GRID);   /* the grid's outer centres */
    double *rows = malloc(test->n * 3 * sizeof *rows), *mu = malloc(test->n * 2 * sizeof *mu);
    AE_ASSERT(rows && mu);
    encode_all(v, test, mu);
    size_t in = 0;
    for (size_t i = 0; i < test->n; i++) {
        double r[3] = {mu[2 * i], mu[2 * i + 1], test->y[i]};
        memcpy(rows + 3 * i, r, sizeof r);
        in += fabs(r[0]) <= window && fabs(r[1]) <= window;
    }
    *inside = (double)in / (double)test->n;
    int status = ae_write_table(c->out, "codes2d.dat", "the 2-D codes mu of the MNIST test digits",
                                "z1 z2 class", rows, test->n, 3);
    free(mu);
    free(rows);
    return status;
}

/* ---- the KL's weight beta: the 2-D models side by side ---- */

beta_runs *beta_runs_alloc(const ae_dataset *test, size_t models)
{
    beta_runs *b = calloc(1, sizeof *b);
    AE_ASSERT(b && models <= MAX_BETA_MODELS);
    b->models = models;
    b->n = test->n;
    b->D = test->dim;
    b->codes = malloc(models * test->n * 4 * sizeof *b->codes);
    b->samples = malloc(models * SHOW * test->dim * sizeof *b->samples);
    AE_ASSERT(b->codes && b->samples);
    return b;
}

void beta_runs_free(beta_runs *b)
{
    if (!b)
        return;
    free(b->codes);
    free(b->samples);
    free(b);
}

/* Model m's test codes mu and SHOW decoded prior samples (the same z for every model). */
void beta_runs_keep(beta_runs *b, size_t m, ae_vae *v, const ae_cli *c, const ae_dataset *test)
{
    AE_ASSERT(m < b->models && test->n == b->n);
    double *mu = malloc(b->n * 2 * sizeof *mu), z[SHOW * 2];
    AE_ASSERT(mu);
    encode_all(v, test, mu);
    for (size_t i = 0; i < b->n; i++) {
        double r[4] = {(double)m, mu[2 * i], mu[2 * i + 1], test->y[i]};
        memcpy(b->codes + 4 * (m * b->n + i), r, sizeof r);
    }
    gsl_rng *prior = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    for (size_t i = 0; i < SHOW * 2; i++)
        z[i] = ae_rng_gaussian(prior, 1.0);                 /* z ~ p(z) = N(0, I) */
    decode_rows(v, b->samples + m * SHOW * b->D, z, SHOW);
    gsl_rng_free(prior);
    free(mu);
}

static int write_runs(const ae_cli *c, const beta_runs *b, const ae_dataset *test, const char *codes,
                      const char *samples, const char *rows)
{
    char what[128];
    snprintf(what, sizeof what, "per row (%s): decodings of the same 10 z ~ N(0, I)", rows);
    int status = ae_write_table(c->out, codes, "the 2-D codes mu of the MNIST test digits, per model",
                                "model z1 z2 class", b->codes, b->models * b->n, 4);
    if (!status)
        status = ae_write_mosaic(c->out, samples, what, b->samples, b->models * SHOW, test->rows, test->cols,
                                 SHOW, 1.0);
    return status;
}

int write_beta(const ae_cli *c, const beta_runs *b, const ae_dataset *test)
{
    return write_runs(c, b, test, "codes_beta.dat", "beta_samples.dat", "models 0-3 of rd.dat");
}

int write_gauss(const ae_cli *c, const beta_runs *b, const ae_dataset *test)
{
    return write_runs(c, b, test, "codes_gauss.dat", "gauss_samples.dat", "the Gaussian decoders of gauss.dat");
}

double beta_runs_max_gap(const beta_runs *b, size_t a, size_t m)
{
    double gap = 0.0;
    for (size_t i = 0; i < b->n; i++) {
        const double *p = b->codes + 4 * (a * b->n + i), *q = b->codes + 4 * (m * b->n + i);
        gap = fmax(gap, hypot(p[1] - q[1], p[2] - q[2]));
    }
    return gap;
}

int write_rd(const ae_cli *c, const rd_point *p, size_t n)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "rd.dat",
                             "per 2-D model on the MNIST digits: test KL (rate) and reconstruction (distortion), nats");
    if (status)
        return status;
    ae_out_columns(&w, "model beta kl_only kl rec");
    for (size_t i = 0; i < n; i++)
        ae_out_printf(&w, "%zu %g %d %.4f %.4f\n", i, p[i].beta, p[i].kl_only, p[i].kl, p[i].rec);
    return ae_out_close(&w);
}

int write_gauss_table(const ae_cli *c, const rd_point *p, size_t n)
{
    ae_out w;
    int status = ae_out_open(&w, c->out, "gauss.dat",
                             "per 2-D model with a Gaussian decoder N(x_hat, var I): test KL, rec = sse / (2 var) "
                             "(without its constant), sse = the squared error per image");
    if (status)
        return status;
    ae_out_columns(&w, "model var beta kl rec sse");
    for (size_t i = 0; i < n; i++)
        ae_out_printf(&w, "%zu %g %g %.4f %.4f %.4f\n", i, p[i].var, p[i].beta, p[i].kl, p[i].rec,
                      2.0 * p[i].var * p[i].rec);
    return ae_out_close(&w);
}

/* ---- which coordinates the 20-D VAE uses ---- */

/* BOOK: kl_coords */
/* The test set's KL per coordinate (exercise 7.3), averaged over the images, into kl (K
 * entries); kl_coords.dat: "coord kl active threshold" in the order of the code. */
int write_kl_coords(const ae_cli *c, ae_vae *v, const ae_dataset *test, gsl_vector *kl)
{
    gsl_matrix *X = gsl_matrix_alloc(EVAL_ROWS, test->dim);
    gsl_vector *batch = gsl_vector_alloc(v->K);
    gsl_vector_set_zero(kl);
    for (size_t first = 0; first < test->n; first += EVAL_ROWS) {
        size_t n = test->n - first < EVAL_ROWS ? test->n - first : EVAL_ROWS;
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, n, test->dim);
        ae_batch_range(&Xb.matrix, NULL, test, first, n);
        ae_vae_encode(v, &Xb.matrix);                           /* mu, logvar of q(z|x) */
        ex07_kl_per_coord(batch, &v->mu, &v->logvar);           /* (7.9) summed over the rows */
        gsl_vector_add(kl, batch);
    }
    gsl_vector_scale(kl, 1.0 / (double)test->n);
    double *rows = malloc(v->K * 4 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t j = 0; j < v->K; j++) {
        double r[4] = {(double)j, gsl_vector_get(kl, j), gsl_vector_get(kl, j) > ACTIVE_KL, ACTIVE_KL};
        memcpy(rows + 4 * j, r, sizeof r);
    }
    int status = ae_write_table(c->out, "kl_coords.dat",
                                "test-set KL per coordinate of the code, nats per image; active: kl > threshold",
                                "coord kl active threshold", rows, v->K, 4);
    free(rows);
    gsl_vector_free(batch);
    gsl_matrix_free(X);
    return status;
}
/* END BOOK */

/* BOOK: traverse */
/* Each row: a test image, then the decodings of mu(x) + t e_j for t = -T_MAX ... T_MAX. */
int write_traverse(const ae_cli *c, ae_vae *v, const ae_dataset *test, size_t j)
{
    const size_t D = v->D, K = v->K, W = T_STEPS + 1;
    double *img = malloc(T_ROWS * W * D * sizeof *img), *z = malloc(T_STEPS * K * sizeof *z);
    gsl_matrix *X = gsl_matrix_alloc(T_ROWS, D);
    AE_ASSERT(img && z && j < K);
    ae_batch_range(X, NULL, test, 0, T_ROWS);
    ae_vae_encode(v, X);
    for (size_t r = 0; r < T_ROWS; r++) {
        for (size_t s = 0; s < T_STEPS; s++) {
            double t = -T_MAX + 2.0 * T_MAX * (double)s / (T_STEPS - 1);
            for (size_t k = 0; k < K; k++)
                z[s * K + k] = gsl_matrix_get(&v->mu, r, k) + (k == j ? t : 0.0);   /* mu + t e_j */
        }
        double *row = img + r * W * D;
        memcpy(row, X->data + r * D, D * sizeof *row);
        decode_rows(v, row + D, z, T_STEPS);
    }
    char what[96];
    snprintf(what, sizeof what, "each row: a test image, decodings of mu + t e_%zu for t = -3 ... 3", j);
    int status = ae_write_mosaic(c->out, "traverse.dat", what, img, T_ROWS * W, test->rows, test->cols, W, 1.0);
    gsl_matrix_free(X);
    free(img);
    free(z);
    return status;
}
/* END BOOK */

