/* check_lesson02 — lesson 02 (deep) end to end (tests/lessons.h): a --quick run writes
 * every .dat file; its numbers say the parts worked; part 3's summary carries the deep/PCA-30
 * ratio of hinton.dat, and after --quick's 30 steps pretraining and larger initial weights
 * have left the mean image where SGD and Adam have not (the claim that the pretrained network
 * beats PCA-30 needs the default run's 600 steps after pretraining on 10,000 images: about
 * 30 s, too long for a test); one epoch of the Keras-style AE on every Fashion-MNIST image
 * reaches the BCE a working model reaches; bad flags exit 2 with one line and write nothing. */
#define _XOPEN_SOURCE 700  /* nftw */
#include <math.h>
#include <stdlib.h>

#include "lessons.h"

static const lesson L02 = {"02-deep", "lesson02",
                           {"keras.dat", "keras_recon.dat", "sweep.dat", "sweep_recon.dat",
                            "hinton.dat", "hinton_recon.dat",
                            "hinton_residual.dat"}};

#define QUICK_MAX_BCE 0.6       /* --quick, 1 epoch on 3,000 images: below log 2 = 0.693 */
#define ONE_EPOCH_BCE 0.33      /* 1 epoch on 60,000: PyTorch reached 0.3207 here */
#define MAX_PIXEL_MSE 0.2       /* any sane reconstruction of images in [0, 1] */
#define STUCK_FACTOR 0.9        /* part 3: a training that left the mean image is this much better */
#define RATIO_TOL 0.0015        /* the summary's deep/pca30, printed to 3 decimals */

/* hinton.dat (a row per checkpoint): variant v's test MSE at its last checkpoint. */
static double hinton_last(const table *t, size_t v, const char *path)
{
    size_t var = column(t, "variant", path), mse = column(t, "test_mse", path);
    double last = -1.0;
    for (size_t i = 0; i < t->rows; i++)
        if (cell(t, i, var) == (double)v)
            last = cell(t, i, mse);
    ck_assert_msg(last > 0, "%s: no row of variant %zu", path, v);
    return last;
}

