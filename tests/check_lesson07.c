/* check_lesson07 — lesson 07 (vae) end to end: a --quick run writes every .dat file,
 * and its numbers say the lesson worked: every gradient check passed, the -ELBO fell
 * and ended below a bound on both models, the KL term is a real part of it and smaller
 * with 2 coordinates than with 20, the 2-D codes of 0s and 1s lie apart and a share of
 * them lies in the manifold's window, the decodings are probabilities; bad input exits 2
 * with one line naming the flag or file. */
#define _XOPEN_SOURCE 700  /* nftw */
#include <math.h>

#include "lessons.h"

static const lesson L07 = {"07-vae", "lesson07",
                           {"gradcheck.dat", "elbo.dat", "elbo2d.dat", "samples.dat", "recon.dat", "interp.dat",
                            "interp_pairs.dat", "manifold.dat", "codes2d.dat", "codes_beta.dat", "beta_samples.dat", "rd.dat", "kl_coords.dat", "traverse.dat",
                            "cvae.dat", "cvae_styles.dat", "cvae_rows.dat", "cvae_one_y.dat",
                            "gauss.dat", "codes_gauss.dat", "gauss_samples.dat"}};

/* --quick (3,000 Fashion-MNIST images, 2 epochs) reached 318.5 nats; a decoder that
 * outputs 1/2 everywhere costs 784 log 2 = 543 */
#define QUICK_MAX_ELBO 330.0
/* the 2-D model on 3,000 digits, 4 epochs, reached 198.7 nats */
#define QUICK_MAX_ELBO2D 215.0
#define MIN_KL 3.0              /* nats: the code carries information (a collapsed posterior has KL 0) */
#define MIN_CENTROID_GAP 1.0    /* the 2-D codes of 0s and of 1s: distance between the class means */
/* share of the 2-D test codes in manifold.png's window |z1|, |z2| <= 1.96: 0.262 on --quick
 * (0.683 by default; the prior puts 0.90 there) */
#define MIN_IN_WINDOW 0.2
#define WINDOW 1.959964
/* the conditional VAE on --quick: share of decodings [mu(x, y) | y'] that the pixels' nearest class
 * mean reads as y' (chance 0.1; 0.55 on --quick, 0.81 by default) */
#define MIN_CVAE_AS_Y 0.3
/* "KL only": every test code mu within this of 0 (the quick run's KL was 1e-4 nats) */
#define MAX_KL_ONLY_MU 0.1

/* rd.dat on --quick: the KL falls as beta grows (rec only 23.8, beta 1 6.5, beta 4 2.8 nats),
 * "KL only" has none and the worst reconstruction (213 nats against 189-193); codes_beta.dat:
 * the KL-only model maps every digit to the prior's centre. */
/* kl_coords.dat: one row per coordinate of the 20-D code; the KLs (exercise 7.3) add up to
 * the test KL of elbo.dat's last epoch (which does not depend on eps), and "active" is
 * kl > threshold; the quick run had 19 of 20 active */
static void check_kl_coords(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/run/kl_coords.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 20, "%s: %zu rows, want the 20 coordinates", path, t.rows);
    size_t kl = column(&t, "kl", path), active = column(&t, "active", path), thr = column(&t, "threshold", path);
    double sum = 0.0;
    size_t n_active = 0;
    for (size_t j = 0; j < t.rows; j++) {
        ck_assert_msg(cell(&t, j, kl) >= 0, "%s: coordinate %zu has KL %g < 0", path, j, cell(&t, j, kl));
        ck_assert_msg(cell(&t, j, active) == (cell(&t, j, kl) > cell(&t, j, thr)),
                      "%s: coordinate %zu: active %g for KL %g", path, j, cell(&t, j, active), cell(&t, j, kl));
        sum += cell(&t, j, kl);
        n_active += cell(&t, j, active) > 0;
    }
    double want = run_last("elbo.dat", "test_kl");
    ck_assert_msg(fabs(sum - want) < 1e-3 * want, "%s: the coordinates' KLs add up to %.4f, elbo.dat's test KL is %.4f",
                  path, sum, want);
    ck_assert_msg(n_active >= 2, "%s: %zu active coordinates, want at least 2", path, n_active);
    free(t.v);
}

