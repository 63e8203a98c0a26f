/* check_lesson08 — lesson 08 (gan) end to end: a --quick run writes every .dat file,
 * and its numbers say the lesson worked: D(x) and D(G(z)) stay in (0, 1), the minimax
 * loss's generator gradient collapses while the non-saturating one's does not, the
 * classifier that scores the samples is accurate on real digits and surer of them than of
 * either model's 2-epoch samples, the comparison table holds shares, entropies and finite
 * log-likelihoods, the tiles' verdicts match it, the real digits shown are not in class
 * order, the VAE beside the GAN learns;
 * bad input exits 2 with one line naming the flag or file. */
#define _XOPEN_SOURCE 700  /* nftw */
#include <math.h>

#include "lessons.h"

static const lesson L08 = {"08-gan", "lesson08",
                           {"curve.dat", "epochs.dat", "saturation.dat", "gloss.dat", "samples_vae.dat",
                            "samples_gan.dat", "samples_real.dat", "verdicts.dat", "nearest.dat", "classes.dat", "parzen.dat",
                            "comparison.dat", "classifier.dat"}};

#define MIN_CLS_ACC 0.8      /* --quick: 800 training digits, 10 epochs */
#define SAT_RATIO 0.2        /* minimax gradient norm below 1/5 of the non-saturating one */
#define MIN_REAL_ENTROPY 2.2 /* the test digits are balanced: log 10 = 2.303 */
#define MIN_CONF_GAP 0.2     /* --quick: confident share of real digits above each model's */

static table load_run(const char *file, char *path, size_t cap)
{
    snprintf(path, cap, "%s/run/%s", tmp, file);
    return load_table(path);
}

