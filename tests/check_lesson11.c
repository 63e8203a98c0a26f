/* check_lesson11 — lesson 11 (applications) end to end: a --quick run writes every
 * .dat file; the numbers say the lesson worked (the held-out class is found well above
 * chance, its images have the largest reconstruction error, the ROC files agree with the
 * AUC, no classifier gets worse with more labels, layer-wise pretraining lifts the deep
 * sigmoid network at n = 100, the rotation pretext task is learned); bad flags exit 2 with one line; same seed, same numbers. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

#define QUICK_AUC 0.75         /* fashion --quick, held-out bags: AE 0.927 and PCA 0.899 recorded */
#define QUICK_AUC_MNIST 0.6    /* mnist --quick, held-out eights: AE 0.725 and PCA 0.777 recorded */
#define ROC_VS_AUC 1e-9        /* the area under roc_*.dat against auc.dat */
#define MIN_ACC_10 0.25        /* 10 labels, any variant (chance is 0.1; 0.45-0.51 recorded) */
#define MIN_GAIN_10_TO_100 0.05   /* every variant gains this much from 10 to 100 labels (0.20-0.22 recorded) */
#define MIN_DEEP_GAP 0.01      /* deep network, n = 100: pretrained minus random (0.038 +- 0.011 recorded) */
#define MIN_PRETEXT 0.6        /* the rotation pretext task on held-out images (chance 0.25; 0.94 recorded) */
#define MIN_PRETEXT_CLASS 0.4  /* ... on the held-out images of each class (0.82 for bags, the lowest, recorded) */

static const lesson L11 = {
    "11-applications", "lesson11",
    {"auc.dat", "roc_ae.dat", "roc_pca.dat", "class_error.dat", "classes.dat", "hist_normal.dat",
     "hist_heldout.dat", "extremes_most.dat", "extremes_least.dat", "extremes_labels.dat", "fewlabels.dat",
     "fewlabels_draws.dat", "pretext.dat", "turned.dat", "deep.dat", "deep_draws.dat", "loss.dat"},
};

/* roc_NAME.dat runs from (0, 0) to (1, 1) without going back, and its area is auc.dat's NAME. */
static void check_roc(const char *dir, const char *name, double auc)
{
    char path[256];
    snprintf(path, sizeof path, "%s/roc_%s.dat", dir, name);
    table t = load_table(path);
    size_t f = column(&t, "fpr", path), p = column(&t, "tpr", path);
    ck_assert_msg(t.rows >= 3, "%s: %zu points", path, t.rows);
    ck_assert_msg(cell(&t, 0, f) == 0 && cell(&t, 0, p) == 0, "%s: starts at (%g, %g)", path, cell(&t, 0, f),
                  cell(&t, 0, p));
    ck_assert_msg(fabs(cell(&t, t.rows - 1, f) - 1) < 1e-12 && fabs(cell(&t, t.rows - 1, p) - 1) < 1e-12,
                  "%s: ends at (%g, %g)", path, cell(&t, t.rows - 1, f), cell(&t, t.rows - 1, p));
    double area = 0.0;
    for (size_t i = 1; i < t.rows; i++) {
        ck_assert_msg(cell(&t, i, f) >= cell(&t, i - 1, f) && cell(&t, i, p) >= cell(&t, i - 1, p),
                      "%s: point %zu goes back", path, i);
        area += 0.5 * (cell(&t, i, f) - cell(&t, i - 1, f)) * (cell(&t, i, p) + cell(&t, i - 1, p));
    }
    ck_assert_msg(fabs(area - auc) < ROC_VS_AUC, "%s: area %.12f, auc.dat says %.12f", path, area, auc);
    free(t.v);
}

/* AUC of both scores above min_auc, consistent ROC files, and (held_worst) the held-out
 * class has the largest mean AE reconstruction error of all test classes. */
