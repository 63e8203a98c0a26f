/* check_lesson03 — lesson 03 (conv) end to end (tests/lessons.h): a --quick run writes
 * every .dat file; the three models learned something, have the parameters of their
 * architectures, and the transposed-conv decoder makes a checkerboard at initialisation
 * that upsample + conv does not (Nyquist share, and the spike at 0.5 cycles per pixel of
 * spectrum1d.dat), and so do a transposed last layer alone and, less, unpooling with the
 * encoder's switches, each trained --decoder-epochs; moving the test images hurts the dense AE more than the conv AE,
 * relative to the images' energy; bad flags exit 2 with one line and write nothing. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

static const lesson L03 = {"03-conv", "lesson03",
                           {"curves.dat", "results.dat", "recon.dat", "checker.dat", "constant.dat", "crop.dat",
                            "profile.dat", "spectrum.dat", "spectrum1d.dat", "filters.dat", "features.dat",
                            "shift.dat", "recon_shift.dat"}};

#define QUICK_MAX_BCE 0.68      /* --quick: below log 2 = 0.693, the BCE of x_hat = 1/2 everywhere */
#define CONV_PARAMS 4385        /* the Keras blog's model summary: 160 + 1160 + 584 + 584 + 584 + 1168 + 145 */
#define DENSE_PARAMS (784 * 256 + 256 + 256 * 128 + 128 + 128 * 256 + 256 + 256 * 784 + 784)
#define CHECKER_RATIO 10.0      /* transposed conv's Nyquist share at init over upsample + conv's */
#define CHECKER_MIN 0.05        /* ... and at least this: random output would hold 3/783 */
#define RESIZE_MAX 0.02         /* upsample + conv puts (almost) nothing at the Nyquist frequencies */
#define SHIFTS 7                /* shift.dat: s = 0 .. 6 pixels */
#define DENSE_SHIFT_RISE 1.3    /* the dense AE's relative error at s = 6 over s = 0 (--quick: 2.5) */
#define SPIKE_RATIO 10.0        /* spectrum1d.dat at 0.5 cycles/pixel, constant code at init: transposed over
                                   upsample + conv (--quick: 106; transposed last layer only: 460) */
#define NCONV 4                 /* checker.dat: upsample + conv, transposed, unpooling, transposed last layer */

/* The value in column col of the row whose first column is key. */
static double lookup(const char *file, double key, const char *col)
{
    char path[256];
    snprintf(path, sizeof path, "%s/run/%s", tmp, file);
    table t = load_table(path);
    size_t j = column(&t, col, path);
    for (size_t i = 0; i < t.rows; i++)
        if (cell(&t, i, 0) == key) {
            double v = cell(&t, i, j);
            free(t.v);
            return v;
        }
    ck_abort_msg("%s: no row %g", path, key);
    return 0.0;
}

