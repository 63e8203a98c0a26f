/* Lesson 04's figures. See figures.h. */
#include "batch.h"
#include "corrupt.h"
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_statistics_double.h>

#include "dense.h"
#include "err.h"
#include "exercises.h"
#include "loss.h"
#include "optim.h"
#include "out.h"
#include "progress.h"
#include "rng.h"

enum { SHOW = 8, LEVELS = 9, PROBE_CLASSES = 10, PROBE_EPOCHS = 10, PROBE_BATCH = 100 };
#define PROBE_LR 3e-3   /* the linear probe's Adam step */
#define HIDDEN_SHOWN 0.5   /* infill.dat: the hidden block drawn grey */
enum { CURVE_N = 1000, FIELD_HIDDEN = 64, GRID = 25, FIELD_BATCH = 100 };
#define FIELD_EXTENT 1.2   /* the grid covers [-1.2, 1.2]^2; the spiral has radius <= 1 */
#define FIELD_SIGMA 0.15   /* the 2-D DAE's training noise */

static const double MAX_LEVEL[NKINDS] = {0.8, 0.8, 0.4};   /* each kind's largest test level */

/* ---- the digits ---- */

/* Columns step, then per kind: level, AE MSE, DAE MSE. */
int write_curves(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, const settings *s)
{
    double rows[LEVELS * (1 + 3 * NKINDS)];
    for (size_t t = 0; t < LEVELS; t++) {
        double *row = rows + t * (1 + 3 * NKINDS);
        row[0] = (double)t;
        for (size_t k = 0; k < NKINDS; k++) {
            double level = MAX_LEVEL[k] * (double)t / (LEVELS - 1);
            row[1 + 3 * k] = level;
            row[2 + 3 * k] = noisy_mse(ae, test, k, level, s, c->seed);
            row[3 + 3 * k] = noisy_mse(&m[k], test, k, level, s, c->seed);
        }
    }
    return ae_write_table(c->out, "curves.dat", "test MSE per pixel against the clean digits vs noise level",
                          "step sigma ae_gauss dae_gauss nu ae_mask dae_mask sp ae_sp dae_sp", rows, LEVELS,
                          1 + 3 * NKINDS);
}

