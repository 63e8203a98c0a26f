/* Lesson 01's figures: one writer per .dat file that plots/01-linear-pca.gp reads, and the
 * comparison of the decoders' directions with PCA's that only they (and the summary) use. */
#ifndef L01_FIGURES_H
#define L01_FIGURES_H

#include "cli.h"
#include "data.h"
#include "model.h"
#include "pca.h"

/* What the sweep measured for one code size k. */
typedef struct {
    size_t k;
    double pca_mse, ae_mse, explained, angle_max, angle_mean;
    double *curve_mse, *curve_angle, *curve_mean;   /* per epoch: test MSE, largest and mean angle */
} result;

/* The decoders' left singular vectors U (D x k, singular values S) and their alignment
 * M_ij = |u_i . v_j| with the principal directions (k x k), without and with L2. */
typedef struct {
    gsl_matrix *U_plain, *U_l2, *M_plain, *M_l2;   /* D x k, D x k, k x k, k x k */
    gsl_vector *S_plain, *S_l2;
} aligned;

aligned compare_directions(const linear_ae *plain, const linear_ae *l2, const ae_pca *p, size_t k);
void aligned_free(aligned *al);

/* The smallest diagonal entry of an alignment matrix. */
double worst_alignment(const gsl_matrix *M);

/* mse.dat: per k, PCA and AE test MSE, their ratio, explained variance, angles (res: n). */
int write_mse(const ae_cli *c, const result *res, size_t n);

/* curves.dat: per epoch, for each k the AE's test MSE, its gap to PCA-k's (AE/PCA - 1),
 * the largest and the mean principal angle. */
int write_curves(const ae_cli *c, const result *res, size_t n);

/* align.dat: per direction i, lambda_i, u_i . v_i without and with L2 (weight decay wd),
 * the L2 decoder's singular values and their value in theory (1.7). */
int write_align(const ae_cli *c, const aligned *al, const ae_pca *p, size_t k, double wd);

/* align_plain.dat, align_l2.dat: the k x k matrices |u_i . v_j|. */
int write_align_plain(const ae_cli *c, const aligned *al, size_t k);
int write_align_l2(const ae_cli *c, const aligned *al, size_t k);

/* directions.dat: PCA directions, decoder directions plain and with L2, as images of ds's size. */
int write_directions(const ae_cli *c, const aligned *al, const ae_pca *p, size_t k, const ae_dataset *ds);

/* recon.dat: test images, their PCA-k, AE-k and L2 AE-k reconstructions. */
int write_recon(const ae_cli *c, const ae_dataset *test, const ae_pca *p, const linear_ae *plain,
                const linear_ae *l2, size_t k);

/* out[k-1], k = 1..kmax: the fraction of ds's variance about p's mean that PCA-k rebuilds,
 * 1 - sum ||x - x_hat_k||^2 / sum ||x - mu||^2 (on p's own data: ae_pca_explained). */
void explained_on(double *out, const ae_pca *p, const ae_dataset *ds, size_t kmax);

/* spectrum.dat: explained variance against k, on the training images (p) and the test images. */
int write_spectrum(const ae_cli *c, const ae_pca *p, const ae_dataset *test);

/* faces_spectrum.dat: the same for the faces' PCA pf, on its own faces and on the held-out
 * ones, for k up to its last direction of non-zero variance (*heldout: the held-out value there). */
int write_faces_spectrum(const ae_cli *c, const ae_pca *pf, const ae_dataset *held, double *heldout);

/* eigenfaces.dat: the mean face and the first eigenfaces (p: the faces' PCA). */
int write_eigenfaces(const ae_cli *c, const ae_dataset *faces, const ae_pca *p);

/* faces_recon.dat: faces PCA was fitted on (fit), then held-out faces, rebuilt from more and
 * more eigenfaces, then the originals. */
int write_faces_recon(const ae_cli *c, const ae_dataset *fit, const ae_dataset *held, const ae_pca *p);

/* tied.dat: per epoch, the gap to PCA-k's test error and the mean principal angle of the
 * plain AE (plain) and the tied one (tied), both of code size k. */
int write_tied(const ae_cli *c, const result *plain, const result *tied);

#endif
