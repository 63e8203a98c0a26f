/* Lesson 09's clusters (clusters.c): K-means in pixel space and in the code spaces, judged against
 * the labels it never sees; the first two principal axes of the pixels, the map the k = 2 code is
 * compared with (Hinton & Salakhutdinov 2006, Fig. 3; BOOK.md chapter 9). */
#ifndef L09_CLUSTERS_H
#define L09_CLUSTERS_H

#include "cli.h"
#include "data.h"
#include "figures.h"

enum { KM_K = CLASSES };   /* as many clusters as classes */
/* The spaces clustered: pixels, their PCA-2 map, the AE's k = 2 and k = 10 codes, the VAE's mu. */
enum { KM_PIXELS, KM_PCA2, KM_AE2, KM_AE10, KM_VAE, KM_SPACES };

typedef struct {
    double purity;   /* share of rows whose cluster's commonest class is their own */
    double nmi;      /* normalised mutual information between clusters and classes, 0 to 1 */
} km_score;

/* P (test->n x 2): the test images on the first two principal axes of the first 10,000
 * training images' pixels. */
void pixel_pca_2d(gsl_matrix *P, const ae_dataset *train, const ae_dataset *test);

/* kmeans.dat and s[space]: K-means with K = KM_K from k-means++ seeds, on the test
 * images' pixels and on codes[space - 1] for the other spaces (each test->n x its size), scored
 * against the labels. */
int write_kmeans(const ae_cli *c, const ae_dataset *test, const gsl_matrix *const codes[KM_SPACES - 1],
                 km_score s[KM_SPACES]);

#endif