START_TEST(test_quick_run)
{
    lesson_quick_run(&L03, NULL);
    /* results.dat: model 0 conv (upsample + conv), 1 conv (transposed), 2 dense */
    const double params[3] = {CONV_PARAMS, CONV_PARAMS, DENSE_PARAMS};
    for (int k = 0; k < 3; k++) {
        double bce = lookup("results.dat", k, "test_bce"), p = lookup("results.dat", k, "params");
        ck_assert_msg(bce > 0.0 && bce < QUICK_MAX_BCE, "results.dat: model %d test BCE %.4f, want in (0, %.2f)", k,
                      bce, QUICK_MAX_BCE);
        ck_assert_msg(p == params[k], "results.dat: model %d has %.0f parameters, want %.0f", k, p, params[k]);
        ck_assert_msg(lookup("results.dat", k, "code") == 128, "results.dat: model %d code size is not 128", k);
        ck_assert_msg(lookup("results.dat", k, "epochs") == 1, "results.dat: model %d did not train 1 epoch", k);
    }
    /* checker.dat: decoder 0 upsample + conv, 1 transposed conv */
    double resize = lookup("checker.dat", 0, "const_init"), transposed = lookup("checker.dat", 1, "const_init");
    ck_assert_msg(transposed > CHECKER_MIN && transposed > CHECKER_RATIO * resize,
                  "checker.dat: constant code at init: transposed %.4f, upsample + conv %.4f; want transposed > %.2f "
                  "and > %.0f x upsample + conv",
                  transposed, resize, CHECKER_MIN, CHECKER_RATIO);
    ck_assert_msg(resize < RESIZE_MAX, "checker.dat: upsample + conv at init %.4f, want < %.2f", resize, RESIZE_MAX);
    /* unpooling (2; --quick: 26 x upsample + conv) and a transposed last layer alone (3; 250 x) */
    for (int d = 2; d < NCONV; d++) {
        double v = lookup("checker.dat", d, "const_init");
        ck_assert_msg(v > CHECKER_RATIO * resize, "checker.dat: decoder %d, constant code at init: %.4f, want > %.0f x "
                      "upsample + conv's %.4f", d, v, CHECKER_RATIO, resize);
        ck_assert_msg(lookup("checker.dat", d, "epochs") == 1, "checker.dat: decoder %d did not train 1 epoch", d);
    }
    double last = lookup("checker.dat", 3, "const_init");
    ck_assert_msg(last > CHECKER_MIN, "checker.dat: transposed last layer at init %.4f, want > %.2f", last, CHECKER_MIN);
    double rr = lookup("checker.dat", 0, "recon"), rt = lookup("checker.dat", 1, "recon");
    ck_assert_msg(rt > rr, "checker.dat: reconstructions: transposed %.4f not above upsample + conv %.4f", rt, rr);
    /* curves.dat: one row per model and epoch (--quick: 1 epoch each) */
    char path[256];
    snprintf(path, sizeof path, "%s/run/curves.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 3, "%s: %zu rows, want 3", path, t.rows);
    free(t.v);
    /* spectrum1d.dat: the spike at the Nyquist frequency, constant code at init */
    double spike_t = lookup("spectrum1d.dat", 0.5, "const_transposed"), spike_r = lookup("spectrum1d.dat", 0.5, "const_resize");
    ck_assert_msg(spike_t > SPIKE_RATIO * spike_r,
                  "spectrum1d.dat at 0.5 cycles/pixel, constant code at init: transposed %.4f, upsample + conv %.4f; "
                  "want > %.0f x", spike_t, spike_r, SPIKE_RATIO);
    double spike_l = lookup("spectrum1d.dat", 0.5, "const_last_transposed");
    ck_assert_msg(spike_l > SPIKE_RATIO * spike_r,
                  "spectrum1d.dat at 0.5 cycles/pixel, constant code at init: transposed last layer %.4f, upsample + "
                  "conv %.4f; want > %.0f x", spike_l, spike_r, SPIKE_RATIO);
    /* shift.dat: the dense AE's error grows when the garments move, the conv AE's much less */
    snprintf(path, sizeof path, "%s/run/shift.dat", tmp);
    t = load_table(path);
    ck_assert_msg(t.rows == SHIFTS, "%s: %zu rows, want %d", path, t.rows, SHIFTS);
    free(t.v);
    double conv_rise = lookup("shift.dat", SHIFTS - 1, "conv") / lookup("shift.dat", 0, "conv");
    double dense_rise = lookup("shift.dat", SHIFTS - 1, "dense") / lookup("shift.dat", 0, "dense");
    ck_assert_msg(dense_rise > DENSE_SHIFT_RISE && dense_rise > conv_rise,
                  "shift.dat: relative error at 6 pixels over at 0: dense %.2f, conv %.2f; want dense > %.1f and > conv",
                  dense_rise, conv_rise, DENSE_SHIFT_RISE);
}
END_TEST

static const bad_flags BAD03[] = {
    {{"--train", "100"}, {"--train"}},
    {{"--train", "lots"}, {"--train"}},
    {{"--train", "70000"}, {"--train"}},
    {{"--quick", "--data", "mnist", "--train", "10000"}, {"--train", "7996"}},
    {{"--test", "0"}, {"--test"}},
    {{"--patience", "0"}, {"--patience"}},
    {{"--decoder-epochs", "0"}, {"--decoder-epochs"}},
    {{"--quick", "--batch", "2000"}, {"--batch"}},
    {{"--latent", "32"}, {"--latent"}},   /* the code size is the architecture's */
    {{"--data", "cifar"}, {"--data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L03, &BAD03[_i]);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L03);
    const char *args[] = {"--help", NULL};
    run_result r = run_child(&L03, args);
    ck_assert_msg(strstr(r.out, "--epochs 30"), "--help does not say how to train until the models stall:\n%s", r.out);
    run_free(&r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson03");
    TCase *tc = lesson_tcase(s, "runs", LESSON_TIMEOUT * 2);
    tcase_add_test(tc, test_quick_run);

    tc = lesson_tcase(s, "bad input and help", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD03 / sizeof *BAD03);
    tcase_add_test(tc, test_help);
    return s;
}

AE_TEST_MAIN(make_suite)
