/* check_lessons — lessons 00 and 01 end to end (tests/lessons.h has the shared
 * machinery; later lessons have their own tests/check_lessonNN.c): a --quick run
 * writes every .dat file with its header and finite numbers; the numbers say the
 * lesson worked; bad input exits 2 with one line and writes nothing; a corrupt
 * data file is named; same seed, same file. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

#define QUICK_GD_ACC 0.6    /* lesson00 --quick: a weak bound, the run is short */
#define FULL_GD_ACC 0.98    /* lesson00 with its defaults: the target of the lesson */
#define SGD_LEAD_10 0.2     /* lesson00: after 10 epochs SGD's accuracy leads GD's by 20 points (38 recorded) */
#define LINEAR_UNWOUND 0.95  /* lesson00: a linear softmax on (r, theta + 4r) separates the arms (99.7% recorded) */
#define LINEAR_PLAIN 0.7     /* ... on (x1, x2) or (r, theta) it does not (52.0%, 48.7% recorded) */
#define PCA_SLACK 0.99      /* an AE can't beat PCA-k on test MSE by more than noise */
#define MAX_MSE_RATIO 1.5   /* lesson01 --quick: AE-k within 1.5x of PCA-k */
#define TIED_GAP 0.05        /* lesson01 --quick: the tied AE within 5% of PCA-k's test error (0.85% recorded) */
#define FACES_FITTED 0.999  /* lesson01: all 79 eigenfaces rebuild the 80 faces they come from ... */
#define FACES_HELDOUT 0.9   /* ... but not the 20 held-out ones (0.748 recorded) */

static const lesson LESSONS[] = {
    {"00-backprop", "lesson00", {"loss.dat", "points.dat", "regions_gd.dat", "regions_sgd.dat", "linear.dat",
                                   "regions_linear_xy.dat", "regions_linear_polar.dat", "regions_linear_unwound.dat",
                                   "regions_linear_unwound_xy.dat"}},
    {"01-linear-pca", "lesson01",
     {"mse.dat", "curves.dat", "align.dat", "align_plain.dat", "align_l2.dat", "directions.dat",
      "recon.dat", "spectrum.dat", "faces_spectrum.dat", "eigenfaces.dat", "faces_recon.dat", "tied.dat"}},
};
enum { L00, L01, NLESSONS };

static void check_numbers_00(const char *dir, double min_gd_acc)
{
    char path[256];
    snprintf(path, sizeof path, "%s/loss.dat", dir);
    table t = load_table(path);
    ck_assert_msg(t.rows >= 2, "%s: %zu rows, want at least 2", path, t.rows);
    size_t last = t.rows - 1, acc = column(&t, "gd_acc", path);
    ck_assert_msg(cell(&t, last, acc) >= min_gd_acc, "%s: gd_acc %.4f on the last row, want >= %.2f",
                  path, cell(&t, last, acc), min_gd_acc);
    /* loss.png's claim: per epoch, SGD learns faster (row 10 is epoch 10) */
    size_t sgd_acc = column(&t, "sgd_acc", path);
    ck_assert_msg(t.rows >= 10 && cell(&t, 9, sgd_acc) > cell(&t, 9, acc) + SGD_LEAD_10,
                  "%s: epoch 10: sgd_acc %.3f, gd_acc %.3f; want SGD ahead by more than %.2f", path,
                  cell(&t, 9, sgd_acc), cell(&t, 9, acc), SGD_LEAD_10);
    const char *losses[] = {"gd_loss", "sgd_loss"};
    for (size_t i = 0; i < 2; i++) {
        size_t j = column(&t, losses[i], path);
        ck_assert_msg(cell(&t, last, j) < cell(&t, 0, j), "%s: %s %.6g on the last row, not below %.6g on the first",
                      path, losses[i], cell(&t, last, j), cell(&t, 0, j));
    }
    free(t.v);

    /* features.png's claim: the representation decides what a linear softmax can do */
    snprintf(path, sizeof path, "%s/linear.dat", dir);
    t = load_table(path);
    size_t a = column(&t, "accuracy", path);
    ck_assert_msg(t.rows == 3 && cell(&t, 0, a) < LINEAR_PLAIN && cell(&t, 1, a) < LINEAR_PLAIN &&
                  cell(&t, 2, a) > LINEAR_UNWOUND,
                  "%s: accuracy on (x1, x2) %.3f, on (r, theta) %.3f, on (r, theta + 4r) %.3f: want the first "
                  "two below %.2f, the last above %.2f", path, cell(&t, 0, a), cell(&t, 1, a), cell(&t, 2, a),
                  LINEAR_PLAIN, LINEAR_UNWOUND);
    free(t.v);
}

