/* Lesson 01's figures. See figures.h. */
#include "batch.h"
#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>

#include "err.h"
#include "exercises.h"
#include "out.h"

enum { SHOW = 8 };   /* test images in recon.dat */

/* ---- with and without L2: which directions does the decoder find? ---- */

/* Left singular vectors U (D x k, columns) and singular values S of the decoder W2. */
static void decoder_svd(gsl_matrix *U, gsl_vector *S, const linear_ae *ae)
{
    size_t k = U->size2;
    gsl_matrix *V = gsl_matrix_alloc(k, k);
    gsl_vector *work = gsl_vector_alloc(k);
    gsl_matrix_memcpy(U, ae->dec->W);
    gsl_linalg_SV_decomp(U, V, S, work);   /* W2 = U S V^T, S decreasing */
    gsl_matrix_free(V);
    gsl_vector_free(work);
}

/* M_ij = |u_i . v_j|: 1 on the diagonal and 0 elsewhere when u_i is the i-th principal direction. */
static void alignment(gsl_matrix *M, const gsl_matrix *U, const ae_pca *p)
{
    gsl_matrix_const_view Vk = ae_pca_directions(p, U->size2);
    gsl_blas_dgemm(CblasTrans, CblasTrans, 1.0, U, &Vk.matrix, 0.0, M);
    for (size_t i = 0; i < M->size1 * M->size2; i++)
        M->data[i] = fabs(M->data[i]);
}

aligned compare_directions(const linear_ae *plain, const linear_ae *l2, const ae_pca *p, size_t k)
{
    aligned al = {gsl_matrix_alloc(p->dim, k), gsl_matrix_alloc(p->dim, k), gsl_matrix_alloc(k, k),
                  gsl_matrix_alloc(k, k), gsl_vector_alloc(k), gsl_vector_alloc(k)};
    decoder_svd(al.U_plain, al.S_plain, plain);
    decoder_svd(al.U_l2, al.S_l2, l2);
    alignment(al.M_plain, al.U_plain, p);
    alignment(al.M_l2, al.U_l2, p);
    return al;
}

void aligned_free(aligned *al)
{
    gsl_matrix_free(al->U_plain);
    gsl_matrix_free(al->U_l2);
    gsl_matrix_free(al->M_plain);
    gsl_matrix_free(al->M_l2);
    gsl_vector_free(al->S_plain);
    gsl_vector_free(al->S_l2);
}

double worst_alignment(const gsl_matrix *M)
{
    double worst = 1.0;
    for (size_t i = 0; i < M->size1; i++)
        worst = fmin(worst, gsl_matrix_get(M, i, i));
    return worst;
}

/* Copy a direction into an image scaled to [-1, 1], largest |entry| positive (PCA's sign rule);
 * with v (a D-vector, not NULL), the sign that makes u . v >= 0 instead, so that a decoder
 * direction is drawn with the same sign as the principal direction it is compared with. */
static void direction_image(double *img, const double *u, size_t stride, size_t D, const double *v)
{
    size_t big = 0;
    double dot = 0.0;
    for (size_t i = 0; i < D; i++) {
        if (fabs(u[i * stride]) > fabs(u[big * stride]))
            big = i;
        dot += v ? u[i * stride] * v[i] : 0.0;
    }
    double scale = 1.0 / fabs(u[big * stride]);
    if (v ? dot < 0.0 : u[big * stride] < 0.0)   /* u and -u are the same direction */
        scale = -scale;
    for (size_t i = 0; i < D; i++)
        img[i] = u[i * stride] * scale;
}

/* ---- the sweep over k ---- */

