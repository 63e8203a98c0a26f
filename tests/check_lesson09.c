/* check_lesson09 — lesson 09 (latent) end to end (tests/lessons.h): a --quick run writes
 * every .dat file and its numbers say what the lesson claims (noise far from the codes
 * ruins the decoding; halfway, a pixel blend moves further from the nearest training
 * image, over its endpoints' chord, than either model's latent blend; the VAE's latent
 * arithmetic lands nearer to real images than the plain AE's; classes separate in the
 * code and K-means finds them; a classifier trusts decoded random codes less than real
 * images); lesson 02's parameter files load with --models; a missing or wrong model file,
 * and bad flags, exit 2 with one line and write nothing. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "lessons.h"

static const lesson L09 = {"09-latent", "lesson09",
                           {"hist2.dat", "hist10.dat", "noise.dat", "noise_recon.dat", "map2.dat", "pca10.dat",
                            "classes.dat", "blend.dat", "blend_nearest.dat", "arithmetic.dat", "arithmetic_scores.dat",
                            "means.dat", "classify.dat", "gaps.dat", "gap_scores.dat", "pca_pixels.dat", "kmeans.dat"}};
static const lesson L02 = {"02-deep", "lesson02", {NULL}};

#define MIN_CODE_ACC 0.3    /* nearest class mean in a 10-D code, --quick; chance is 0.1 */
#define MIN_PIXEL_ACC 0.5   /* the same in pixel space (Fashion-MNIST: 0.68) */
#define MIN_KMEANS_NMI 0.25  /* K-means against the classes, --quick: 0.38 to 0.50 */
#define HIST_MASS_TOL 1e-6  /* densities times bin width add up to 1 */

