/* check_lesson10 — lesson 10 (compression) end to end: a --quick run writes every
 * .dat file; the numbers say the coder works (PSNR rises with the bits, the float code
 * is close to PCA's, 8 bits are as good as the float code); the default run shows what
 * the chapter claims (training with rounding noise wins at 4 bits and spreads its code over
 * more of tanh's range); the colouriser beats the guesses that need no network on a
 * photograph it never saw; bad flags and broken photographs exit 2 with one line; same seed,
 * same numbers. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

#define QUICK_AE_FLOAT 26.0     /* dB, the AE's float code on the training photo after --quick (27.9 recorded) */
#define QUICK_PCA_FLOAT 29.0    /* dB, PCA-16's (30.2 recorded; PCA does not depend on training) */
#define UNSEEN_FLOAT 30.0       /* dB, both coders on the smoother unseen photo (35.9, 39.4 recorded) */
#define MONOTONE_SLACK 0.1      /* dB a PSNR may fall when one more bit is added (rounding luck) */
#define MIN_GAIN_2_TO_8 5.0     /* dB gained from 2 to 8 bits, every coder and photo (>= 9 recorded) */
#define FLOAT_VS_8BIT 0.5       /* dB between 8-bit rounding and the float code */
#define FULL_AE_FLOAT 29.5      /* dB, the default run's AE float code on the training photo (30.2 recorded) */
#define PCA_MARGIN 0.5          /* dB the historical AE may fall short of PCA-16 with float codes */
#define NOISE_GAIN_4BIT 1.0     /* dB the noise-trained AE gains over the historical one at 4 bits (1.8, 7.0 recorded) */
#define Z99_SPREAD 0.2         /* the noise-trained AE's 99th percentile of |z| exceeds the historical one's (0.75, 0.42 recorded) */
#define DCT_VS_PCA 1.0          /* dB the fixed DCT-16 may fall short of PCA-16 with float codes (0.54, 0.30 recorded) */
#define DCT_OVER_PCA 0.1        /* ... and it cannot beat PCA-16 on the frames PCA was fitted to, but by noise */
#define FULL_TIMEOUT 180        /* seconds: the default run, under sanitizers on a busy machine */
#define COLOUR_VS_MEAN 0.85     /* the held-out chroma MSE, at most this times the mean colour's (0.69 recorded --quick) */

static const lesson L10 = {
    "10-compression", "lesson10",
    {"rate.dat", "float.dat", "loss.dat", "recon_train.dat", "recon_unseen.dat", "zoom_train.dat",
     "zoom_unseen.dat", "filters.dat", "codes_ae.dat", "codes_aen.dat", "colour.dat"},
};

static const char *const CODERS[] = {"ae", "aen", "pca", "dct"};
static const char *const IMAGES[] = {"train", "unseen"};

/* rate.dat: b = 2..8, bpp = 16 b / 64, every PSNR column rising with b; float.dat: 8 bits
 * are as good as the float code. */