int write_mse(const ae_cli *c, const result *res, size_t n)
{
    double *rows = malloc(n * 7 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < n; i++) {
        double r[7] = {res[i].k, res[i].pca_mse, res[i].ae_mse, res[i].ae_mse / res[i].pca_mse,
                       res[i].explained, res[i].angle_max, res[i].angle_mean};
        memcpy(rows + 7 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "mse.dat", "test MSE per pixel of PCA-k and the linear AE-k",
                                "k pca_mse ae_mse ratio explained angle_max_deg angle_mean_deg", rows, n, 7);
    free(rows);
    return status;
}

int write_curves(const ae_cli *c, const result *res, size_t n)
{
    /* per k four columns: test MSE, gap to PCA-k, largest and mean principal angle (deg) */
    static const char *const what[4] = {"mse", "gap", "angle_max", "angle_mean"};
    char columns[1024] = "epoch";
    for (size_t q = 0; q < 4; q++)
        for (size_t i = 0; i < n; i++)
            snprintf(columns + strlen(columns), sizeof columns - strlen(columns), " %s_k%zu", what[q], res[i].k);
    size_t width = 1 + 4 * n;
    double *curves = malloc((size_t)c->epochs * width * sizeof *curves);
    AE_ASSERT(curves);
    for (int e = 0; e < c->epochs; e++) {
        double *r = curves + (size_t)e * width;
        r[0] = e + 1;
        for (size_t i = 0; i < n; i++) {
            r[1 + i] = res[i].curve_mse[e];
            r[1 + n + i] = res[i].curve_mse[e] / res[i].pca_mse - 1.0;
            r[1 + 2 * n + i] = res[i].curve_angle[e];
            r[1 + 3 * n + i] = res[i].curve_mean[e];
        }
    }
    int status = ae_write_table(c->out, "curves.dat",
                                "per epoch and k: AE test MSE, its gap to PCA-k (AE/PCA - 1), largest and mean "
                                "principal angle to PCA-k (deg)", columns, curves, c->epochs, width);
    free(curves);
    return status;
}

/* ---- code size k, without and with L2 ---- */

int write_align(const ae_cli *c, const aligned *al, const ae_pca *p, size_t k, double wd)
{
    double *rows = malloc(k * 6 * sizeof *rows);
    AE_ASSERT(rows);
    for (size_t i = 0; i < k; i++) {
        double lambda = gsl_vector_get(p->lambda, i);
        double r[6] = {i + 1, lambda, gsl_matrix_get(al->M_plain, i, i), gsl_matrix_get(al->M_l2, i, i),
                       gsl_vector_get(al->S_l2, i), sqrt(fmax(0.0, 1.0 - 0.5 * wd / lambda))};   /* (1.7) */
        memcpy(rows + 6 * i, r, sizeof r);
    }
    int status = ae_write_table(c->out, "align.dat",
                                "i-th decoder left singular vector vs i-th principal direction; L2 singular values",
                                "i lambda cos_plain cos_l2 sv_l2 sv_theory", rows, k, 6);
    free(rows);
    return status;
}

int write_align_plain(const ae_cli *c, const aligned *al, size_t k)
{
    return ae_write_table(c->out, "align_plain.dat", "|u_i . v_j| without L2 (matrix, row i)", NULL,
                          al->M_plain->data, k, k);
}

int write_align_l2(const ae_cli *c, const aligned *al, size_t k)
{
    return ae_write_table(c->out, "align_l2.dat", "|u_i . v_j| with L2 (matrix, row i)", NULL,
                          al->M_l2->data, k, k);
}

int write_directions(const ae_cli *c, const aligned *al, const ae_pca *p, size_t k, const ae_dataset *ds)
{
    /* one row of k images each: PCA, plain decoder, L2 decoder */
    size_t D = p->dim;
    double *img = malloc(3 * k * D * sizeof *img);
    AE_ASSERT(img);
    for (size_t i = 0; i < k; i++) {
        const double *v_i = p->V->data + i * p->V->tda;   /* u_i is drawn with the sign of u_i . v_i */
        direction_image(img + i * D, v_i, 1, D, NULL);
        direction_image(img + (k + i) * D, al->U_plain->data + i, al->U_plain->tda, D, v_i);
        direction_image(img + (2 * k + i) * D, al->U_l2->data + i, al->U_l2->tda, D, v_i);
    }
    int status = ae_write_mosaic(c->out, "directions.dat",
                                 "rows: PCA directions v_i; AE decoder left singular vectors u_i, plain; with L2 "
                                 "(each u_i with the sign of u_i . v_i)",
                                 img, 3 * k, ds->rows, ds->cols, k, 0.0);
    free(img);
    return status;
}

/* Originals, PCA-k, AE-k and L2 AE-k reconstructions of the first SHOW test images. */
int write_recon(const ae_cli *c, const ae_dataset *test, const ae_pca *p, const linear_ae *plain,
                const linear_ae *l2, size_t k)
{
    size_t D = test->dim;
    buffers v = buffers_alloc(SHOW, D, k);
    double *img = malloc(4 * SHOW * D * sizeof *img);
    AE_ASSERT(img);
    ae_batch_range(v.X, NULL, test, 0, SHOW);
    gsl_matrix_view out = gsl_matrix_view_array(img, 4 * SHOW, D);
    gsl_matrix_view row0 = gsl_matrix_submatrix(&out.matrix, 0, 0, SHOW, D);
    gsl_matrix_memcpy(&row0.matrix, v.X);
    gsl_matrix_const_view Vk = ae_pca_directions(p, k);
    gsl_matrix_view row1 = gsl_matrix_submatrix(&out.matrix, SHOW, 0, SHOW, D);
    ex01_pca_reconstruct(&row1.matrix, v.Z, v.X, p->mean, &Vk.matrix);
    const linear_ae *models[2] = {plain, l2};
    centre(v.X, p->mean);
    for (size_t m = 0; m < 2; m++) {
        gsl_matrix_view rowm = gsl_matrix_submatrix(&out.matrix, (2 + m) * SHOW, 0, SHOW, D);
        ae_dense_forward(v.Z, v.X, models[m]->enc);
        ae_dense_forward(&rowm.matrix, v.Z, models[m]->dec);
        for (size_t b = 0; b < SHOW; b++) {           /* back to pixels: + mu */
            gsl_vector_view row = gsl_matrix_row(&rowm.matrix, b);
            gsl_vector_add(&row.vector, p->mean);
        }
    }
    char what[128];
    snprintf(what, sizeof what, "rows: test images; PCA-%zu; linear AE-%zu; linear AE-%zu with L2", k, k, k);
    int status = ae_write_mosaic(c->out, "recon.dat", what, img, 4 * SHOW, test->rows, test->cols, SHOW, 1.0);
    free(img);
    buffers_free(&v);
    return status;
}

void explained_on(double *out, const ae_pca *p, const ae_dataset *ds, size_t kmax)
{
    /* ||x - mu - V_k^T z_k||^2 = ||x - mu||^2 - ||z_k||^2: the rows of V are orthonormal */
    gsl_matrix *X = gsl_matrix_alloc(AE_PCA_ROWS, ds->dim), *Z = gsl_matrix_alloc(AE_PCA_ROWS, kmax);
    double total = 0.0;
    for (size_t k = 0; k < kmax; k++)
        out[k] = 0.0;
    for (size_t first = 0; first < ds->n; first += AE_PCA_ROWS) {
        size_t rows = ds->n - first < AE_PCA_ROWS ? ds->n - first : AE_PCA_ROWS;
        gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim), z = gsl_matrix_submatrix(Z, 0, 0, rows, kmax);
        ae_batch_range(&x.matrix, NULL, ds, first, rows);
        ae_pca_project(&z.matrix, p, &x.matrix);           /* (1.2) z = V_k (x - mu) */
        for (size_t b = 0; b < rows; b++) {
            gsl_vector_view xb = gsl_matrix_row(&x.matrix, b);
            gsl_vector_sub(&xb.vector, p->mean);
            double norm = gsl_blas_dnrm2(&xb.vector), part = 0.0;
            total += norm * norm;
            for (size_t k = 0; k < kmax; k++) {
                part += gsl_matrix_get(&z.matrix, b, k) * gsl_matrix_get(&z.matrix, b, k);
                out[k] += part;
            }
        }
    }
    for (size_t k = 0; k < kmax; k++)
        out[k] = total > 0.0 ? out[k] / total : 1.0;
    gsl_matrix_free(X);
    gsl_matrix_free(Z);
}