static void check_numbers(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/run/noise.dat", tmp);
    table t = load_table(path);
    size_t amp = column(&t, "amplitude", path), k2 = column(&t, "mse_k2", path), k10 = column(&t, "mse_k10", path);
    ck_assert_msg(t.rows >= 3 && cell(&t, 0, amp) == 0.0, "%s: want rows from amplitude 0", path);
    const size_t cols[3] = {k2, k10, column(&t, "mse_vae", path)};
    const char *names[3] = {"k2", "k10", "vae"};
    for (size_t j = 0; j < 3; j++) {
        size_t col = cols[j], last = t.rows - 1;
        ck_assert_msg(cell(&t, last, col) > 2.0 * cell(&t, 0, col),
                      "%s: %s %.5f at amplitude %g, not well above %.5f without noise", path, names[j],
                      cell(&t, last, col), cell(&t, last, amp), cell(&t, 0, col));
    }
    free(t.v);

    /* --quick: at t = 1/2 the excess is 0.0075 (pixels), 0.0004 (AE), 0.0013 (VAE) */
    snprintf(path, sizeof path, "%s/run/blend_nearest.dat", tmp);
    t = load_table(path);
    size_t mid = t.rows / 2, px = column(&t, "pixel_excess", path);
    ck_assert_msg(t.rows == 9 && cell(&t, mid, 0) == 0.5, "%s: want 9 rows, t = 1/2 in the middle", path);
    const char *latent[] = {"ae_excess", "vae_excess"};
    for (size_t j = 0; j < 2; j++) {
        size_t lat = column(&t, latent[j], path);
        ck_assert_msg(cell(&t, mid, lat) < cell(&t, mid, px),
                      "%s: at t = 1/2 the %s %.5f, the pixel blend's %.5f; want the latent blend's smaller", path,
                      latent[j], cell(&t, mid, lat), cell(&t, mid, px));
        ck_assert_msg(cell(&t, 0, lat) == 0.0 && cell(&t, t.rows - 1, lat) == 0.0, "%s: %s not 0 at the ends", path,
                      latent[j]);
    }
    free(t.v);

    /* --quick: the moved codes decode 0.0275 (AE) and 0.0242 (VAE) from the nearest training image */
    snprintf(path, sizeof path, "%s/run/arithmetic_scores.dat", tmp);
    t = load_table(path);
    size_t near = column(&t, "nearest", path), moves = column(&t, "moves", path), rec = column(&t, "recon_nearest", path);
    ck_assert_msg(t.rows == 2 && cell(&t, 0, moves) == 360 && cell(&t, 1, moves) == 360,
                  "%s: want 2 rows of 360 moves (4 images of each class to the 9 others)", path);
    ck_assert_msg(cell(&t, 1, near) < cell(&t, 0, near), "%s: the VAE's moved codes decode %.5f from the nearest "
                  "training image, the plain AE's %.5f; want the VAE's nearer", path, cell(&t, 1, near), cell(&t, 0, near));
    for (size_t r = 0; r < 2; r++)
        ck_assert_msg(cell(&t, r, rec) < cell(&t, r, near), "%s: model %zu: reconstructions %.5f from the nearest "
                      "training image, moved codes %.5f; want the reconstructions nearer", path, r, cell(&t, r, rec),
                      cell(&t, r, near));
    free(t.v);

    /* --quick: real test images 0.334 judged confidently, random codes decoded 0.018 (AE, N(0, I)),
     * 0.000 (AE, its codes' Gaussian), 0.022 (VAE prior) */
    snprintf(path, sizeof path, "%s/run/gap_scores.dat", tmp);
    t = load_table(path);
    size_t conf = column(&t, "confident", path);
    ck_assert_msg(t.rows == 4 && cell(&t, 0, 0) == 0, "%s: want 4 rows, the test images first", path);
    for (size_t r = 1; r < 4; r++)
        ck_assert_msg(cell(&t, r, conf) < cell(&t, 0, conf), "%s: set %zu judged confidently %.3f, the test images "
                      "%.3f; want the decoded random codes lower", path, r, cell(&t, r, conf), cell(&t, 0, conf));
    free(t.v);

    /* --quick: NMI 0.498 (pixels), 0.420 (PCA-2), 0.377 (k = 2), 0.405 (k = 10), 0.425 (VAE); chance is near 0 */
    snprintf(path, sizeof path, "%s/run/kmeans.dat", tmp);
    t = load_table(path);
    size_t nmi = column(&t, "nmi", path), purity = column(&t, "purity", path);
    ck_assert_msg(t.rows == 5, "%s: %zu rows, want 5 spaces", path, t.rows);
    for (size_t r = 0; r < 5; r++)
        ck_assert_msg(cell(&t, r, nmi) > MIN_KMEANS_NMI && cell(&t, r, nmi) < 1 && cell(&t, r, purity) > 0.3,
                      "%s: space %zu: NMI %.3f, purity %.3f; want NMI in (%.2f, 1), purity > 0.3", path, r,
                      cell(&t, r, nmi), cell(&t, r, purity), MIN_KMEANS_NMI);
    free(t.v);

    snprintf(path, sizeof path, "%s/run/classify.dat", tmp);
    t = load_table(path);
    size_t acc = column(&t, "accuracy", path);
    ck_assert_msg(t.rows == 3, "%s: %zu rows, want 3", path, t.rows);
    ck_assert_msg(cell(&t, 0, acc) > MIN_PIXEL_ACC, "%s: pixel accuracy %.3f, want > %.2f", path, cell(&t, 0, acc),
                  MIN_PIXEL_ACC);
    ck_assert_msg(cell(&t, 2, acc) > MIN_CODE_ACC, "%s: k = 10 accuracy %.3f, want > %.2f", path, cell(&t, 2, acc),
                  MIN_CODE_ACC);
    free(t.v);

    const char *hists[] = {"hist2.dat", "hist10.dat"};
    for (size_t h = 0; h < 2; h++) {
        snprintf(path, sizeof path, "%s/run/%s", tmp, hists[h]);
        t = load_table(path);
        ck_assert_msg(t.rows >= 2 && t.cols == (h ? 11u : 3u), "%s: %zu x %zu", path, t.rows, t.cols);
        double width = cell(&t, 1, 0) - cell(&t, 0, 0);
        for (size_t j = 1; j < t.cols; j++) {
            double mass = 0.0;
            for (size_t i = 0; i < t.rows; i++)
                mass += cell(&t, i, j) * width;
            ck_assert_msg(fabs(mass - 1.0) < HIST_MASS_TOL, "%s: column %zu integrates to %.9f, want 1", path, j,
                          mass);
        }
        free(t.v);
    }

    snprintf(path, sizeof path, "%s/run/map2.dat", tmp);
    t = load_table(path);
    ck_assert_msg(t.rows == 2000 && t.cols == 3, "%s: %zu x %zu, want 2000 test codes x 3", path, t.rows, t.cols);
    free(t.v);
}