static void check_beta(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/run/rd.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 4, "%s: %zu rows, want the 4 models of the default run", path, t.rows);
    size_t kl = column(&t, "kl", path), rec = column(&t, "rec", path), only = column(&t, "kl_only", path);
    ck_assert_msg(cell(&t, 3, only) == 1 && cell(&t, 0, only) == 0, "%s: row 3 should be the KL-only model", path);
    for (size_t m = 0; m + 1 < 4; m++) {
        ck_assert_msg(cell(&t, m + 1, kl) < cell(&t, m, kl), "%s: KL of model %zu %.3f not below model %zu's %.3f",
                      path, m + 1, cell(&t, m + 1, kl), m, cell(&t, m, kl));
        ck_assert_msg(cell(&t, m, rec) < cell(&t, 3, rec), "%s: model %zu reconstructs worse (%.2f) than KL only (%.2f)",
                      path, m, cell(&t, m, rec), cell(&t, 3, rec));
    }
    ck_assert_msg(cell(&t, 3, kl) < 0.05, "%s: KL-only model's KL %.4f, want about 0", path, cell(&t, 3, kl));
    free(t.v);
    snprintf(path, sizeof path, "%s/run/codes_beta.dat", tmp);
    t = load_table(path);
    ck_assert_msg(t.rows == 4 * 2004, "%s: %zu rows, want 4 models x 2004 test digits", path, t.rows);
    size_t model = column(&t, "model", path), z1 = column(&t, "z1", path), z2 = column(&t, "z2", path);
    double far = 0.0;
    for (size_t i = 0; i < t.rows; i++)
        if (cell(&t, i, model) == 3)
            far = fmax(far, hypot(cell(&t, i, z1), cell(&t, i, z2)));
    ck_assert_msg(far < MAX_KL_ONLY_MU, "%s: a KL-only code lies %.3f from 0, want < %g", path, far, MAX_KL_ONLY_MU);
    free(t.v);
}

/* gauss.dat on --quick: the small sigma's model carries more KL (19.1 nats against 1.3) and
 * reconstructs better (squared error 53.8 against 54.5); "MSE + 2 KL" is the large sigma's
 * objective times 2 and ends where it does (codes 5e-7 apart, KL and squared error the same) */
#define MAX_TWIN_GAP 1e-3
static void check_gauss(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/run/gauss.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 3, "%s: %zu rows, want the 3 Gaussian decoders", path, t.rows);
    size_t kl = column(&t, "kl", path), sse = column(&t, "sse", path), var = column(&t, "var", path);
    ck_assert_msg(cell(&t, 0, var) < cell(&t, 1, var), "%s: model 0 should have the smaller sigma", path);
    ck_assert_msg(cell(&t, 0, kl) > cell(&t, 1, kl) + 5, "%s: KL %.2f at the small sigma, %.2f at the large: want "
                  "more than 5 nats more", path, cell(&t, 0, kl), cell(&t, 1, kl));
    ck_assert_msg(cell(&t, 0, sse) < cell(&t, 1, sse), "%s: squared error %.2f at the small sigma, not below the "
                  "large one's %.2f", path, cell(&t, 0, sse), cell(&t, 1, sse));
    ck_assert_msg(fabs(cell(&t, 2, kl) - cell(&t, 1, kl)) < MAX_TWIN_GAP && fabs(cell(&t, 2, sse) - cell(&t, 1, sse))
                  < MAX_TWIN_GAP, "%s: MSE + 2 KL (KL %.5f, sse %.5f) should end where sigma = 1 does (%.5f, %.5f)",
                  path, cell(&t, 2, kl), cell(&t, 2, sse), cell(&t, 1, kl), cell(&t, 1, sse));
    free(t.v);
    snprintf(path, sizeof path, "%s/run/codes_gauss.dat", tmp);
    t = load_table(path);
    size_t model = column(&t, "model", path), z1 = column(&t, "z1", path), z2 = column(&t, "z2", path);
    ck_assert_msg(t.rows == 3 * 2004, "%s: %zu rows, want 3 models x 2004 test digits", path, t.rows);
    double gap = 0.0;
    for (size_t i = 0; i < 2004; i++) {
        ck_assert(cell(&t, 2004 + i, model) == 1 && cell(&t, 2 * 2004 + i, model) == 2);
        gap = fmax(gap, hypot(cell(&t, 2004 + i, z1) - cell(&t, 2 * 2004 + i, z1),
                              cell(&t, 2004 + i, z2) - cell(&t, 2 * 2004 + i, z2)));
    }
    ck_assert_msg(gap < MAX_TWIN_GAP, "%s: the codes of sigma = 1 and of MSE + 2 KL are up to %.3g apart, want < %g",
                  path, gap, MAX_TWIN_GAP);
    free(t.v);
}

