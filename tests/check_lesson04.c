/* check_lesson04 — lesson 04 (denoising) end to end: a --quick run writes every .dat
 * file, and its numbers say the lesson worked: at the training noise level each DAE
 * beats the plain AE on noisy test inputs (error against the clean digits), the block
 * DAE fills hidden blocks in better than the AE, the Gaussian DAE does worse than the AE
 * on clean digits (it never saw one), a linear probe reads the digit from every code, and
 * the 2-D DAE's arrows point the way of the best denoiser's, the overcomplete AE on 500
 * digits reconstructs them better than unseen ones; bad input exits 2 with one line. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

static const lesson L04 = {"04-denoising", "lesson04",
                           {"curves.dat", "denoise_gaussian.dat", "denoise_mask.dat", "denoise_saltpepper.dat",
                            "curve.dat", "field.dat", "bayes.dat", "infill.dat", "infill_err.dat", "probe.dat", "memorise.dat", "memorise_recon.dat"}};

#define MIN_FIELD_COS 0.5   /* mean cosine between the DAE's and the best denoiser's arrows */
#define MIN_PROBE 0.7       /* a linear probe on any code tells the digits apart (chance: 0.1; --quick 0.78-0.88) */

/* The row of curves.dat whose level column is closest to level. */
static size_t row_at(const table *t, size_t col, double level)
{
    size_t best = 0;
    for (size_t i = 1; i < t->rows; i++)
        if (fabs(cell(t, i, col) - level) < fabs(cell(t, best, col) - level))
            best = i;
    return best;
}

START_TEST(test_quick_run)
{
    lesson_quick_run(&L04, NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/run/curves.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 9, "%s: %zu rows, want 9 levels", path, t.rows);
    const char *lv[] = {"sigma", "nu", "sp"}, *ae[] = {"ae_gauss", "ae_mask", "ae_sp"},
               *da[] = {"dae_gauss", "dae_mask", "dae_sp"};
    const double train_level[] = {0.5, 0.5, 0.25};   /* the defaults */
    for (size_t k = 0; k < 3; k++) {
        size_t r = row_at(&t, column(&t, lv[k], path), train_level[k]);
        double e_ae = cell(&t, r, column(&t, ae[k], path)), e_dae = cell(&t, r, column(&t, da[k], path));
        ck_assert_msg(e_dae < e_ae, "%s at %g: DAE MSE %.5f not below the plain AE's %.5f", lv[k],
                      cell(&t, r, column(&t, lv[k], path)), e_dae, e_ae);
        /* the plain AE gets worse as the noise grows */
        if (k == 0)   /* train/test mismatch: the Gaussian DAE does worse on clean digits than the AE,
                         and worse than on the noise it was trained on */
            ck_assert_msg(cell(&t, 0, column(&t, da[k], path)) > cell(&t, 0, column(&t, ae[k], path)) &&
                              cell(&t, 0, column(&t, da[k], path)) > e_dae,
                          "sigma 0: Gaussian DAE MSE %.5f, AE %.5f, DAE at its training level %.5f: want the DAE's "
                          "clean error above both", cell(&t, 0, column(&t, da[k], path)),
                          cell(&t, 0, column(&t, ae[k], path)), e_dae);
        ck_assert_msg(cell(&t, 8, column(&t, ae[k], path)) > 2 * cell(&t, 0, column(&t, ae[k], path)),
                      "%s: the AE's error hardly grows with the noise", lv[k]);
    }
    free(t.v);
    snprintf(path, sizeof path, "%s/run/probe.dat", tmp);
    t = load_table(path);
    ck_assert_msg(t.rows == 5, "%s: %zu rows, want pixels, AE and three DAEs", path, t.rows);
    for (size_t i = 0; i < t.rows; i++)
        ck_assert_msg(cell(&t, i, column(&t, "probe", path)) > MIN_PROBE, "%s: model %zu: linear probe accuracy %.3f, "
                      "want > %.2f", path, i, cell(&t, i, column(&t, "probe", path)), MIN_PROBE);
    free(t.v);
    snprintf(path, sizeof path, "%s/run/infill_err.dat", tmp);
    t = load_table(path);
    ck_assert_msg(cell(&t, 0, column(&t, "dae", path)) < cell(&t, 0, column(&t, "ae", path)),
                  "infilling: block DAE error %.4f not below the AE's %.4f", cell(&t, 0, column(&t, "dae", path)),
                  cell(&t, 0, column(&t, "ae", path)));
    free(t.v);

    /* memorisation, --quick (4 epochs): MSE on the 500 training digits 0.01 to 0.03, on unseen ones higher */
    snprintf(path, sizeof path, "%s/run/memorise.dat", tmp);
    t = load_table(path);
    const char *memo[] = {"plain", "masking", "dropout"};
    ck_assert_msg(t.rows == 4, "%s: %zu rows, want one per epoch of --quick's 4", path, t.rows);
    for (size_t k = 0; k < 3; k++) {
        char tr[32], te[32];
        snprintf(tr, sizeof tr, "%s_train", memo[k]);
        snprintf(te, sizeof te, "%s_test", memo[k]);
        double e_tr = cell(&t, 3, column(&t, tr, path)), e_te = cell(&t, 3, column(&t, te, path));
        ck_assert_msg(e_tr < e_te && e_tr < cell(&t, 0, column(&t, tr, path)), "%s: %s: MSE %.5f on the training digits, "
                      "%.5f on unseen ones, %.5f after one epoch: want the training digits' lowest and falling", path,
                      memo[k], e_tr, e_te, cell(&t, 0, column(&t, tr, path)));
    }
    free(t.v);

    /* the arrows: mean cosine between the two fields */
    char f1[256], f2[256];
    snprintf(f1, sizeof f1, "%s/run/field.dat", tmp);
    snprintf(f2, sizeof f2, "%s/run/bayes.dat", tmp);
    table a = load_table(f1), b = load_table(f2);
    ck_assert_uint_eq(a.rows, b.rows);
    double cos_sum = 0;
    for (size_t i = 0; i < a.rows; i++) {
        double ax = cell(&a, i, 2), ay = cell(&a, i, 3), bx = cell(&b, i, 2), by = cell(&b, i, 3);
        cos_sum += (ax * bx + ay * by) / (hypot(ax, ay) * hypot(bx, by) + 1e-300);
    }
    ck_assert_msg(cos_sum / a.rows > MIN_FIELD_COS, "the DAE's arrows agree with the best denoiser's by a mean cosine of %.3f, want > %.1f",
                  cos_sum / a.rows, MIN_FIELD_COS);
    free(a.v);
    free(b.v);
}
END_TEST

static const bad_flags BAD04[] = {
    {{"--sigma", "-0.1"}, {"--sigma"}},
    {{"--nu", "1.5"}, {"--nu"}},
    {{"--sp", "x"}, {"--sp"}},
    {{"--block", "0"}, {"--block"}},
    {{"--block", "29"}, {"--block"}},
    {{"--memo-epochs", "1"}, {"--memo-epochs"}},
    {{"--data", "cifar"}, {"--data"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent", "make data"}},
    /* every Fashion-MNIST image in one batch: 7.2 GB of buffers, over the memory budget */
    {{"--data", "fashion", "--batch", "60000"}, {"--batch: 60000 rows need about 7.2 GB", "budget of 4 GB"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L04, &BAD04[_i]);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L04);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson04");
    TCase *tc = lesson_tcase(s, "lesson04", LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD04 / sizeof *BAD04);
    tcase_add_test(tc, test_help);
    return s;
}

AE_TEST_MAIN(make_suite)