int write_spectrum(const ae_cli *c, const ae_pca *p, const ae_dataset *test)
{
    enum { KMAX = 99 };
    double rows[KMAX * 3], held[KMAX];
    explained_on(held, p, test, KMAX);
    for (size_t k = 1; k <= KMAX; k++) {
        rows[3 * (k - 1)] = k;
        rows[3 * (k - 1) + 1] = ae_pca_explained(p, k);
        rows[3 * (k - 1) + 2] = held[k - 1];
    }
    return ae_write_table(c->out, "spectrum.dat",
                          "fraction of the variance in the first k directions: training images; test images",
                          "k explained test_explained", rows, KMAX, 3);
}

int write_faces_spectrum(const ae_cli *c, const ae_pca *pf, const ae_dataset *held, double *heldout)
{
    const size_t kmax = pf->count - 1;   /* N faces span N - 1 directions about their mean */
    double *rows = malloc(kmax * 3 * sizeof *rows), *out = malloc(kmax * sizeof *out);
    AE_ASSERT(rows && out);
    explained_on(out, pf, held, kmax);
    for (size_t k = 1; k <= kmax; k++) {
        rows[3 * (k - 1)] = k;
        rows[3 * (k - 1) + 1] = ae_pca_explained(pf, k);
        rows[3 * (k - 1) + 2] = out[k - 1];
    }
    *heldout = out[kmax - 1];
    int status = ae_write_table(c->out, "faces_spectrum.dat",
                                "fraction of the faces' variance in the first k eigenfaces: the faces PCA was "
                                "fitted on; held-out faces", "k fitted heldout", rows, kmax, 3);
    free(rows);
    free(out);
    return status;
}

/* ---- eigenfaces ---- */