static void check_rate(const char *dir)
{
    char path[256], fpath[256];
    snprintf(path, sizeof path, "%s/rate.dat", dir);
    snprintf(fpath, sizeof fpath, "%s/float.dat", dir);
    table t = load_table(path), f = load_table(fpath);
    ck_assert_msg(t.rows == 7, "%s: %zu rows, want 7 (b = 2..8)", path, t.rows);
    ck_assert_msg(f.rows == 2, "%s: %zu rows, want 2", fpath, f.rows);
    size_t bits = column(&t, "bits", path), bpp = column(&t, "bpp", path);
    for (size_t i = 0; i < t.rows; i++) {
        ck_assert_msg(cell(&t, i, bits) == 2 + (double)i, "%s: row %zu: bits %g", path, i, cell(&t, i, bits));
        ck_assert_msg(fabs(cell(&t, i, bpp) - cell(&t, i, bits) / 4.0) < 1e-12, "%s: row %zu: bpp %g, want %g",
                      path, i, cell(&t, i, bpp), cell(&t, i, bits) / 4.0);
    }
    for (size_t m = 0; m < sizeof CODERS / sizeof *CODERS; m++)
        for (size_t g = 0; g < 2; g++) {
            char name[32];
            snprintf(name, sizeof name, "%s_%s", CODERS[m], IMAGES[g]);
            size_t j = column(&t, name, path);
            for (size_t i = 1; i < t.rows; i++)
                ck_assert_msg(cell(&t, i, j) >= cell(&t, i - 1, j) - MONOTONE_SLACK,
                              "%s: %s falls from %.2f dB at %g bits to %.2f dB at %g", path, name,
                              cell(&t, i - 1, j), cell(&t, i - 1, bits), cell(&t, i, j), cell(&t, i, bits));
            double gain = cell(&t, t.rows - 1, j) - cell(&t, 0, j);
            ck_assert_msg(gain >= MIN_GAIN_2_TO_8, "%s: %s gains %.2f dB from 2 to 8 bits, want >= %.1f", path,
                          name, gain, MIN_GAIN_2_TO_8);
            double flt = cell(&f, g, column(&f, CODERS[m], fpath));
            ck_assert_msg(fabs(flt - cell(&t, t.rows - 1, j)) < FLOAT_VS_8BIT,
                          "%s: %s float code %.2f dB, 8 bits %.2f dB: want within %.1f dB", path, name, flt,
                          cell(&t, t.rows - 1, j), FLOAT_VS_8BIT);
        }
    free(t.v);
    free(f.v);
}

/* float.dat: the coders reach these PSNRs on the training (row 0) and unseen (row 1) photo. */
static void check_float(const char *dir, double ae_min)
{
    char path[256];
    snprintf(path, sizeof path, "%s/float.dat", dir);
    table f = load_table(path);
    size_t ae = column(&f, "ae", path), pca = column(&f, "pca", path);
    ck_assert_msg(cell(&f, 0, ae) >= ae_min, "%s: AE float code %.2f dB on the training photo, want >= %.1f",
                  path, cell(&f, 0, ae), ae_min);
    ck_assert_msg(cell(&f, 0, pca) >= QUICK_PCA_FLOAT, "%s: PCA float code %.2f dB, want >= %.1f", path,
                  cell(&f, 0, pca), QUICK_PCA_FLOAT);
    /* rate.png: the DCT's fixed basis comes close to PCA's fitted one, never above it on the training photo */
    size_t dct = column(&f, "dct", path);
    for (size_t i = 0; i < 2; i++)
        ck_assert_msg(cell(&f, i, dct) > cell(&f, i, pca) - DCT_VS_PCA, "%s: row %zu: DCT float code %.2f dB, "
                      "PCA %.2f dB: want within %.1f dB", path, i, cell(&f, i, dct), cell(&f, i, pca), DCT_VS_PCA);
    ck_assert_msg(cell(&f, 0, dct) < cell(&f, 0, pca) + DCT_OVER_PCA, "%s: DCT float code %.2f dB beats PCA-16's "
                  "%.2f dB on the training photo", path, cell(&f, 0, dct), cell(&f, 0, pca));
    ck_assert_msg(cell(&f, 1, ae) >= UNSEEN_FLOAT && cell(&f, 1, pca) >= UNSEEN_FLOAT,
                  "%s: unseen photo: AE %.2f dB, PCA %.2f dB, want both >= %.1f", path, cell(&f, 1, ae),
                  cell(&f, 1, pca), UNSEEN_FLOAT);
    free(f.v);
}