int write_denoise(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, kind k, const settings *s)
{
    const size_t D = test->dim;
    double *img = malloc(8 * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    gsl_rng *r = ae_rng_alloc(c->seed + 2000, AE_RNG_NOISE);
    for (size_t lv = 0; lv < 2; lv++) {
        double level = s->level[k] * (lv ? 1.0 : 0.5);
        gsl_matrix_view rows = gsl_matrix_view_array(img + lv * 4 * SHOW * D, 4 * SHOW, D);
        gsl_matrix_view noisy = gsl_matrix_submatrix(&rows.matrix, 0, 0, SHOW, D);
        gsl_matrix_view out_ae = gsl_matrix_submatrix(&rows.matrix, SHOW, 0, SHOW, D);
        gsl_matrix_view out_dae = gsl_matrix_submatrix(&rows.matrix, 2 * SHOW, 0, SHOW, D);
        gsl_matrix_view clean = gsl_matrix_submatrix(&rows.matrix, 3 * SHOW, 0, SHOW, D);
        ae_batch_range(&clean.matrix, NULL, test, 0, SHOW);
        corrupt(&noisy.matrix, &clean.matrix, T_NOISE, k, level, s, test->rows, r);
        reconstruct(&out_ae.matrix, ae, &noisy.matrix);
        reconstruct(&out_dae.matrix, m, &noisy.matrix);
    }
    char name[64], what[160];
    snprintf(name, sizeof name, "denoise_%s.dat", ae_noise_name(NOISE[k]));
    snprintf(what, sizeof what, "%s noise at %g and %g: rows noisy, AE, DAE, clean (twice)",
             ae_noise_name(NOISE[k]), 0.5 * s->level[k], s->level[k]);
    int status = ae_write_mosaic(c->out, name, what, img, 8 * SHOW, test->rows, test->cols, SHOW, 1.0);
    gsl_rng_free(r);
    free(img);
    return status;
}

/* ---- the codes: does denoising give a better representation? ---- */

/* The codes h = f(x) of every example of ds (m), or its pixels (m NULL): ds->n x H. */
static gsl_matrix *codes(dae *m, const ae_dataset *ds)
{
    const size_t H = m ? m->net->sizes[1] : ds->dim, B = m ? m->net->max_batch : ds->n;
    gsl_matrix *Z = gsl_matrix_alloc(ds->n, H), *X = gsl_matrix_alloc(B, ds->dim);
    for (size_t first = 0; first < ds->n; first += B) {
        size_t rows = GSL_MIN(B, ds->n - first);
        gsl_matrix_view Xb = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
        gsl_matrix_view Zb = gsl_matrix_submatrix(Z, first, 0, rows, H);
        ae_batch_range(&Xb.matrix, NULL, ds, first, rows);
        gsl_matrix_memcpy(&Zb.matrix, m ? ae_net_forward_to(m->net, &Xb.matrix, 1) : &Xb.matrix);
    }
    gsl_matrix_free(X);
    return Z;
}

/* Nearest class mean: the share of the rows of Zt whose nearest training-class mean (in
 * Euclidean distance) is their class. */
static double nearest_mean(const gsl_matrix *Z, const uint8_t *y, const gsl_matrix *Zt, const uint8_t *yt, size_t C)
{
    const size_t H = Z->size2;
    gsl_matrix *M = gsl_matrix_calloc(C, H);
    double count[PROBE_CLASSES] = {0}, right = 0.0;
    for (size_t i = 0; i < Z->size1; i++) {
        gsl_vector_const_view z = gsl_matrix_const_row(Z, i);
        gsl_vector_view mu = gsl_matrix_row(M, y[i]);
        gsl_vector_add(&mu.vector, &z.vector);
        count[y[i]] += 1.0;
    }
    for (size_t k = 0; k < C; k++) {
        gsl_vector_view mu = gsl_matrix_row(M, k);
        gsl_vector_scale(&mu.vector, count[k] > 0 ? 1.0 / count[k] : 0.0);
    }
    for (size_t i = 0; i < Zt->size1; i++) {
        size_t best = 0;
        double best_d = INFINITY;
        for (size_t k = 0; k < C; k++) {
            double d = 0.0;
            for (size_t j = 0; j < H; j++) {
                double e = gsl_matrix_get(Zt, i, j) - gsl_matrix_get(M, k, j);
                d += e * e;
            }
            if (d < best_d)
                best_d = d, best = k;
        }
        right += best == yt[i];
    }
    gsl_matrix_free(M);
    return right / (double)Zt->size1;
}

/* A linear probe: softmax regression on the codes, each column standardised by the
 * training codes' mean and spread, PROBE_EPOCHS epochs of Adam on batches of PROBE_BATCH
 * in the set's order, from zero weights (a convex problem: no seed); the test accuracy. */
static double linear_probe(gsl_matrix *Z, const uint8_t *y, gsl_matrix *Zt, const uint8_t *yt, size_t C)
{
    const size_t n = Z->size1, H = Z->size2;
    for (size_t j = 0; j < H; j++) {
        gsl_vector_view col = gsl_matrix_column(Z, j), colt = gsl_matrix_column(Zt, j);
        double mean = gsl_stats_mean(col.vector.data, col.vector.stride, n);
        double sd = gsl_stats_sd_m(col.vector.data, col.vector.stride, n, mean);
        gsl_vector_add_constant(&col.vector, -mean);
        gsl_vector_add_constant(&colt.vector, -mean);
        gsl_vector_scale(&col.vector, sd > 1e-8 ? 1.0 / sd : 0.0);   /* a dead unit: 0 */
        gsl_vector_scale(&colt.vector, sd > 1e-8 ? 1.0 / sd : 0.0);
    }
    ae_dense *L = ae_dense_alloc(H, C);   /* zero weights */
    ae_optim *opt = ae_optim_alloc(AE_ADAM, PROBE_LR);
    ae_dense_add_params(L, opt);
    gsl_matrix *A = gsl_matrix_alloc(PROBE_BATCH, C), *At = gsl_matrix_alloc(Zt->size1, C);
    for (int epoch = 0; epoch < PROBE_EPOCHS; epoch++)
        for (size_t first = 0; first < n; first += PROBE_BATCH) {
            size_t rows = GSL_MIN(PROBE_BATCH, n - first);
            gsl_matrix_view Zb = gsl_matrix_submatrix(Z, first, 0, rows, H), Ab = gsl_matrix_submatrix(A, 0, 0, rows, C);
            ae_optim_zero_grad(opt);
            ae_dense_forward(&Ab.matrix, &Zb.matrix, L);
            ae_loss_softmax_ce(&Ab.matrix, &Ab.matrix, &Ab.matrix, y + first);   /* dA = (p - onehot(y)) / B */
            ae_dense_backward(NULL, L, &Ab.matrix, &Zb.matrix);
            ae_optim_step(opt);
        }
    ae_dense_forward(At, Zt, L);
    double acc = (double)ae_count_correct(At, yt) / (double)Zt->size1;
    gsl_matrix_free(A);
    gsl_matrix_free(At);
    ae_optim_free(opt);
    ae_dense_free(L);
    return acc;
}

code_score code_scores(dae *m, const ae_dataset *train, const ae_dataset *test)
{
    AE_ASSERT(train->classes <= PROBE_CLASSES);
    gsl_matrix *Z = codes(m, train), *Zt = codes(m, test);
    code_score sc = {.nearest = nearest_mean(Z, train->y, Zt, test->y, train->classes)};
    sc.probe = linear_probe(Z, train->y, Zt, test->y, train->classes);
    gsl_matrix_free(Z);
    gsl_matrix_free(Zt);
    return sc;
}

int write_probe(const ae_cli *c, const code_score sc[2 + NKINDS], const settings *s)
{
    double rows[(2 + NKINDS) * 4];
    for (size_t i = 0; i < 2 + NKINDS; i++) {
        double r[4] = {(double)i, i < 2 ? 0.0 : s->level[i - 2], sc[i].nearest, sc[i].probe};
        memcpy(rows + 4 * i, r, sizeof r);
    }
    return ae_write_table(c->out, "probe.dat",
                          "classifying the clean test digits from a code (fitted on the training digits): "
                          "nearest class mean, and a linear probe (softmax regression on the standardised "
                          "code); model 0: the pixels, 1: the plain AE's code h, 2: the Gaussian DAE's, 3: "
                          "the masking DAE's, 4: the salt-and-pepper DAE's; level: its training noise",
                          "model level nearest probe", rows, 2 + NKINDS, 4);
}

/* Squared error per pixel of Out against X where Mask is 0. */
static double hidden_error(const gsl_matrix *Out, const gsl_matrix *X, const gsl_matrix *Mask)
{
    double sum = 0.0, hidden = 0.0;
    for (size_t i = 0; i < X->size1 * X->size2; i++)
        if (Mask->data[i] == 0.0) {
            double e = Out->data[i] - X->data[i];
            sum += e * e;
            hidden += 1.0;
        }
    return sum / hidden;
}

int write_infill(const ae_cli *c, dae *ae, dae *m, const ae_dataset *test, const settings *s, double err[2])
{
    const size_t D = test->dim, N = test->n;
    gsl_matrix *X = gsl_matrix_alloc(N, D), *Mask = gsl_matrix_alloc(N, D), *Xc = gsl_matrix_alloc(N, D);
    gsl_matrix *Out = gsl_matrix_alloc(N, D);
    gsl_rng *r = ae_rng_alloc(c->seed + 3000, AE_RNG_NOISE);
    ae_batch_range(X, NULL, test, 0, N);
    gsl_matrix_set_all(Mask, 1.0);
    ae_corrupt_block(Mask, Mask, test->rows, test->cols, s->block, r);   /* 0 inside the block */
    gsl_matrix_memcpy(Xc, X);
    gsl_matrix_mul_elements(Xc, Mask);
    double *img = malloc(4 * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t i = 0; i < SHOW * D; i++)   /* what the models saw, the hidden block shown grey */
        img[i] = Mask->data[i] == 0.0 ? HIDDEN_SHOWN : Xc->data[i];
    memcpy(img + 3 * SHOW * D, X->data, SHOW * D * sizeof *img);
    dae *models[2] = {ae, m};
    for (size_t k = 0; k < 2; k++) {
        reconstruct(Out, models[k], Xc);
        memcpy(img + (1 + k) * SHOW * D, Out->data, SHOW * D * sizeof *img);
        err[k] = hidden_error(Out, X, Mask);
    }
    int status = ae_write_mosaic(c->out, "infill.dat", "rows: a block hidden (drawn 0.5 grey; the models see 0 there); AE output; block-DAE output; original",
                                 img, 4 * SHOW, test->rows, test->cols, SHOW, 1.0);
    free(img);
    gsl_matrix_free(X);
    gsl_matrix_free(Mask);
    gsl_matrix_free(Xc);
    gsl_matrix_free(Out);
    gsl_rng_free(r);
    return status;
}

int write_infill_err(const ae_cli *c, size_t block, const double err[2])
{
    double row[3] = {(double)block, err[0], err[1]};
    return ae_write_table(c->out, "infill_err.dat", "squared error per hidden pixel on the test digits",
                          "block ae dae", row, 1, 3);
}

/* ---- the 2-D picture: a DAE on points near a spiral ---- */

/* n points near a spiral of 1.5 turns: r = 0.2 + 0.8 t, theta = 3 pi t, plus N(0, 0.01^2). */
static gsl_matrix *spiral(size_t n, gsl_rng *r)
{
    gsl_matrix *P = gsl_matrix_alloc(n, 2);
    for (size_t i = 0; i < n; i++) {
        double t = gsl_rng_uniform(r), rad = 0.2 + 0.8 * t, th = 3.0 * M_PI * t;
        gsl_matrix_set(P, i, 0, rad * cos(th) + ae_rng_gaussian(r, 0.01));
        gsl_matrix_set(P, i, 1, rad * sin(th) + ae_rng_gaussian(r, 0.01));
    }
    return P;
}

/* 2 -> 64 tanh -> 64 tanh -> 2, trained on (x + N(0, sigma^2 I), x) with squared error. */
static ae_net *train_field(const gsl_matrix *P, const ae_cli *c, int epochs)
{
    const size_t sizes[] = {2, FIELD_HIDDEN, FIELD_HIDDEN, 2};
    const ae_act f[] = {AE_TANH, AE_TANH, AE_IDENTITY};
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT), *noise = ae_rng_alloc(c->seed + 1, AE_RNG_NOISE);
    gsl_rng *shuffle = ae_rng_alloc(c->seed + 1, AE_RNG_SHUFFLE);
    ae_net *net = ae_net_alloc(3, sizes, f, FIELD_BATCH);
    ae_net_init(net, init, 1.0);
    ae_optim *opt = ae_optim_alloc(AE_ADAM, 3e-3);
    ae_net_add_params(net, opt);
    gsl_matrix *X = gsl_matrix_alloc(FIELD_BATCH, 2), *Xc = gsl_matrix_alloc(FIELD_BATCH, 2);
    gsl_matrix *dY = gsl_matrix_alloc(FIELD_BATCH, 2);
    ae_dataset ds = {.n = P->size1, .dim = 2, .rows = 2, .cols = 1, .xr = P->data};
    ae_batcher *batches = ae_batcher_alloc(P->size1, FIELD_BATCH);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= epochs; epoch++) {
        ae_batcher_epoch(batches, shuffle);
        const size_t *idx;
        size_t rows;
        for (size_t b = 0; (rows = ae_batcher_next(batches, &idx)) == FIELD_BATCH; b++) {
            ae_batch_fill(X, NULL, &ds, idx, rows);
            for (size_t i = 0; i < 2 * rows; i++)             /* x~ = x + N(0, sigma^2 I) */
                Xc->data[i] = X->data[i] + ae_rng_gaussian(noise, FIELD_SIGMA);
            ae_optim_zero_grad(opt);
            double loss = ae_loss_mse(dY, ae_net_forward(net, Xc), X);
            ae_check_loss(c, &watch, loss, epoch, b + 1);
            ae_net_backward(net, dY, AE_SKIP_DX);
            ae_optim_step(opt);
        }
    }
    ae_batcher_free(batches);
    gsl_matrix_free(X);
    gsl_matrix_free(Xc);
    gsl_matrix_free(dY);
    ae_optim_free(opt);
    gsl_rng_free(init);
    gsl_rng_free(noise);
    gsl_rng_free(shuffle);
    return net;
}