START_TEST(test_quick_run)
{
    char path[256];
    lesson_quick_run(&L08, NULL);

    table t = load_run("curve.dat", path, sizeof path);
    ck_assert_msg(t.rows >= 10, "%s: %zu generator steps, want at least 10", path, t.rows);
    size_t dr = column(&t, "d_real", path), df = column(&t, "d_fake", path), gn = column(&t, "g_norm", path);
    size_t dl = column(&t, "d_loss", path), dla = column(&t, "d_loss_avg", path);
    size_t gl = column(&t, "g_loss", path), gla = column(&t, "g_loss_avg", path);
    double sum_d = 0, sum_g = 0;   /* the running means over the last 25 steps */
    for (size_t i = 0; i < t.rows; i++) {
        sum_d += cell(&t, i, dl) - (i >= 25 ? cell(&t, i - 25, dl) : 0);
        sum_g += cell(&t, i, gl) - (i >= 25 ? cell(&t, i - 25, gl) : 0);
        double n = i + 1 < 25 ? i + 1 : 25;
        ck_assert_msg(fabs(cell(&t, i, dla) - sum_d / n) < 1e-3 && fabs(cell(&t, i, gla) - sum_g / n) < 1e-3,
                      "%s: step %zu: running means %g, %g, want %g, %g", path, i + 1, cell(&t, i, dla),
                      cell(&t, i, gla), sum_d / n, sum_g / n);
    }
    for (size_t i = 0; i < t.rows; i++) {
        ck_assert_msg(cell(&t, i, dr) > 0 && cell(&t, i, dr) < 1 && cell(&t, i, df) > 0 && cell(&t, i, df) < 1,
                      "%s: step %zu: D(x) %g, D(G(z)) %g, want both in (0, 1)", path, i + 1, cell(&t, i, dr),
                      cell(&t, i, df));
        ck_assert_msg(cell(&t, i, gn) > 0, "%s: step %zu: generator gradient norm %g", path, i + 1, cell(&t, i, gn));
    }
    free(t.v);

    t = load_run("epochs.dat", path, sizeof path);
    ck_assert_msg(t.rows == 2, "%s: %zu rows, want 2 epochs", path, t.rows);
    size_t vl = column(&t, "vae_loss", path), E = column(&t, "E", path);
    ck_assert_msg(cell(&t, 1, vl) < cell(&t, 0, vl), "%s: the VAE's test -ELBO did not fall (%.2f, %.2f)", path,
                  cell(&t, 0, vl), cell(&t, 1, vl));
    ck_assert_msg(cell(&t, 1, E) > 0, "%s: held-out E %g, want > 0", path, cell(&t, 1, E));
    free(t.v);

    /* the saturation run: the last 5 steps' gradient norms */
    t = load_run("saturation.dat", path, sizeof path);
    ck_assert_msg(t.rows >= 10, "%s: %zu rows", path, t.rows);
    size_t nm = column(&t, "norm_minimax", path), nn = column(&t, "norm_nonsat", path);
    double sum_m = 0, sum_n = 0;
    for (size_t i = t.rows - 5; i < t.rows; i++) {
        sum_m += cell(&t, i, nm);
        sum_n += cell(&t, i, nn);
    }
    ck_assert_msg(sum_m < SAT_RATIO * sum_n, "%s: minimax gradient norm %.4g over the last 5 steps, not below "
                  "%.1f x the non-saturating %.4g", path, sum_m / 5, SAT_RATIO, sum_n / 5);
    free(t.v);

    t = load_run("gloss.dat", path, sizeof path);
    size_t dm = column(&t, "dminimax", path), dn = column(&t, "dnonsat", path);
    ck_assert_msg(fabs(cell(&t, 0, dm)) < 0.01 && cell(&t, 0, dn) < -0.99,
                  "%s: at D(G(z)) = %g the gradients are %g (minimax) and %g (non-saturating), want ~0 and ~-1",
                  path, cell(&t, 0, 0), cell(&t, 0, dm), cell(&t, 0, dn));
    free(t.v);

    ck_assert_msg(run_last("classifier.dat", "test_acc") >= MIN_CLS_ACC, "classifier test accuracy %.4f, want >= %g",
                  run_last("classifier.dat", "test_acc"), MIN_CLS_ACC);

    t = load_run("comparison.dat", path, sizeof path);
    ck_assert_msg(t.rows == 3, "%s: %zu rows, want 3 (real, VAE, GAN)", path, t.rows);
    size_t conf = column(&t, "confident", path), ent = column(&t, "entropy", path),
           nd = column(&t, "nn_dist", path), pz = column(&t, "parzen", path), sg = column(&t, "sigma", path),
           st = column(&t, "stray", path);
    /* a pen stroke is wider than a pixel: the real digits have almost no bright pixel alone */
    ck_assert_msg(cell(&t, 0, st) >= 0 && cell(&t, 0, st) < 0.1, "%s: %g stray pixels per real digit, want < 0.1",
                  path, cell(&t, 0, st));
    for (size_t i = 0; i < 3; i++) {
        ck_assert_msg(cell(&t, i, conf) >= 0 && cell(&t, i, conf) <= 1, "%s: row %zu: confident %g", path, i,
                      cell(&t, i, conf));
        ck_assert_msg(cell(&t, i, ent) >= 0 && cell(&t, i, ent) <= log(10.0) + 1e-9, "%s: row %zu: entropy %g",
                      path, i, cell(&t, i, ent));
        ck_assert_msg(cell(&t, i, nd) > 0, "%s: row %zu: nearest-neighbour distance %g", path, i, cell(&t, i, nd));
        ck_assert_msg(cell(&t, i, sg) >= 0.05 && cell(&t, i, sg) <= 0.35, "%s: row %zu: sigma %g off the grid",
                      path, i, cell(&t, i, sg));
    }
    ck_assert_msg(cell(&t, 0, ent) > MIN_REAL_ENTROPY, "%s: class entropy of the test digits %g, want > %g", path,
                  cell(&t, 0, ent), MIN_REAL_ENTROPY);
    ck_assert_msg(cell(&t, 0, pz) > cell(&t, 2, pz), "%s: Parzen of real digits %g not above the 2-epoch GAN's %g",
                  path, cell(&t, 0, pz), cell(&t, 2, pz));
    for (size_t i = 1; i < 3; i++)   /* after 2 epochs on 800 digits neither model draws clear digits */
        ck_assert_msg(cell(&t, 0, conf) > cell(&t, i, conf) + MIN_CONF_GAP, "%s: the classifier is confident on "
                      "%.3f of the real digits, not %g above the %.3f of the %s's samples", path, cell(&t, 0, conf),
                      MIN_CONF_GAP, cell(&t, i, conf), i == 1 ? "VAE" : "GAN");
    double confident[3];
    for (size_t i = 0; i < 3; i++)
        confident[i] = cell(&t, i, conf);
    free(t.v);

    /* the tiles' verdicts: 64 per set, as confident as the set is (loosely: 64 of 2,000), and
     * the real digits shown are not the package's 0, 1, 2, ... order */
    t = load_run("verdicts.dat", path, sizeof path);
    ck_assert_msg(t.rows == 3 * 64, "%s: %zu rows, want 3 x 64", path, t.rows);
    size_t vs = column(&t, "set", path), vk = column(&t, "class", path), vp = column(&t, "p", path);
    size_t in_order = 0;
    for (size_t s = 0; s < 3; s++) {
        double sure = 0;
        for (size_t i = 0; i < 64; i++) {
            size_t row = 64 * s + i;
            ck_assert_msg(cell(&t, row, vs) == (double)s && cell(&t, row, vp) >= 0.1 - 1e-12 && cell(&t, row, vp) <= 1,
                          "%s: row %zu: set %g, p %g", path, row, cell(&t, row, vs), cell(&t, row, vp));
            sure += (cell(&t, row, vp) >= 0.9) / 64.0;
            if (s == 0)
                in_order += cell(&t, row, vk) == (double)(i % 10);
        }
        ck_assert_msg(fabs(sure - confident[s]) < 0.25, "%s: set %zu: %.3f of the tiles confident, the set %.3f",
                      path, s, sure, confident[s]);
    }
    ck_assert_msg(in_order < 32, "%s: %zu of the 64 real digits shown are in class order", path, in_order);
    free(t.v);

    t = load_run("classes.dat", path, sizeof path);
    ck_assert_msg(t.rows == 10, "%s: %zu rows, want 10 classes", path, t.rows);
    for (size_t j = 1; j < 4; j++) {
        double sum = 0;
        for (size_t i = 0; i < t.rows; i++)
            sum += cell(&t, i, j);
        ck_assert_msg(fabs(sum - 1.0) < 1e-9, "%s: column %zu sums to %g, want 1", path, j, sum);
    }
    free(t.v);
}
END_TEST

