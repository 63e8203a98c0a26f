/* check_lesson05 — lesson 05 (sparse) end to end: a --quick run writes every .dat
 * file, and its numbers say the lesson worked: the KL run's mean activation sits at
 * rho, its units are on far less often than without a penalty, L1 lowers the mean
 * activation too, the plain model reconstructs well and the overcomplete one better;
 * in the rho sweep a larger rho gives a smaller error and more units on per patch;
 * bad input exits 2 with one line naming the flag or file. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

static const lesson L05 = {"05-sparse", "lesson05",
                           {"runs.dat", "rho_hat.dat", "act_plain.dat", "act_kl.dat", "filters_plain.dat",
                            "filters_kl.dat", "filters_l1.dat", "filters_mnist.dat", "filters_over.dat",
                            "patches.dat", "sweep.dat"}};

#define RHO 0.01            /* the lesson's default target */
#define MAX_PLAIN_ERR 0.008 /* the patches' variance is ~0.012: the plain model must explain a third */
#define SWEEP_RUNS 5        /* sweep.dat: rho = 0.01, 0.02, 0.05, 0.1, 0.2 */
#define SWEEP_SLACK 0.02    /* the error may not rise with rho by more than 2 % (--quick: it falls) */

/* runs.dat rows: 0 camera none, 1 camera KL, 2 camera L1, 3 mnist KL, 4 over none, 5 over KL */
enum { R_PLAIN, R_KL, R_L1, R_MNIST, R_OVER_PLAIN, R_OVER_KL, NRUNS };