/* The grid points, one row each (GRID^2 x 2). */
static gsl_matrix *grid_points(void)
{
    gsl_matrix *G = gsl_matrix_alloc(GRID * GRID, 2);
    const double step = 2.0 * FIELD_EXTENT / (GRID - 1);
    for (size_t k = 0; k < GRID * GRID; k++) {
        gsl_matrix_set(G, k, 0, -FIELD_EXTENT + (double)(k % GRID) * step);
        gsl_matrix_set(G, k, 1, -FIELD_EXTENT + (double)(k / GRID) * step);
    }
    return G;
}

/* BOOK: vector_field */
/* g(f(x)) - x of the 2-D DAE, and E[x | x~] - x~ of the best denoiser (exercise 4.2). */
void vector_fields(fields *f, const ae_cli *c, int epochs)
{
    gsl_rng *r = ae_rng_alloc(c->seed, AE_RNG_DATA);
    f->P = spiral(CURVE_N, r);
    f->G = grid_points();
    f->R = gsl_matrix_alloc(GRID * GRID, 2);
    f->Rd = gsl_matrix_alloc(GRID * GRID, 2);
    ae_net *net = train_field(f->P, c, epochs);
    for (size_t first = 0; first < GRID * GRID; first += FIELD_BATCH) {   /* the DAE, a batch at a time */
        size_t rows = GRID * GRID - first < FIELD_BATCH ? GRID * GRID - first : FIELD_BATCH;
        gsl_matrix_view Gb = gsl_matrix_submatrix(f->G, first, 0, rows, 2);
        gsl_matrix_view Rb = gsl_matrix_submatrix(f->Rd, first, 0, rows, 2);
        gsl_matrix_memcpy(&Rb.matrix, ae_net_forward(net, &Gb.matrix));
    }
    ex04_bayes_denoiser(f->R, f->G, f->P, FIELD_SIGMA);                   /* (4.5) */
    double cos_sum = 0.0;   /* agreement of the two fields' directions */
    for (size_t k = 0; k < GRID * GRID; k++) {
        double x = gsl_matrix_get(f->G, k, 0), y = gsl_matrix_get(f->G, k, 1);
        double ax = gsl_matrix_get(f->Rd, k, 0) - x, ay = gsl_matrix_get(f->Rd, k, 1) - y;
        double bx = gsl_matrix_get(f->R, k, 0) - x, by = gsl_matrix_get(f->R, k, 1) - y;
        cos_sum += (ax * bx + ay * by) / (hypot(ax, ay) * hypot(bx, by) + 1e-300);
    }
    f->mean_cos = cos_sum / (GRID * GRID);
    ae_net_free(net);
    gsl_rng_free(r);
}
/* END BOOK */

