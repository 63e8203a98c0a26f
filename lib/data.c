/* data — the datasets (MNIST digits, Fashion-MNIST, LFW faces, spirals), photographs
 * and patches. See data.h; the file readers are idx.c, npy.c and pgm.c.
 */
#include "data.h"
#include "err.h"
#include "idx.h"
#include "npy.h"
#include "pgm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#define AE_IMAGE_SIDE 28                     /* MNIST and Fashion-MNIST are 28 x 28 */
#define AE_DIGIT_CLASSES 10
#define AE_FACES_N 200                       /* lfw_subset.npy: 100 faces, then 100 not */
#define AE_FACES_SIDE 25

/* A data file that is there but wrong (cut, damaged, swapped, not a file): st, with the
 * cure appended to the message, unless it has one (a missing file: "run `make data`"). */
static int with_cure(int st, int fashion)
{
    if (st == AE_OK || strstr(ae_errmsg(), "make data"))
        return st;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", ae_errmsg());
    if (fashion)   /* Debian's files, checked by `make data` too */
        return ae_fail("%s; reinstall it: apt-get install --reinstall dataset-fashion-mnist", msg);
    return ae_fail("%s; remove it and run `make data` again", msg);
}

/* ---- photographs and patches ---- */

int ae_image_load(ae_image *im, const char *path)
{
    uint8_t *px;
    im->v = NULL;
    int st = with_cure(ae_pgm_load(path, &px, &im->rows, &im->cols), 0);
    if (st)
        return st;
    im->v = malloc(im->rows * im->cols * sizeof *im->v);
    AE_ASSERT(im->v != NULL);
    for (size_t k = 0; k < im->rows * im->cols; k++)
        im->v[k] = px[k] / 255.0;
    free(px);
    return AE_OK;
}

int ae_image_load_rgb(ae_image rgb[3], const char *path)
{
    uint8_t *px;
    size_t rows = 0, cols = 0;
    for (size_t ch = 0; ch < 3; ch++)
        rgb[ch].v = NULL;
    int st = with_cure(ae_ppm_load(path, &px, &rows, &cols), 0);
    if (st)
        return st;
    for (size_t ch = 0; ch < 3; ch++) {
        rgb[ch].rows = rows;
        rgb[ch].cols = cols;
        rgb[ch].v = malloc(rows * cols * sizeof *rgb[ch].v);
        AE_ASSERT(rgb[ch].v != NULL);
        for (size_t k = 0; k < rows * cols; k++)
            rgb[ch].v[k] = px[3 * k + ch] / 255.0;
    }
    free(px);
    return AE_OK;
}

void ae_image_free(ae_image *im)
{
    if (im) {
        free(im->v);
        im->v = NULL;
    }
}

void ae_image_downsample(ae_image *im, size_t f)
{
    AE_ASSERT(f >= 1 && im->rows >= f && im->cols >= f);
    size_t R = im->rows / f, C = im->cols / f;
    for (size_t i = 0; i < R; i++)       /* in place: (i, j) is written after it is read */
        for (size_t j = 0; j < C; j++) {
            double s = 0.0;
            for (size_t a = 0; a < f; a++)
                for (size_t b = 0; b < f; b++)
                    s += im->v[(i * f + a) * im->cols + j * f + b];
            im->v[i * C + j] = s / (double)(f * f);
        }
    im->rows = R;
    im->cols = C;
}

void ae_patches(ae_dataset *ds, const ae_image *im, size_t p, size_t n, gsl_rng *r)
{
    AE_ASSERT(p >= 1 && p <= im->rows && p <= im->cols);
    size_t across = im->cols / p;
    if (r == NULL)
        n = (im->rows / p) * across;
    *ds = (ae_dataset){.n = n, .dim = p * p, .rows = p, .cols = p, .classes = 1};
    snprintf(ds->name, sizeof ds->name, "patches");
    ds->xr = malloc(n * p * p * sizeof *ds->xr);
    ds->y = calloc(n, 1);
    AE_ASSERT(ds->xr != NULL && ds->y != NULL);
    for (size_t k = 0; k < n; k++) {
        size_t top, left;
        if (r == NULL) {
            top = (k / across) * p;
            left = (k % across) * p;
        } else {
            top = gsl_rng_uniform_int(r, im->rows - p + 1);
            left = gsl_rng_uniform_int(r, im->cols - p + 1);
        }
        for (size_t a = 0; a < p; a++)
            memcpy(ds->xr + k * p * p + a * p, im->v + (top + a) * im->cols + left,
                   p * sizeof *ds->xr);
    }
}

/* ---- datasets ---- */

size_t ae_dataset_first_of(const ae_dataset *ds, uint8_t label)
{
    size_t i = 0;
    while (i < ds->n && ds->y[i] != label)
        i++;
    return i;
}