START_TEST(test_quick_run)
{
    char dir[128], path[256];
    lesson_quick_run(&L10, NULL);
    in_tmp(dir, sizeof dir, "run");
    check_rate(dir);
    check_float(dir, QUICK_AE_FLOAT);
    snprintf(path, sizeof path, "%s/loss.dat", dir);
    table t = load_table(path);
    size_t j = column(&t, "ae_psnr_train", path);
    ck_assert_msg(t.rows >= 2 && cell(&t, t.rows - 1, j) > cell(&t, 0, j) + 1.0,
                  "%s: PSNR %.2f dB after the first epoch, %.2f after the last: want a gain of > 1 dB", path,
                  cell(&t, 0, j), cell(&t, t.rows - 1, j));
    free(t.v);
}
END_TEST

/* colour.png's claim on the --quick run: coloured by the network, the held-out photograph is
 * nearer its true chroma than its grey version and than the training photographs' mean
 * colour; on the training photographs the network beats the mean colour too. */
START_TEST(test_quick_colour)
{
    run_result r = quick_run(&L10, "colour");
    ck_assert_msg(r.status == 0, "lesson10 --quick: exit %d; stderr:\n%s", r.status, r.err);
    const char *s = strstr(r.out, " chroma_mse ");
    double v[8];
    ck_assert_msg(s && sscanf(s, " chroma_mse %lf (pixel %lf, grey %lf, mean %lf) train %lf (pixel %lf, grey %lf, "
                                 "mean %lf)", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8,
                  "lesson10: no 'chroma_mse A (pixel B, grey C, mean D) train ...' in the summary: %s", r.out);
    ck_assert_msg(v[0] < v[2] && v[0] < COLOUR_VS_MEAN * v[3], "lesson10 --quick: held-out chroma MSE %.5f, grey "
                  "%.5f, mean colour %.5f: want below both, and below %.2f times the mean's", v[0], v[2], v[3],
                  COLOUR_VS_MEAN);
    ck_assert_msg(v[4] < v[7] && v[7] < v[6], "lesson10 --quick: training chroma MSE %.5f, mean colour %.5f, grey "
                  "%.5f: want them in this order", v[4], v[7], v[6]);
    run_free(&r);
}
END_TEST

/* The default run: the historical AE is PCA in all but name, and the one trained with
 * rounding noise wins at 4 bits on both photographs. */
START_TEST(test_defaults)
{
    const char *args[] = {"--out", "@/run", NULL};
    run_result r = run_child(&L10, args);
    ck_assert_msg(r.status == 0, "lesson10: exit %d, want 0; stderr:\n%s", r.status, r.err);
    /* training.png's histograms: the historical code keeps to the middle of tanh's range */
    const char *z = strstr(r.out, " z99 ");
    double z_ae = 0, z_aen = 0;
    ck_assert_msg(z && sscanf(z, " z99 %lf (noise-trained %lf)", &z_ae, &z_aen) == 2,
                  "lesson10: no 'z99 A (noise-trained B)' in the summary: %s", r.out);
    ck_assert_msg(z_aen > z_ae + Z99_SPREAD, "lesson10: z99 %.2f, noise-trained %.2f: want it wider by > %.1f",
                  z_ae, z_aen, Z99_SPREAD);
    run_free(&r);
    char dir[128], path[256];
    in_tmp(dir, sizeof dir, "run");
    check_rate(dir);
    check_float(dir, FULL_AE_FLOAT);
    snprintf(path, sizeof path, "%s/float.dat", dir);
    table f = load_table(path);
    double ae = cell(&f, 0, column(&f, "ae", path)), pca = cell(&f, 0, column(&f, "pca", path));
    ck_assert_msg(ae >= pca - PCA_MARGIN, "%s: AE float %.2f dB, PCA %.2f dB: want within %.1f dB", path, ae,
                  pca, PCA_MARGIN);
    free(f.v);
    snprintf(path, sizeof path, "%s/rate.dat", dir);
    table t = load_table(path);
    for (size_t g = 0; g < 2; g++) {
        char a[32], n[32];
        snprintf(a, sizeof a, "ae_%s", IMAGES[g]);
        snprintf(n, sizeof n, "aen_%s", IMAGES[g]);
        double plain = cell(&t, 2, column(&t, a, path)), noisy = cell(&t, 2, column(&t, n, path));
        ck_assert_msg(noisy >= plain + NOISE_GAIN_4BIT,
                      "%s: 4 bits, %s photo: noise-trained AE %.2f dB, historical %.2f dB: want a gain >= %.1f dB",
                      path, IMAGES[g], noisy, plain, NOISE_GAIN_4BIT);
    }
    free(t.v);
}
END_TEST

/* ---- bad input ---- */

static const bad_flags BAD10[] = {
    {{"--latent", "0"}, {"--latent"}},
    {{"--latent", "65"}, {"--latent"}},
    {{"--train", "lena"}, {"--train"}},
    {{"--frames", "10"}, {"--frames"}},
    {{"--noise-bits", "1"}, {"--noise-bits"}},
    {{"--noise-bits", "9"}, {"--noise-bits"}},
    {{"--colour-patches", "10"}, {"--colour-patches"}},
    {{"--colour-epochs", "0"}, {"--colour-epochs"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L10, &BAD10[_i]);
}
END_TEST

/* A photograph cut short, or not a PGM (PPM) at all: exit 2 naming it, nothing written. */
static const char *const PHOTO_FILES[] = {"camera.pgm", "moon.pgm", "motorcycle_left.ppm", "coffee.ppm",
                                          "astronaut.ppm"};
enum { NPHOTO_FILES = sizeof PHOTO_FILES / sizeof *PHOTO_FILES };
static const long CUT_AT[] = {10, 100000, -2};   /* bytes kept; -2: a text file instead */

START_TEST(test_broken_photo)
{
    const char *broken = PHOTO_FILES[_i % NPHOTO_FILES];
    long cut = CUT_AT[_i / NPHOTO_FILES];
    char dir[128], from[256], to[256], out[128], what[128];
    in_tmp(dir, sizeof dir, "data");
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    for (size_t i = 0; i < NPHOTO_FILES; i++) {
        snprintf(from, sizeof from, "data/%s", PHOTO_FILES[i]);
        snprintf(to, sizeof to, "%s/%s", dir, PHOTO_FILES[i]);
        if (PHOTO_FILES[i] == broken && cut == -2) {
            FILE *f = fopen(to, "w");
            ck_assert_ptr_nonnull(f);
            fputs("this is not a photograph\n", f);
            fclose(f);
        } else {
            copy_file(from, to, PHOTO_FILES[i] == broken ? cut : -1);
        }
    }
    const char *args[] = {"--quick", "--data-dir", "@/data", "--out", "@/out", NULL};
    run_result r = run_child(&L10, args);
    snprintf(what, sizeof what, "lesson10 with %s %s", broken, cut == -2 ? "not a photograph" : "cut short");
    ck_assert_msg(r.status == 2, "%s: exit %d, want 2; stderr:\n%s", what, r.status, r.err);
    const char *need[] = {broken};
    assert_one_error_line(&r, &L10, what, need, 1);
    assert_nothing_written(in_tmp(out, sizeof out, "out"), what);
    run_free(&r);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L10);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson10");
    TCase *tc = lesson_tcase(s, "quick run", LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_test(tc, test_quick_colour);

    tc = lesson_tcase(s, "default run", FULL_TIMEOUT);
    tcase_add_test(tc, test_defaults);

    tc = lesson_tcase(s, "bad input", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD10 / sizeof *BAD10);
    tcase_add_loop_test(tc, test_broken_photo, 0, NPHOTO_FILES * sizeof CUT_AT / sizeof *CUT_AT);

    tc = lesson_tcase(s, "help and seeds", LESSON_TIMEOUT);
    tcase_add_test(tc, test_help);
    return s;
}

AE_TEST_MAIN(make_suite)
