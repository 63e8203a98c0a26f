/* check_lesson06 — lesson 06 (contractive) end to end: a --quick run writes every .dat
 * file, and its numbers say the lesson worked: the CAE's encoder Jacobian is smaller
 * than the plain AE's on test points (and the DAE's too) while it still reconstructs, its
 * largest singular values are smaller, its leading input directions lie near the digit's
 * stroke, and the singular values come out sorted; bad input exits 2 with one line. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

static const lesson L06 = {"06-contractive", "lesson06",
                           {"jacobian.dat", "singular.dat", "frobenius_ae.dat", "frobenius_dae.dat",
                            "frobenius_cae.dat", "tangents.dat", "deform_ae.dat", "deform_dae.dat",
                            "deform_cae.dat", "recon.dat"}};

#define MAX_CAE_RATIO 0.85   /* --quick: mean ||J||_F of the CAE at most 85% of the AE's */
#define MAX_BCE_RATIO 1.2    /* ... while its test BCE stays within 20% of the AE's */
#define MAX_SV1_RATIO 0.9    /* --quick: the CAE's mean largest singular value below 90% of the AE's (0.77 at --quick, 0.26 default) */
#define NEAR_GAIN 0.15       /* the CAE's leading directions lie near the stroke more than the AE's (0.77/0.51 --quick, 0.89/0.37 default) */

enum { M_AE, M_DAE, M_CAE };

START_TEST(test_quick_run)
{
    lesson_quick_run(&L06, NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/run/jacobian.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 3, "%s: %zu rows, want 3 models", path, t.rows);
    size_t frob = column(&t, "frob", path), bce = column(&t, "test_bce", path);
    ck_assert_msg(cell(&t, M_CAE, frob) < MAX_CAE_RATIO * cell(&t, M_AE, frob),
                  "CAE mean ||J||_F %.3f, not below %.2f x the AE's %.3f", cell(&t, M_CAE, frob), MAX_CAE_RATIO,
                  cell(&t, M_AE, frob));
    ck_assert_msg(cell(&t, M_CAE, frob) < cell(&t, M_DAE, frob), "CAE mean ||J||_F %.3f not below the DAE's %.3f",
                  cell(&t, M_CAE, frob), cell(&t, M_DAE, frob));
    ck_assert_msg(cell(&t, M_DAE, frob) < cell(&t, M_AE, frob), "DAE mean ||J||_F %.3f not below the AE's %.3f",
                  cell(&t, M_DAE, frob), cell(&t, M_AE, frob));
    ck_assert_msg(cell(&t, M_CAE, bce) < MAX_BCE_RATIO * cell(&t, M_AE, bce) && cell(&t, M_AE, bce) < 300,
                  "test BCE: AE %.1f, CAE %.1f", cell(&t, M_AE, bce), cell(&t, M_CAE, bce));
    /* singular.png: the CAE's spectrum lies below the AE's; deform.png: its directions follow the digit */
    size_t sv1 = column(&t, "sv1_mean", path), near = column(&t, "near", path);
    ck_assert_msg(cell(&t, M_CAE, sv1) < MAX_SV1_RATIO * cell(&t, M_AE, sv1),
                  "CAE mean largest singular value %.3f, not below %.2f x the AE's %.3f", cell(&t, M_CAE, sv1),
                  MAX_SV1_RATIO, cell(&t, M_AE, sv1));
    ck_assert_msg(cell(&t, M_CAE, near) > cell(&t, M_AE, near) + NEAR_GAIN,
                  "share of the leading directions near the stroke: CAE %.2f, AE %.2f; want the CAE's "
                  "larger by %.2f", cell(&t, M_CAE, near), cell(&t, M_AE, near), NEAR_GAIN);
    free(t.v);

    snprintf(path, sizeof path, "%s/run/singular.dat", tmp);
    t = load_table(path);
    ck_assert_msg(t.rows == 128 && t.cols == 16, "%s: %zu x %zu, want 128 x 16", path, t.rows, t.cols);
    for (size_t j = 1; j < t.cols; j++)
        for (size_t i = 1; i < t.rows; i++)
            ck_assert_msg(cell(&t, i, j) <= cell(&t, i - 1, j) && cell(&t, i, j) >= 0,
                          "%s: column %zu is not a decreasing list of singular values at row %zu", path, j, i);
    free(t.v);
}
END_TEST

static const bad_flags BAD06[] = {
    {{"--lambda", "-1"}, {"--lambda"}},
    {{"--sigma", "3"}, {"--sigma"}},
    {{"--eps", "-1"}, {"--eps"}},
    {{"--eps", "100"}, {"--eps"}},
    {{"--latent", "785"}, {"--latent"}},
    {{"--latent", "0"}, {"--latent"}},
    {{"--data", "cifar"}, {"--data"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L06, &BAD06[_i]);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L06);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson06");
    TCase *tc = lesson_tcase(s, "lesson06", LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD06 / sizeof *BAD06);
    tcase_add_test(tc, test_help);
    return s;
}

AE_TEST_MAIN(make_suite)