static void check_numbers_01(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/mse.dat", dir);
    table t = load_table(path);
    ck_assert_msg(t.rows >= 1, "%s: no rows", path);
    size_t k = column(&t, "k", path), pca = column(&t, "pca_mse", path),
           ae = column(&t, "ae_mse", path), ratio = column(&t, "ratio", path);
    for (size_t i = 0; i < t.rows; i++) {
        double kk = cell(&t, i, k), p = cell(&t, i, pca), a = cell(&t, i, ae), q = cell(&t, i, ratio);
        ck_assert_msg(p > 0, "%s: k=%g: pca_mse %g, want > 0", path, kk, p);
        ck_assert_msg(a >= PCA_SLACK * p, "%s: k=%g: ae_mse %.6g beats pca_mse %.6g by more than noise",
                      path, kk, a, p);
        ck_assert_msg(q < MAX_MSE_RATIO, "%s: k=%g: ratio %.4f, want < %.1f", path, kk, q,
                      MAX_MSE_RATIO);
    }
    free(t.v);

    /* mse.png: epoch by epoch the gap to PCA-k and the mean principal angle fall, for every k */
    snprintf(path, sizeof path, "%s/curves.dat", dir);
    t = load_table(path);
    ck_assert_msg(t.rows >= 2, "%s: %zu rows, want at least 2 epochs", path, t.rows);
    size_t n = (t.cols - 1) / 4;   /* epoch, then n columns each of mse, gap, angle_max, angle_mean */
    ck_assert_msg(n >= 1 && t.cols == 1 + 4 * n, "%s: %zu columns, want 1 + 4 per code size", path, t.cols);
    for (size_t i = 0; i < n; i++) {
        size_t gap = 1 + n + i, mean = 1 + 3 * n + i;
        ck_assert_msg(cell(&t, t.rows - 1, gap) < cell(&t, 0, gap) && cell(&t, t.rows - 1, gap) >= -1e-3,
                      "%s: code %zu: gap to PCA %.4g after the first epoch, %.4g after the last: want it to fall "
                      "and stay >= 0", path, i, cell(&t, 0, gap), cell(&t, t.rows - 1, gap));
        ck_assert_msg(cell(&t, t.rows - 1, mean) < cell(&t, 0, mean),
                      "%s: code %zu: mean angle %.2f deg after the first epoch, %.2f after the last: want it to fall",
                      path, i, cell(&t, 0, mean), cell(&t, t.rows - 1, mean));
    }
    free(t.v);

    /* tied.png: with W2 = W1^T the AE approaches PCA-k too, its gap falling epoch by epoch */
    snprintf(path, sizeof path, "%s/tied.dat", dir);
    t = load_table(path);
    size_t tg = column(&t, "tied_gap", path);
    ck_assert_msg(t.rows >= 2 && cell(&t, t.rows - 1, tg) < cell(&t, 0, tg) && cell(&t, t.rows - 1, tg) < TIED_GAP &&
                  cell(&t, t.rows - 1, tg) > -1e-3, "%s: tied gap to PCA %.4g after the first epoch, %.4g after the "
                  "last: want it to fall, to within [0, %.2f)", path, cell(&t, 0, tg), cell(&t, t.rows - 1, tg), TIED_GAP);
    free(t.v);

    /* faces: PCA rebuilds the faces it was fitted on exactly, held-out faces only in part */
    snprintf(path, sizeof path, "%s/faces_spectrum.dat", dir);
    t = load_table(path);
    double fitted = cell(&t, t.rows - 1, column(&t, "fitted", path)),
           heldout = cell(&t, t.rows - 1, column(&t, "heldout", path));
    ck_assert_msg(t.rows == 79 && fitted > FACES_FITTED && heldout < FACES_HELDOUT && heldout > 0.3,
                  "%s: %zu rows, at the last fitted %.4f, held-out %.4f: want 79 rows, > %.3f, in (0.3, %.2f)",
                  path, t.rows, fitted, heldout, FACES_FITTED, FACES_HELDOUT);
    free(t.v);
}

START_TEST(test_quick_run)
{
    char dir[128];
    lesson_quick_run(&LESSONS[_i], NULL);
    in_tmp(dir, sizeof dir, "run");
    if (_i == L00)
        check_numbers_00(dir, QUICK_GD_ACC);
    else
        check_numbers_01(dir);
}
END_TEST