/* BOOK: eigenfaces */
/* Eigenfaces: the mean face and the top directions. */
int write_eigenfaces(const ae_cli *c, const ae_dataset *faces, const ae_pca *p)
{
    enum { TOP = 15 };
    const size_t D = faces->dim;
    double *img = malloc((TOP + 1) * D * sizeof *img);
    AE_ASSERT(img);
    memcpy(img, p->mean->data, D * sizeof *img);
    for (size_t j = 0; j < TOP; j++) {
        double *eigenface = img + (j + 1) * D;
        direction_image(eigenface, p->V->data + j * p->V->tda, 1, D, NULL);
        for (size_t i = 0; i < D; i++)
            eigenface[i] = 0.5 + 0.5 * eigenface[i];    /* [-1, 1] -> [0, 1]: grey is 0 */
    }
    int status = ae_write_mosaic(c->out, "eigenfaces.dat", "the mean face, then the first 15 eigenfaces (0.5 + v/2max|v|)",
                                 img, TOP + 1, faces->rows, faces->cols, TOP + 1, 0.0);
    free(img);
    return status;
}

/* Faces rebuilt from k = 1 ... 79 eigenfaces, (1.2) and (1.3): two of the faces PCA was
 * fitted on, then four it has never seen. */
int write_faces_recon(const ae_cli *c, const ae_dataset *fit, const ae_dataset *held, const ae_pca *p)
{
    enum { FITTED = 2, HELD = 4, FACES = FITTED + HELD, NK = 6 };
    const size_t ks[NK] = {1, 5, 10, 25, 50, p->count - 1};   /* the last: every direction there is */
    const size_t D = fit->dim;
    gsl_matrix *X = gsl_matrix_alloc(FACES, D), *Z = gsl_matrix_alloc(FACES, ks[NK - 1]);
    gsl_matrix *grid = gsl_matrix_alloc(FACES * (NK + 1), D);   /* row f*(NK+1)+j: face f with ks[j] */
    gsl_matrix_view top = gsl_matrix_submatrix(X, 0, 0, FITTED, D), rest = gsl_matrix_submatrix(X, FITTED, 0, HELD, D);
    ae_batch_range(&top.matrix, NULL, fit, 0, FITTED);
    ae_batch_range(&rest.matrix, NULL, held, 0, HELD);
    for (size_t j = 0; j < NK; j++) {
        gsl_matrix_const_view Vk = ae_pca_directions(p, ks[j]);
        gsl_matrix_view Zk = gsl_matrix_submatrix(Z, 0, 0, FACES, ks[j]);
        gsl_matrix *Xhat = gsl_matrix_alloc(FACES, D);
        ex01_pca_reconstruct(Xhat, &Zk.matrix, X, p->mean, &Vk.matrix);
        for (size_t f = 0; f < FACES; f++) {
            gsl_vector_view dst = gsl_matrix_row(grid, f * (NK + 1) + j), src = gsl_matrix_row(Xhat, f);
            gsl_vector_memcpy(&dst.vector, &src.vector);
        }
        gsl_matrix_free(Xhat);
    }
    for (size_t f = 0; f < FACES; f++) {
        gsl_vector_view dst = gsl_matrix_row(grid, f * (NK + 1) + NK), src = gsl_matrix_row(X, f);
        gsl_vector_memcpy(&dst.vector, &src.vector);
    }
    char what[160];
    snprintf(what, sizeof what, "rows: 2 faces PCA was fitted on, then 4 held-out faces; columns: rebuilt from "
             "k = 1 5 10 25 50 %zu eigenfaces, then the original", ks[NK - 1]);
    int status = ae_write_mosaic(c->out, "faces_recon.dat", what, grid->data, FACES * (NK + 1), fit->rows,
                                 fit->cols, NK + 1, 1.0);
    gsl_matrix_free(X);
    gsl_matrix_free(Z);
    gsl_matrix_free(grid);
    return status;
}
/* END BOOK */

int write_tied(const ae_cli *c, const result *plain, const result *tied)
{
    double *rows = malloc((size_t)c->epochs * 5 * sizeof *rows);
    AE_ASSERT(rows);
    for (int e = 0; e < c->epochs; e++) {
        double r[5] = {e + 1, plain->curve_mse[e] / plain->pca_mse - 1, tied->curve_mse[e] / tied->pca_mse - 1,
                       plain->curve_mean[e], tied->curve_mean[e]};
        memcpy(rows + 5 * e, r, sizeof r);
    }
    char what[160];
    snprintf(what, sizeof what, "linear AE, k = %zu, plain (W1, W2) against tied (W2 = W1^T): per epoch the "
             "relative gap to PCA-k's test MSE and the mean principal angle (deg)", plain->k);
    int status = ae_write_table(c->out, "tied.dat", what, "epoch plain_gap tied_gap plain_angle tied_angle", rows,
                                (size_t)c->epochs, 5);
    free(rows);
    return status;
}