static const bad_flags BAD08[] = {
    {{"--k", "0"}, {"--k"}},
    {{"--k", "11"}, {"--k"}},
    {{"--gen-loss", "wgan"}, {"--gen-loss"}},
    {{"--smooth", "0.3"}, {"--smooth"}},
    {{"--smooth", "1.5"}, {"--smooth"}},
    {{"--samples", "50"}, {"--samples"}},
    {{"--sat-steps", "1"}, {"--sat-steps"}},
    {{"--latent", "5"}, {"--latent"}},
    {{"--quick", "--batch", "2000"}, {"--batch"}},
    {{"--quick", "--data-dir", "/nonexistent"}, {"/nonexistent", "make data"}},
};

START_TEST(test_bad_input)
{
    lesson_bad_input(&L08, &BAD08[_i]);
}
END_TEST

START_TEST(test_help)
{
    lesson_help(&L08);
}
END_TEST

/* The whole training set in one batch, more rows than the classifier's 500-row buffers
 * (--batch 501 and up aborted in GSL at c1f5a68). */
START_TEST(test_one_batch)
{
    const char *args[] = {"--epochs", "1", "--batch", "800", NULL};
    lesson_quick_run(&L08, args);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("lesson08");
    TCase *tc = tcase_create("lesson08");
    tcase_add_checked_fixture(tc, make_tmp, remove_tmp);
    tcase_set_timeout(tc, LESSON_TIMEOUT);
    tcase_add_test(tc, test_quick_run);
    tcase_add_loop_test(tc, test_bad_input, 0, sizeof BAD08 / sizeof *BAD08);
    tcase_add_test(tc, test_help);
    tcase_add_test(tc, test_one_batch);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