START_TEST(test_quick_run)
{
    lesson_quick_run(&L09, NULL);
    check_numbers();
}
END_TEST

START_TEST(test_models_from_lesson02)
{
    /* lesson 02's part 2 writes deep2_fashion and deep10_fashion; lesson 09 reads them */
    run_result r = quick_run(&L02, "l02");
    ck_assert_msg(r.status == 0, "lesson02 --quick: exit %d; stderr:\n%s", r.status, r.err);
    run_free(&r);
    const char *a9[] = {"--quick", "--models", "@/l02", "--out", "@/run", NULL};
    r = run_child(&L09, a9);
    ck_assert_msg(r.status == 0, "lesson09 --models: exit %d; stderr:\n%s", r.status, r.err);
    ck_assert_msg(strstr(r.out, "models ") && !strstr(r.out, "models trained"), "summary line: %s", r.out);
    ck_assert_msg(!strstr(r.err, "lesson09: k="), "--models must not train the autoencoders; stderr:\n%s", r.err);
    ck_assert_msg(strstr(r.err, "lesson09: VAE k=10 epoch"), "the VAE trains with --models too; stderr:\n%s", r.err);
    run_free(&r);
}
END_TEST

static const bad_flags BAD09[] = {
    {{"--data", "cifar"}, {"--data"}},
    {{"--models", ""}, {"--models"}},
    {{"--models", "/nonexistent"}, {"/nonexistent/deep2_fashion.enc", "make lesson02"}},
    {{"--models", "@/file"}, {"deep2_fashion.enc", "make lesson02"}},
    {{"--quick", "--data-dir", "/nonexistent", "--data", "mnist"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L09, &BAD09[_i]);
}
END_TEST

START_TEST(test_wrong_model_file)
{
    /* a file that is not a parameter file, and one of the wrong architecture */
    char dir[128], path[256];
    in_tmp(dir, sizeof dir, "models");
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/deep2_fashion.enc", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("this is not a parameter file\n", f);
    fclose(f);
    bad_flags b = {{"--models", "@/models"}, {"deep2_fashion.enc", "magic"}};
    lesson_bad_input(&L09, &b);

    /* lesson 02's k = 10 files renamed as k = 2: the sizes do not match */
    run_result r = quick_run(&L02, "l02");
    ck_assert_msg(r.status == 0, "lesson02 --quick: exit %d; stderr:\n%s", r.status, r.err);
    run_free(&r);
    const char *parts[] = {"enc", "dec"};
    for (size_t i = 0; i < 2; i++) {
        char from[256], to[256];
        snprintf(from, sizeof from, "%s/l02/deep10_fashion.%s", tmp, parts[i]);
        snprintf(to, sizeof to, "%s/deep2_fashion.%s", dir, parts[i]);
        copy_file(from, to, -1);
    }
    bad_flags wrong = {{"--models", "@/models"}, {"deep2_fashion.enc", "784-128-2"}};
    lesson_bad_input(&L09, &wrong);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L09);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson09");
    TCase *tc = lesson_tcase(s, "runs", LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_test(tc, test_models_from_lesson02);

    tc = lesson_tcase(s, "bad input and help", LESSON_TIMEOUT);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD09 / sizeof *BAD09);
    tcase_add_test(tc, test_wrong_model_file);
    tcase_add_test(tc, test_help);
    return s;
}

AE_TEST_MAIN(make_suite)