START_TEST(test_quick_run)
{
    lesson_quick_run(&L05, NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/run/runs.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == NRUNS, "%s: %zu rows, want %d", path, t.rows, NRUNS);
    size_t err = column(&t, "err", path), rho = column(&t, "mean_rho", path),
           act = column(&t, "active", path), sum_h = column(&t, "sum_h", path);
    const size_t kl_runs[] = {R_KL, R_MNIST, R_OVER_KL}, plain_of[] = {R_PLAIN, R_PLAIN, R_OVER_PLAIN};
    for (size_t i = 0; i < 3; i++) {
        size_t r = kl_runs[i], p = plain_of[i];
        ck_assert_msg(fabs(cell(&t, r, rho) - RHO) < 0.5 * RHO, "run %zu (KL): mean rho_hat %.5f, want %g +- 50%%",
                      r, cell(&t, r, rho), RHO);
        ck_assert_msg(cell(&t, r, sum_h) < 0.1 * cell(&t, p, sum_h),
                      "run %zu (KL): sum of h per patch %.3f, not far below the plain model's %.3f", r,
                      cell(&t, r, sum_h), cell(&t, p, sum_h));
    }
    ck_assert_msg(cell(&t, R_KL, act) < 0.2 * cell(&t, R_PLAIN, act),
                  "KL: %.2f units on per patch, not far below the plain model's %.2f", cell(&t, R_KL, act),
                  cell(&t, R_PLAIN, act));
    ck_assert_msg(cell(&t, R_L1, rho) < 0.7 * cell(&t, R_PLAIN, rho), "L1: mean rho_hat %.4f, not below the plain %.4f",
                  cell(&t, R_L1, rho), cell(&t, R_PLAIN, rho));
    ck_assert_msg(cell(&t, R_PLAIN, err) < MAX_PLAIN_ERR, "plain: error/pixel %.5f, want < %g",
                  cell(&t, R_PLAIN, err), MAX_PLAIN_ERR);
    ck_assert_msg(cell(&t, R_OVER_PLAIN, err) < cell(&t, R_PLAIN, err),
                  "overcomplete plain error %.5f not below the undercomplete %.5f", cell(&t, R_OVER_PLAIN, err),
                  cell(&t, R_PLAIN, err));
    free(t.v);

    /* sweep.dat: a larger target rho buys a better reconstruction with more units on */
    snprintf(path, sizeof path, "%s/run/sweep.dat", tmp);
    t = load_table(path);
    ck_assert_msg(t.rows == SWEEP_RUNS, "%s: %zu rows, want %d", path, t.rows, SWEEP_RUNS);
    size_t s_rho = column(&t, "rho", path), s_err = column(&t, "err", path), s_act = column(&t, "active", path),
           s_mean = column(&t, "mean_rho", path);
    for (size_t i = 0; i < t.rows; i++) {
        double target = cell(&t, i, s_rho);
        ck_assert_msg(fabs(cell(&t, i, s_mean) - target) < 0.5 * target, "%s: rho %g: mean rho_hat %.4f", path, target,
                      cell(&t, i, s_mean));
        if (i > 0) {
            ck_assert_msg(target > cell(&t, i - 1, s_rho), "%s: rho not increasing", path);
            ck_assert_msg(cell(&t, i, s_err) <= cell(&t, i - 1, s_err) * (1 + SWEEP_SLACK),
                          "%s: error %.5f at rho %g above %.5f at rho %g", path, cell(&t, i, s_err), target,
                          cell(&t, i - 1, s_err), cell(&t, i - 1, s_rho));
            ck_assert_msg(cell(&t, i, s_act) >= cell(&t, i - 1, s_act), "%s: fewer units on at rho %g than at %g", path,
                          target, cell(&t, i - 1, s_rho));
        }
    }
    ck_assert_msg(cell(&t, t.rows - 1, s_err) < 0.8 * cell(&t, 0, s_err),
                  "%s: the largest rho's error %.5f is not well below the smallest's %.5f", path,
                  cell(&t, t.rows - 1, s_err), cell(&t, 0, s_err));
    free(t.v);

    snprintf(path, sizeof path, "%s/run/rho_hat.dat", tmp);
    t = load_table(path);
    ck_assert_msg(t.rows == 25, "%s: %zu rows, want 25 units", path, t.rows);
    size_t kl = column(&t, "kl", path);
    for (size_t j = 1; j < t.rows; j++)
        ck_assert_msg(cell(&t, j, kl) <= cell(&t, j - 1, kl), "%s: the kl column is not sorted", path);
    const char *rho_cols[] = {"none", "kl", "l1"}, *on_cols[] = {"none_on", "kl_on", "l1_on"};
    for (size_t k = 0; k < 3; k++) {   /* a share of patches; a unit never on (h <= 0.1) has rho_hat <= 0.1 */
        size_t r = column(&t, rho_cols[k], path), on = column(&t, on_cols[k], path);
        for (size_t j = 0; j < t.rows; j++) {
            ck_assert_msg(cell(&t, j, on) >= 0 && cell(&t, j, on) <= 1, "%s: %s of unit %zu is %g, not a share",
                          path, on_cols[k], j + 1, cell(&t, j, on));
            ck_assert_msg(cell(&t, j, on) > 0 || cell(&t, j, r) <= 0.1,
                          "%s: unit %zu never on (%s 0) with %s %g", path, j + 1, on_cols[k], rho_cols[k],
                          cell(&t, j, r));
        }
    }
    free(t.v);
}
END_TEST

static const bad_flags BAD05[] = {
    {{"--rho", "0"}, {"--rho"}},
    {{"--rho", "0.7"}, {"--rho"}},
    {{"--beta", "-1"}, {"--beta"}},
    {{"--l1", "x"}, {"--l1"}},
    {{"--over", "64"}, {"--over"}},
    {{"--patches", "5"}, {"--patches"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent/camera.pgm", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L05, &BAD05[_i]);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L05);
}
END_TEST

/* --beta at both ends of its range passes the gate with the right code: the gate checks
 * exercise 5.1 at the default beta (at 1000 the finite differences were off by 5.6e-6). */
START_TEST(test_beta_bounds)
{
    const char *beta[2] = {"0", "1000"};
    const char *args[] = {"--epochs", "1", "--beta", beta[_i], NULL};
    lesson_quick_run(&L05, args);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson05");
    TCase *tc = lesson_tcase(s, "lesson05", LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD05 / sizeof *BAD05);
    tcase_add_test(tc, test_help);
    tcase_add_loop_test(tc, test_beta_bounds, 0, 2);
    return s;
}

AE_TEST_MAIN(make_suite)