static void check_curve(const char *file, double bound)
{
    char path[256];
    snprintf(path, sizeof path, "%s/run/%s", tmp, file);
    table t = load_table(path);
    ck_assert_msg(t.rows >= 2, "%s: %zu rows, want at least 2 epochs", path, t.rows);
    size_t loss = column(&t, "test_loss", path), rec = column(&t, "test_rec", path),
           kl = column(&t, "test_kl", path), train = column(&t, "train_loss", path);
    size_t last = t.rows - 1;
    ck_assert_msg(cell(&t, last, loss) < cell(&t, 0, loss), "%s: test -ELBO %.2f after the last epoch, not below "
                  "%.2f after the first", path, cell(&t, last, loss), cell(&t, 0, loss));
    ck_assert_msg(cell(&t, last, train) < cell(&t, 0, train), "%s: training -ELBO did not fall", path);
    ck_assert_msg(cell(&t, last, loss) < bound, "%s: test -ELBO %.2f, want < %.0f", path, cell(&t, last, loss), bound);
    ck_assert_msg(fabs(cell(&t, last, rec) + cell(&t, last, kl) - cell(&t, last, loss)) < 1e-6,
                  "%s: test_rec + test_kl != test_loss", path);
    ck_assert_msg(cell(&t, last, kl) > MIN_KL, "%s: KL %.3f nats, want > %g (posterior collapse?)", path,
                  cell(&t, last, kl), MIN_KL);
    free(t.v);
}