void ae_dataset_free(ae_dataset *ds)
{
    if (!ds)
        return;
    free(ds->x);
    free(ds->xr);
    free(ds->y);
    ds->x = NULL;
    ds->xr = NULL;
    ds->y = NULL;
    ds->n = 0;
}

/* Image and label files of one split: they must agree and hold 28x28 images, labels < 10. */
static int check_pair(const char *ipath, const char *lpath, size_t n, size_t rows, size_t cols,
                      size_t nl, size_t lrows, size_t lcols, const uint8_t *y)
{
    if (rows != AE_IMAGE_SIDE || cols != AE_IMAGE_SIDE)
        return ae_fail("%s: images are %zux%zu, want %dx%d", ipath, rows, cols,
                       AE_IMAGE_SIDE, AE_IMAGE_SIDE);
    if (lrows != 1 || lcols != 1)
        return ae_fail("%s: not a 1-D label file (%zu x %zu per entry)", lpath, lrows, lcols);
    if (nl != n)
        return ae_fail("%s: %zu labels but %s has %zu images", lpath, nl, ipath, n);
    for (size_t i = 0; i < n; i++)
        if (y[i] >= AE_DIGIT_CLASSES)
            return ae_fail("%s: label %u at index %zu is not below %d", lpath, y[i], i,
                           AE_DIGIT_CLASSES);
    return AE_OK;
}

/* Load images and labels from two IDX files into ds. */
static int load_pair(ae_dataset *ds, const char *ipath, const char *lpath)
{
    size_t n, rows, cols, nl, lrows, lcols;
    int st = ae_idx_load(ipath, &ds->x, &n, &rows, &cols);
    if (!st)
        st = ae_idx_load(lpath, &ds->y, &nl, &lrows, &lcols);
    if (!st)
        st = check_pair(ipath, lpath, n, rows, cols, nl, lrows, lcols, ds->y);
    if (st) {
        ae_dataset_free(ds);
        return st;
    }
    ds->n = n;
    ds->rows = rows;
    ds->cols = cols;
    ds->dim = rows * cols;
    ds->classes = AE_DIGIT_CLASSES;
    return AE_OK;
}

int ae_dataset_load(ae_dataset *ds, const char *name, const char *split, const char *data_dir)
{
    memset(ds, 0, sizeof *ds);
    int train = strcmp(split, "train") == 0;
    if (!train && strcmp(split, "test") != 0)
        return ae_fail("unknown split '%s' (want train or test)", split);
    if (!data_dir)
        data_dir = AE_DATA_DIR;
    char ipath[4096], lpath[4096];
    if (strcmp(name, "fashion") == 0) {
        const char *s = train ? "train" : "t10k";
        snprintf(ipath, sizeof ipath, "%s/%s-images-idx3-ubyte.gz", AE_FASHION_DIR, s);
        snprintf(lpath, sizeof lpath, "%s/%s-labels-idx1-ubyte.gz", AE_FASHION_DIR, s);
    } else if (strcmp(name, "mnist") == 0) {
        snprintf(ipath, sizeof ipath, "%s/mnist-%s-images-idx3-ubyte.gz", data_dir, split);
        snprintf(lpath, sizeof lpath, "%s/mnist-%s-labels-idx1-ubyte.gz", data_dir, split);
    } else {
        return ae_fail("unknown dataset '%s' (want fashion or mnist)", name);
    }
    snprintf(ds->name, sizeof ds->name, "%s", name);
    return with_cure(load_pair(ds, ipath, lpath), strcmp(name, "fashion") == 0);
}

/* v in [0, 1] -> round(255 v), clamped to 0..255 */
static uint8_t to_byte(double v)
{
    long b = lround(v * 255.0);
    return (uint8_t)(b < 0 ? 0 : b > 255 ? 255 : b);
}

/* The 100 faces (first half) or non-faces (second half) of lfw_subset.npy. */
static int faces_fill(ae_dataset *ds, const char *path, const double *v, int faces)
{
    size_t dim = AE_FACES_SIDE * AE_FACES_SIDE, half = AE_FACES_N / 2;
    const double *src = v + (faces ? 0 : half * dim);
    for (size_t i = 0; i < half * dim; i++)
        if (!(src[i] >= 0.0 && src[i] <= 1.0))
            return ae_fail("%s: value %g at index %zu is not in [0, 1]", path, src[i], i);
    ds->x = malloc(half * dim);
    ds->y = malloc(half);
    if (!ds->x || !ds->y)
        return ae_fail("%s: out of memory", path);
    for (size_t i = 0; i < half * dim; i++)
        ds->x[i] = to_byte(src[i]);
    memset(ds->y, faces ? 1 : 0, half);
    ds->n = half;
    return AE_OK;
}