START_TEST(test_lesson00_defaults)
{
    const char *args[] = {"--out", "@/run", NULL};
    run_result r = run_child(&LESSONS[L00], args);
    ck_assert_msg(r.status == 0, "lesson00: exit %d, want 0; stderr:\n%s", r.status, r.err);
    char dir[128];
    check_numbers_00(in_tmp(dir, sizeof dir, "run"), FULL_GD_ACC);
    run_free(&r);
}
END_TEST

/* ---- bad input: exit 2, one line naming the flag or file, nothing written ---- */

static const bad_flags BAD01[] = {
    {{"--data", "cifar"}, {"--data"}},
    {{"--latent", "0"}, {"--latent"}},
    {{"--latent", "65"}, {"--latent"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input_01)
{
    lesson_bad_input(&LESSONS[L01], &BAD01[_i]);
}
END_TEST

/* At --lr 1e6 both diverge and must stop with the epoch, the batch and the hint:
 * lesson00's SGD loss grows past a thousand times its first value (then NaN), and
 * lesson01's (Adam's steps are bounded by lr) to 3e30 at the second batch. */
START_TEST(test_largest_lr)
{
    lesson_largest_lr(&LESSONS[_i], 1);
}
END_TEST

/* ---- a corrupt data file ---- */

static const char *const DATA_FILES[] = {
    "mnist-train-images-idx3-ubyte.gz", "mnist-train-labels-idx1-ubyte.gz",
    "mnist-test-images-idx3-ubyte.gz", "mnist-test-labels-idx1-ubyte.gz", "lfw_subset.npy",
};
static const char *const TRUNCATED[] = {"mnist-test-images-idx3-ubyte.gz", "lfw_subset.npy"};
#define TRUNCATE_AT 3000

START_TEST(test_corrupt_data)
{
    char dir[128], from[256], to[256], out[128];
    in_tmp(dir, sizeof dir, "data");
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    for (size_t i = 0; i < sizeof DATA_FILES / sizeof *DATA_FILES; i++) {
        snprintf(from, sizeof from, "data/%s", DATA_FILES[i]);
        snprintf(to, sizeof to, "%s/%s", dir, DATA_FILES[i]);
        copy_file(from, to, strcmp(DATA_FILES[i], TRUNCATED[_i]) == 0 ? TRUNCATE_AT : -1);
    }
    const lesson *l = &LESSONS[L01];
    const char *args[] = {"--quick", "--data", "mnist", "--data-dir", "@/data", "--out", "@/out", NULL};
    run_result r = run_child(l, args);
    char what[128];
    snprintf(what, sizeof what, "lesson01 with %s truncated to %d bytes", TRUNCATED[_i], TRUNCATE_AT);
    ck_assert_msg(r.status == 2, "%s: exit %d, want 2; stderr:\n%s", what, r.status, r.err);
    const char *need[] = {TRUNCATED[_i]};
    assert_one_error_line(&r, l, what, need, 1);
    assert_nothing_written(in_tmp(out, sizeof out, "out"), what);
    run_free(&r);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&LESSONS[_i]);
}
END_TEST

START_TEST(test_determinism)
{
    const lesson *l = &LESSONS[L00];
    char *a = lesson_rows(l, "loss.dat", "7", "a"), *b = lesson_rows(l, "loss.dat", "7", "b"),
         *c = lesson_rows(l, "loss.dat", "8", "c");
    ck_assert_msg(strcmp(a, b) == 0, "lesson00 --quick --seed 7 twice: loss.dat rows differ");
    ck_assert_msg(strcmp(a, c) != 0, "lesson00 --quick: --seed 7 and --seed 8 give the same loss.dat");
    free(a);
    free(b);
    free(c);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lessons");
    TCase *tc;

    tc = lesson_tcase(s, "quick run", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_quick_run, 0, NLESSONS);
    tcase_add_test(tc, test_lesson00_defaults);

    tc = lesson_tcase(s, "bad input", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_bad_input_01, 0, sizeof BAD01 / sizeof *BAD01);
    tcase_add_loop_test(tc, test_corrupt_data, 0, sizeof TRUNCATED / sizeof *TRUNCATED);
    tcase_add_loop_test(tc, test_largest_lr, 0, NLESSONS);

    tc = lesson_tcase(s, "help and seeds", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_help, 0, NLESSONS);
    tcase_add_test(tc, test_determinism);

    return s;
}

AE_TEST_MAIN(make_suite)