void fields_free(fields *f)
{
    gsl_matrix_free(f->P);
    gsl_matrix_free(f->G);
    gsl_matrix_free(f->R);
    gsl_matrix_free(f->Rd);
}

int write_curve(const ae_cli *c, const fields *f)
{
    return ae_write_table(c->out, "curve.dat", "the 2-D training points near a spiral", "x y", f->P->data,
                          f->P->size1, 2);
}

/* Rows x y dx dy with (dx, dy) = R - G: the arrows of a field. */
static int write_arrows(const ae_cli *c, const char *name, const char *what, const gsl_matrix *G,
                        const gsl_matrix *R)
{
    double *rows = malloc(G->size1 * 4 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t k = 0; k < G->size1; k++) {
        double x = gsl_matrix_get(G, k, 0), y = gsl_matrix_get(G, k, 1);
        double v[4] = {x, y, gsl_matrix_get(R, k, 0) - x, gsl_matrix_get(R, k, 1) - y};
        memcpy(rows + 4 * k, v, sizeof v);
    }
    int status = ae_write_table(c->out, name, what, "x y dx dy", rows, G->size1, 4);
    free(rows);
    return status;
}

int write_field(const ae_cli *c, const fields *f)
{
    return write_arrows(c, "field.dat", "g(f(x)) - x of the 2-D DAE on a grid", f->G, f->Rd);
}

int write_bayes(const ae_cli *c, const fields *f)
{
    return write_arrows(c, "bayes.dat", "E[x | x~] - x~ of the best denoiser (exercise 4.2)", f->G, f->R);
}