static void check_anomaly(const char *dir, double min_auc, int held_worst)
{
    char path[256];
    snprintf(path, sizeof path, "%s/auc.dat", dir);
    table a = load_table(path);
    ck_assert_msg(a.rows == 1, "%s: %zu rows, want 1", path, a.rows);
    double held = cell(&a, 0, column(&a, "holdout", path)), ae = cell(&a, 0, column(&a, "ae", path)),
           pca = cell(&a, 0, column(&a, "pca", path));
    ck_assert_msg(ae > min_auc && pca > min_auc, "%s: AUC AE %.4f, PCA %.4f: want both > %.2f", path, ae, pca,
                  min_auc);
    free(a.v);
    check_roc(dir, "ae", ae);
    check_roc(dir, "pca", pca);
    snprintf(path, sizeof path, "%s/class_error.dat", dir);
    table t = load_table(path);
    size_t cls = column(&t, "class", path), err = column(&t, "ae", path), worst = 0;
    ck_assert_msg(t.rows == 10, "%s: %zu classes, want 10", path, t.rows);
    for (size_t i = 1; i < t.rows; i++)
        if (cell(&t, i, err) > cell(&t, worst, err))
            worst = i;
    ck_assert_msg(!held_worst || cell(&t, worst, cls) == held, "%s: class %g has the largest AE error %.3f, not the held-out %g",
                  path, cell(&t, worst, cls), cell(&t, worst, err), held);
    free(t.v);
}

/* fewlabels.dat: n = 10 and 100; every accuracy well above chance, and more labels help
 * every classifier. deep.dat: n = 100 and 300; neither deep network gets worse with more
 * labels, and layer-wise pretraining beats the random start at n = 100 by more than its
 * standard error. */
static void check_fewlabels(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/fewlabels.dat", dir);
    table t = load_table(path);
    ck_assert_msg(t.rows == 2 && cell(&t, 0, column(&t, "n", path)) == 10 &&
                      cell(&t, 1, column(&t, "n", path)) == 100,
                  "%s: want rows for n = 10 and n = 100", path);
    const char *variants[] = {"pixels", "frozen", "finetune", "random", "rot_frozen", "rot_finetune"};
    for (size_t v = 0; v < 6; v++) {
        size_t j = column(&t, variants[v], path);
        ck_assert_msg(cell(&t, 0, j) > MIN_ACC_10 && cell(&t, 0, j) <= 1.0, "%s: %s accuracy %.3f with 10 labels",
                      path, variants[v], cell(&t, 0, j));
        ck_assert_msg(cell(&t, 1, j) > cell(&t, 0, j) + MIN_GAIN_10_TO_100,
                      "%s: %s accuracy %.3f with 100 labels, %.3f with 10: want a gain > %.2f", path,
                      variants[v], cell(&t, 1, j), cell(&t, 0, j), MIN_GAIN_10_TO_100);
    }
    free(t.v);
    snprintf(path, sizeof path, "%s/deep.dat", dir);
    t = load_table(path);
    ck_assert_msg(t.rows == 2 && cell(&t, 0, column(&t, "n", path)) == 100 &&
                      cell(&t, 1, column(&t, "n", path)) == 300,
                  "%s: want rows for n = 100 and n = 300", path);
    for (size_t v = 0; v < 2; v++) {
        size_t j = column(&t, v ? "pretrained" : "random", path);
        ck_assert_msg(cell(&t, 1, j) >= cell(&t, 0, j), "%s: %s accuracy %.3f with 300 labels, %.3f with 100", path,
                      v ? "pretrained" : "random", cell(&t, 1, j), cell(&t, 0, j));
    }
    double gap = cell(&t, 0, column(&t, "gap", path)), se = cell(&t, 0, column(&t, "gap_se", path));
    ck_assert_msg(gap > MIN_DEEP_GAP && gap > se, "%s: pretrained minus random %.3f +- %.3f at n = 100: want > %.2f and > its standard error",
                  path, gap, se, MIN_DEEP_GAP);
    free(t.v);
}

/* pretext.dat: the rotation pretext task is learned, on the held-out images of every class. */
static void check_pretext(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/pretext.dat", dir);
    table t = load_table(path);
    size_t acc = column(&t, "acc", path), all = column(&t, "all", path);
    ck_assert_msg(t.rows == 10, "%s: %zu classes, want 10", path, t.rows);
    ck_assert_msg(cell(&t, 0, all) > MIN_PRETEXT && cell(&t, 0, all) <= 1.0,
                  "%s: held-out pretext accuracy %.3f, want > %.2f (chance 0.25)", path, cell(&t, 0, all), MIN_PRETEXT);
    for (size_t i = 0; i < t.rows; i++)
        ck_assert_msg(cell(&t, i, acc) > MIN_PRETEXT_CLASS, "%s: class %zu: pretext accuracy %.3f, want > %.2f", path,
                      i, cell(&t, i, acc), MIN_PRETEXT_CLASS);
    free(t.v);
}