START_TEST(test_quick_run)
{
    lesson_quick_run(&L02, NULL);
    double f = run_last("keras.dat", "fashion_test"), m = run_last("keras.dat", "mnist_test");
    ck_assert_msg(f < QUICK_MAX_BCE && m < QUICK_MAX_BCE,
                  "keras.dat: test BCE fashion %.4f mnist %.4f, want < %.2f", f, m, QUICK_MAX_BCE);

    char path[256];
    snprintf(path, sizeof path, "%s/run/sweep.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 4, "%s: %zu rows, want 4 (k = 2 10 20 32)", path, t.rows);
    size_t k = column(&t, "k", path), pca = column(&t, "pca_mse", path), sh = column(&t, "shallow_mse", path),
           dp = column(&t, "deep_mse", path);
    for (size_t i = 0; i < t.rows; i++) {
        ck_assert_msg(cell(&t, i, pca) > 0 && cell(&t, i, sh) > 0 && cell(&t, i, dp) > 0 &&
                          cell(&t, i, sh) < MAX_PIXEL_MSE && cell(&t, i, dp) < MAX_PIXEL_MSE,
                      "%s: k=%g: errors %g %g %g, want in (0, %g)", path, cell(&t, i, k), cell(&t, i, pca),
                      cell(&t, i, sh), cell(&t, i, dp), MAX_PIXEL_MSE);
        if (i > 0)   /* PCA-k's error falls with k: more directions kept */
            ck_assert_msg(cell(&t, i, pca) < cell(&t, i - 1, pca), "%s: pca_mse does not fall with k", path);
    }
    free(t.v);

    /* the deep models for lesson 09 */
    const char *files[] = {"deep2_fashion.enc", "deep2_fashion.dec", "deep10_fashion.enc", "deep10_fashion.dec"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/run/%s", tmp, files[i]);
        ck_assert_msg(access(path, R_OK) == 0, "%s: not written", path);
    }
}
END_TEST

START_TEST(test_hinton)
{
    /* --quick's part 3: 300 images, 30 steps of 16 each (tests/plots.sh runs --part hinton alone) */
    run_result r = quick_run(&L02, "run");
    ck_assert_msg(r.status == 0, "lesson02 --quick: exit %d; stderr:\n%s", r.status, r.err);
    char path[256];
    snprintf(path, sizeof path, "%s/run/hinton.dat", tmp);
    table t = load_table(path);
    double sgd = hinton_last(&t, 0, path), adam = hinton_last(&t, 1, path), scaled = hinton_last(&t, 2, path),
           pre = hinton_last(&t, 3, path), pca30 = cell(&t, 0, column(&t, "pca_mse", path));
    free(t.v);
    const char *at = strstr(r.out, "deep/pca30 ");
    ck_assert_msg(at, "summary line has no deep/pca30: %s", r.out);
    double ratio = strtod(at + strlen("deep/pca30 "), NULL);
    ck_assert_msg(fabs(ratio - pre / pca30) < RATIO_TOL, "summary's deep/pca30 %.3f, hinton.dat's %.5f / %.5f",
                  ratio, pre, pca30);
    run_free(&r);
    ck_assert_msg(pre < STUCK_FACTOR * sgd && pre < STUCK_FACTOR * adam,
                  "hinton.dat: pretrained %.5f, want below %.2f x SGD %.5f and Adam %.5f", pre, STUCK_FACTOR, sgd,
                  adam);
    ck_assert_msg(scaled < sgd, "hinton.dat: Adam from x4 weights %.5f, want below SGD %.5f", scaled, sgd);
    ck_assert_msg(pca30 > 0 && pca30 < sgd, "hinton.dat: PCA-30 %.5f, want in (0, SGD's %.5f)", pca30, sgd);
}
END_TEST

START_TEST(test_keras_one_epoch)
{
    const char *args[] = {"--part", "keras", "--epochs", "1", "--out", "@/run", NULL};
    run_result r = run_child(&L02, args);
    ck_assert_msg(r.status == 0, "lesson02 --part keras --epochs 1: exit %d; stderr:\n%s", r.status, r.err);
    double f = run_last("keras.dat", "fashion_test");
    ck_assert_msg(f < ONE_EPOCH_BCE, "keras.dat: Fashion-MNIST test BCE %.4f after one epoch, want < %.2f", f,
                  ONE_EPOCH_BCE);
    ck_assert_msg(strstr(r.out, "lesson02 deep: keras fashion_bce"), "summary line: %s", r.out);
    run_free(&r);
}
END_TEST

static const bad_flags BAD02[] = {
    {{"--data", "cifar"}, {"--data"}},
    {{"--part", "decoder"}, {"--part"}},
    {{"--sweep-n", "50"}, {"--sweep-n"}},
    {{"--hinton-steps", "0"}, {"--hinton-steps"}},
    {{"--pretrain-n", "5"}, {"--pretrain-n"}},
    {{"--full", "yes"}, {"yes"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L02, &BAD02[_i]);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L02);
    const char *args[] = {"--help", NULL};
    run_result r = run_child(&L02, args);
    ck_assert_msg(strstr(r.out, "--full"), "--help does not say how to run the full experiment:\n%s", r.out);
    run_free(&r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson02");
    TCase *tc = lesson_tcase(s, "runs", LESSON_TIMEOUT * 2);
    tcase_add_test(tc, test_quick_run);
    tcase_add_test(tc, test_hinton);
    tcase_add_test(tc, test_keras_one_epoch);

    tc = lesson_tcase(s, "bad input and help", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD02 / sizeof *BAD02);
    tcase_add_test(tc, test_help);
    return s;
}

AE_TEST_MAIN(make_suite)
