/* data — real datasets kept as uint8, converted to double a batch at a time.
 *
 * Files (installed by `make data`, see data/README.md):
 *   fashion: /usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
 *   mnist:   DATA_DIR/mnist-{train,test}-{images-idx3,labels-idx1}-ubyte.gz
 *   faces:   DATA_DIR/lfw_subset.npy      (200 x 25 x 25 float64; first 100 are faces)
 *   photo:   DATA_DIR/camera.pgm          (512 x 512 8-bit greyscale)
 *   colour:  DATA_DIR/coffee.ppm, ...     (8-bit RGB photographs)
 * Every loader validates what it reads and returns AE_EINPUT with a message
 * naming the file and what is wrong (and "run `make data`" when it is missing).
 * The file formats' readers are idx.h, npy.h and pgm.h; minibatches are batch.h.
 */
#ifndef AE_DATA_H
#define AE_DATA_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#define AE_DATA_DIR "data"   /* default; the --data-dir flag or AELAB_DATA overrides */
#define AE_FASHION_DIR "/usr/share/datasets/fashion-mnist"

/* ---- datasets ---- */

typedef struct {
    char name[16];         /* "fashion", "mnist", "spirals", ... */
    size_t n, dim;         /* examples, features per example (rows * cols) */
    size_t rows, cols;     /* image size (dim x 1 for non-images) */
    size_t classes;
    uint8_t *x;            /* n x dim pixels, 0..255 (NULL for real-valued sets) */
    double *xr;            /* n x dim real values (NULL for image sets) */
    uint8_t *y;            /* n labels */
} ae_dataset;

/* name "fashion" or "mnist", split "train" or "test"; data_dir for the converted files. */
int ae_dataset_load(ae_dataset *ds, const char *name, const char *split, const char *data_dir);

/* The 100 LFW faces (or, with faces = 0, the 100 non-faces) as 25x25 uint8 images. */
int ae_faces_load(ae_dataset *ds, const char *data_dir, int faces);

/* K interleaved spiral arms in 2-D, n_per_class points each (CS231n's spirals):
 * r = i/n, theta = W (k + r) + N(0, noise^2); x = (r sin theta, r cos theta), W the winding. */
#define AE_SPIRAL_WINDING 4.0   /* radians of turn per unit of radius */
void ae_spirals(ae_dataset *ds, size_t n_per_class, size_t classes, double noise, gsl_rng *r);

/* Keep only the first n examples (n <= ds->n); the rest stays in memory, so views of
 * it (a held-out tail) stay valid. */
void ae_dataset_truncate(ae_dataset *ds, size_t n);

/* The same, and give the rest of the memory back (1 <= n <= ds->n; no view may point there). */
void ae_dataset_shrink(ae_dataset *ds, size_t n);

/* Examples first .. first + n - 1 of ds (at most to its end) as a dataset of their own
 * that shares ds's arrays: never freed, valid while ds is. */
ae_dataset ae_dataset_view(const ae_dataset *ds, size_t first, size_t n);

/* The index of the first example of class label, or ds->n when there is none. */
size_t ae_dataset_first_of(const ae_dataset *ds, uint8_t label);

void ae_dataset_free(ae_dataset *ds);   /* frees the arrays, not ds itself */

/* Class names for labels (fashion: "T-shirt/top", ...; mnist: "0".."9"). */
const char *ae_class_name(const ae_dataset *ds, size_t label);

/* ---- photographs and patches ---- */

typedef struct {
    size_t rows, cols;
    double *v;             /* rows x cols pixels / 255, row-major */
} ae_image;

/* A PGM photograph (ae_pgm_load, pgm.h) as doubles in [0, 1]. */
int ae_image_load(ae_image *im, const char *path);

/* A PPM colour photograph (ae_ppm_load, pgm.h) as three images, R, G and B, in [0, 1]. */
int ae_image_load_rgb(ae_image rgb[3], const char *path);
void ae_image_free(ae_image *im);   /* frees the pixels, not im itself */

/* Shrink by f in each direction: each pixel the mean of an f x f block
 * (a 512 x 512 photograph becomes 256 x 256 with f = 2; a ragged edge is dropped). */
void ae_image_downsample(ae_image *im, size_t f);

/* p x p patches of im as a real-valued dataset (ds->xr is n x p^2, rows of the
 * patch in order, values in [0, 1]; labels 0). r == NULL: every non-overlapping
 * patch, left to right and top to bottom (n = (rows/p) (cols/p), the argument n
 * is ignored); otherwise n patches at uniformly random positions. */
void ae_patches(ae_dataset *ds, const ae_image *im, size_t p, size_t n, gsl_rng *r);

#endif