START_TEST(test_quick_run)
{
    char dir[128], path[256];
    lesson_quick_run(&L11, NULL);
    in_tmp(dir, sizeof dir, "run");
    check_anomaly(dir, QUICK_AUC, 1);
    check_fewlabels(dir);
    check_pretext(dir);
    snprintf(path, sizeof path, "%s/hist_heldout.dat", dir);   /* every held-out test image counted */
    table h = load_table(path);
    double count = 0.0;
    for (size_t i = 0; i < h.rows; i++)
        count += cell(&h, i, column(&h, "count", path));
    snprintf(path, sizeof path, "%s/class_error.dat", dir);
    table t = load_table(path);
    ck_assert_msg(count == cell(&t, 8, column(&t, "count", path)), "hist_heldout.dat counts %g images, class 8 has %g",
                  count, cell(&t, 8, column(&t, "count", path)));
    free(h.v);
    free(t.v);
}
END_TEST

START_TEST(test_quick_mnist_holdout)
{
    /* another dataset and another class: the digit 3 held out (a 2 can be harder to
     * rebuild than an unseen 3, so only the AUC is asked for) */
    const char *extra[] = {"--data", "mnist", "--holdout", "3", "--draws", "1", NULL};
    char dir[128];
    lesson_quick_run(&L11, extra);
    check_anomaly(in_tmp(dir, sizeof dir, "run"), QUICK_AUC_MNIST, 0);
}
END_TEST

/* ---- bad input ---- */

static const bad_flags BAD11[] = {
    {{"--holdout", "10"}, {"--holdout"}},
    {{"--holdout", "-1"}, {"--holdout"}},
    {{"--holdout", "bag"}, {"--holdout"}},
    {{"--draws", "0"}, {"--draws"}},
    {{"--draws", "21"}, {"--draws"}},
    {{"--deep-images", "99"}, {"--deep-images"}},
    {{"--deep-epochs", "0"}, {"--deep-epochs"}},
    {{"--deep-test", "x"}, {"--deep-test"}},
    {{"--latent", "0"}, {"--latent"}},
    {{"--latent", "129"}, {"--latent"}},
    {{"--data", "cifar"}, {"--data"}},
    {{"--quick", "--data-dir", "/nonexistent", "--data", "mnist"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L11, &BAD11[_i]);
}
END_TEST

START_TEST(test_corrupt_data)
{
    /* the MNIST test labels cut short: exit 2 naming the file, nothing written */
    static const char *const files[] = {"mnist-train-images-idx3-ubyte.gz", "mnist-train-labels-idx1-ubyte.gz",
                                        "mnist-test-images-idx3-ubyte.gz", "mnist-test-labels-idx1-ubyte.gz"};
    char dir[128], from[256], to[256], out[128];
    in_tmp(dir, sizeof dir, "data");
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    for (size_t i = 0; i < 4; i++) {
        snprintf(from, sizeof from, "data/%s", files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        copy_file(from, to, i == 3 ? 40 : -1);
    }
    const char *args[] = {"--quick", "--data", "mnist", "--data-dir", "@/data", "--out", "@/out", NULL};
    run_result r = run_child(&L11, args);
    ck_assert_msg(r.status == 2, "lesson11 with %s cut short: exit %d, want 2; stderr:\n%s", files[3], r.status, r.err);
    const char *need[] = {files[3]};
    assert_one_error_line(&r, &L11, "lesson11 with the test labels cut short", need, 1);
    assert_nothing_written(in_tmp(out, sizeof out, "out"), "lesson11 with the test labels cut short");
    run_free(&r);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L11);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson11");
    /* a --quick run trains 32 classifiers (about 11 CPU-seconds): twice the usual allowance */
    TCase *tc = lesson_tcase(s, "quick run", 2 * LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_test(tc, test_quick_mnist_holdout);

    tc = lesson_tcase(s, "bad input", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD11 / sizeof *BAD11);
    tcase_add_test(tc, test_corrupt_data);

    tc = lesson_tcase(s, "help and seeds", LESSON_TIMEOUT);
    tcase_add_test(tc, test_help);
    return s;
}

AE_TEST_MAIN(make_suite)