int ae_faces_load(ae_dataset *ds, const char *data_dir, int faces)
{
    memset(ds, 0, sizeof *ds);
    char path[4096];
    snprintf(path, sizeof path, "%s/lfw_subset.npy", data_dir ? data_dir : AE_DATA_DIR);
    double *v;
    size_t shape[3];
    int st = ae_npy_load(path, &v, shape);
    if (st)
        return with_cure(st, 0);
    if (shape[0] != AE_FACES_N || shape[1] != AE_FACES_SIDE || shape[2] != AE_FACES_SIDE)
        st = ae_fail("%s: shape %zu x %zu x %zu, want %d x %d x %d", path, shape[0], shape[1],
                     shape[2], AE_FACES_N, AE_FACES_SIDE, AE_FACES_SIDE);
    else
        st = faces_fill(ds, path, v, faces);
    free(v);
    if (st) {
        ae_dataset_free(ds);
        return with_cure(st, 0);
    }
    snprintf(ds->name, sizeof ds->name, "faces");
    ds->rows = ds->cols = AE_FACES_SIDE;
    ds->dim = AE_FACES_SIDE * AE_FACES_SIDE;
    ds->classes = 2;
    return AE_OK;
}

/* CS231n's spirals: arm k, point i: r = i/n, theta = 4 (k + r) + N(0, noise^2). */
void ae_spirals(ae_dataset *ds, size_t n_per_class, size_t classes, double noise, gsl_rng *r)
{
    memset(ds, 0, sizeof *ds);
    size_t n = n_per_class * classes;
    AE_ASSERT(classes >= 1 && classes <= 256 && n_per_class >= 1);
    ds->xr = malloc(2 * n * sizeof *ds->xr);
    ds->y = malloc(n);
    AE_ASSERT(ds->xr && ds->y);                          /* out of memory */
    for (size_t k = 0; k < classes; k++)
        for (size_t i = 0; i < n_per_class; i++) {
            size_t j = k * n_per_class + i;
            double rad = (double)i / (double)n_per_class;
            double theta = AE_SPIRAL_WINDING * ((double)k + rad) + gsl_ran_gaussian_ziggurat(r, noise);
            ds->xr[2 * j] = rad * sin(theta);
            ds->xr[2 * j + 1] = rad * cos(theta);
            ds->y[j] = (uint8_t)k;
        }
    snprintf(ds->name, sizeof ds->name, "spirals");
    ds->n = n;
    ds->dim = ds->rows = 2;
    ds->cols = 1;
    ds->classes = classes;
}

/* realloc to a smaller size: the same block or a copy, never NULL for n > 0 */
static void *shrink(void *p, size_t bytes)
{
    if (p == NULL || bytes == 0)
        return p;
    void *q = realloc(p, bytes);
    return q ? q : p;   /* a failed shrink keeps the larger block */
}

void ae_dataset_truncate(ae_dataset *ds, size_t n)
{
    AE_ASSERT(n <= ds->n);
    ds->n = n;
}

ae_dataset ae_dataset_view(const ae_dataset *ds, size_t first, size_t n)
{
    AE_ASSERT(first <= ds->n);
    ae_dataset view = *ds;
    view.n = n < ds->n - first ? n : ds->n - first;
    view.x = ds->x ? ds->x + first * ds->dim : NULL;
    view.xr = ds->xr ? ds->xr + first * ds->dim : NULL;
    view.y = ds->y ? ds->y + first : NULL;
    return view;
}

void ae_dataset_shrink(ae_dataset *ds, size_t n)
{
    AE_ASSERT(n >= 1 && n <= ds->n);
    ds->x = shrink(ds->x, n * ds->dim * sizeof *ds->x);
    ds->xr = shrink(ds->xr, n * ds->dim * sizeof *ds->xr);
    ds->y = shrink(ds->y, n * sizeof *ds->y);
    ds->n = n;
}

const char *ae_class_name(const ae_dataset *ds, size_t label)
{
    static const char *fashion[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    static const char *digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    static const char *faces[] = {"non-face", "face"};
    static const char *arms[] = {"arm 0", "arm 1", "arm 2", "arm 3", "arm 4",
                                 "arm 5", "arm 6", "arm 7", "arm 8", "arm 9"};
    AE_ASSERT(label < ds->classes);
    if (strcmp(ds->name, "fashion") == 0 && label < 10)
        return fashion[label];
    if (strcmp(ds->name, "faces") == 0 && label < 2)
        return faces[label];
    if (strcmp(ds->name, "spirals") == 0 && label < 10)
        return arms[label];
    return label < 10 ? digits[label] : "?";
}