START_TEST(test_quick_run)
{
    lesson_quick_run(&L07, NULL);
    ck_assert_msg(run_last("gradcheck.dat", "kl") <= TOL_OP, "KL gradient check %.3g > %g",
                  run_last("gradcheck.dat", "kl"), TOL_OP);
    ck_assert_msg(run_last("gradcheck.dat", "reparam") <= TOL_OP, "reparameterisation gradient check %.3g > %g",
                  run_last("gradcheck.dat", "reparam"), TOL_OP);
    ck_assert_msg(run_last("gradcheck.dat", "model") <= TOL_MODEL, "whole-VAE gradient check %.3g > %g",
                  run_last("gradcheck.dat", "model"), TOL_MODEL);
    ck_assert_msg(run_last("gradcheck.dat", "cvae") <= TOL_MODEL, "whole conditional VAE gradient check %.3g > %g",
                  run_last("gradcheck.dat", "cvae"), TOL_MODEL);
    /* the conditional VAE's decodings with label y are read as y well above chance (0.1) */
    ck_assert_msg(run_last("cvae.dat", "as_y") > MIN_CVAE_AS_Y, "conditional VAE: %.3f of the decodings read as "
                  "their label, want > %g", run_last("cvae.dat", "as_y"), MIN_CVAE_AS_Y);
    check_curve("elbo.dat", QUICK_MAX_ELBO);
    check_curve("elbo2d.dat", QUICK_MAX_ELBO2D);
    check_beta();
    check_gauss();
    check_kl_coords();
    /* two coordinates carry less than twenty: the 2-D model's KL is the smaller */
    ck_assert_msg(run_last("elbo2d.dat", "test_kl") < run_last("elbo.dat", "test_kl"),
                  "KL of the 2-D model %.2f, of the 20-D model %.2f: want the 2-D one smaller",
                  run_last("elbo2d.dat", "test_kl"), run_last("elbo.dat", "test_kl"));

    char path[256];
    snprintf(path, sizeof path, "%s/run/codes2d.dat", tmp);
    table t = load_table(path);
    ck_assert_msg(t.rows == 2004, "%s: %zu rows, want the 2004 test digits", path, t.rows);
    size_t z1 = column(&t, "z1", path), z2 = column(&t, "z2", path), cls = column(&t, "class", path);
    double mean[2][2] = {{0}}, n[2] = {0};
    for (size_t i = 0; i < t.rows; i++) {
        int k = (int)cell(&t, i, cls);
        if (k > 1)
            continue;
        mean[k][0] += cell(&t, i, z1);
        mean[k][1] += cell(&t, i, z2);
        n[k] += 1;
    }
    size_t inside = 0;
    for (size_t i = 0; i < t.rows; i++)
        inside += fabs(cell(&t, i, z1)) <= WINDOW && fabs(cell(&t, i, z2)) <= WINDOW;
    ck_assert_msg((double)inside / (double)t.rows > MIN_IN_WINDOW, "%s: %zu of %zu codes in the manifold's window, "
                  "want a share > %g", path, inside, t.rows, MIN_IN_WINDOW);
    double gap = hypot(mean[0][0] / n[0] - mean[1][0] / n[1], mean[0][1] / n[0] - mean[1][1] / n[1]);
    ck_assert_msg(gap > MIN_CENTROID_GAP, "%s: the mean codes of 0s and 1s are %.3f apart, want > %g", path, gap,
                  MIN_CENTROID_GAP);
    free(t.v);

    /* decoded images are probabilities: every number of the mosaics lies in [0, 1] */
    const char *mosaics[] = {"samples.dat", "manifold.dat", "interp.dat", "recon.dat"};
    for (size_t m = 0; m < 4; m++) {
        snprintf(path, sizeof path, "%s/run/%s", tmp, mosaics[m]);
        char *text = read_file(path), *p = text, *end;
        ck_assert_ptr_nonnull(text);
        size_t count = 0;
        while (*p) {
            if (*p == '#') {
                p = strchr(p, '\n');
                if (!p)
                    break;
                continue;
            }
            double v = strtod(p, &end);
            if (end == p) {
                p++;
                continue;
            }
            ck_assert_msg(v >= 0.0 && v <= 1.0, "%s: value %g outside [0, 1]", path, v);
            count++;
            p = end;
        }
        ck_assert_msg(count > 28 * 28 * 10, "%s: only %zu numbers", path, count);
        free(text);
    }
}
END_TEST

static const bad_flags BAD07[] = {
    {{"--data", "cifar"}, {"--data"}},
    {{"--latent", "0"}, {"--latent"}},
    {{"--latent", "65"}, {"--latent"}},
    {{"--train", "50"}, {"--train"}},
    {{"--epochs2d", "0"}, {"--epochs2d"}},
    {{"--beta", "-1"}, {"--beta"}},
    {{"--beta", "x"}, {"--beta"}},
    {{"--epochs-beta", "6", "--epochs2d", "5"}, {"--epochs-beta"}},
    {{"--batch", "4000", "--train", "3000"}, {"--batch"}},
    /* --batch not given: the line says its 128 is the default, against --train's 100 */
    {{"--quick", "--train", "100"}, {"--batch: 128 (the default, as --batch was not given)", "100 training images of --train"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L07, &BAD07[_i]);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L07);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson07");
    TCase *tc = tcase_create("lesson07");
    tcase_add_checked_fixture(tc, make_tmp, remove_tmp);
    tcase_set_timeout(tc, LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD07 / sizeof *BAD07);
    tcase_add_test(tc, test_help);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
