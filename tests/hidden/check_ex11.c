/* Graded exercises of lesson 11 (one TCase per exercise; grading/points.txt).
 *
 * Every check below also fails for the stubs (one ROC point, AUC 0, zero gradients, maps
 * that move no pixel):
 * a property a stub would satisfy by luck (AUC 0 for a reversed score) shares its
 * check with one it cannot.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>

#include "../../lessons/11-applications/exercises.h"
#include "dense.h"
#include "loss.h"
#include "rng.h"
#include "../test.h"

/* P(s_pos > s_neg) + 1/2 P(s_pos = s_neg), by counting every pair. */
static double auc_pairs(const double *s, const uint8_t *pos, size_t n)
{
    double wins = 0.0, pairs = 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (pos[i] && !pos[j]) {
                pairs += 1.0;
                wins += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
            }
    return wins / pairs;
}

/* n scores on a coarse grid (so there are ties) and about a third positives that
 * score higher on average. */
static void random_scores(double *s, uint8_t *pos, size_t n, unsigned long seed)
{
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_DATA);
    for (size_t i = 0; i < n; i++) {
        pos[i] = ae_rng_uniform(r, 0.0, 1.0) < 0.3;
        s[i] = round(4.0 * (ae_rng_gaussian(r, 1.0) + (pos[i] ? 1.0 : 0.0))) / 4.0;
    }
    pos[0] = 1;   /* both kinds present */
    pos[1] = 0;
    gsl_rng_free(r);
}

/* ---- 11.1 ROC curve ---- */

static void assert_points(const double *fpr, const double *tpr, size_t m, const double *want_f,
                          const double *want_t, size_t want_m, const char *what)
{
    ck_assert_msg(m == want_m, "%s: %zu points, expected %zu", what, m, want_m);
    for (size_t i = 0; i < m; i++)
        ck_assert_msg(fabs(fpr[i] - want_f[i]) < TOL_EXACT && fabs(tpr[i] - want_t[i]) < TOL_EXACT,
                      "%s: point %zu is (%g, %g), expected (%g, %g)", what, i, fpr[i], tpr[i], want_f[i],
                      want_t[i]);
}

START_TEST(roc_hand)
{
    /* scores 0.9 .. 0.5 with anomalies at 0.9 and 0.7: one point per threshold */
    double s[] = {0.7, 0.5, 0.9, 0.6, 0.8};
    uint8_t pos[] = {1, 0, 1, 0, 0};
    double fpr[6], tpr[6];
    double want_f[] = {0, 0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1}, want_t[] = {0, 0.5, 0.5, 1, 1, 1};
    size_t m = ex11_roc(fpr, tpr, s, pos, 5);
    assert_points(fpr, tpr, m, want_f, want_t, 6, "five distinct scores");
}
END_TEST

START_TEST(roc_ties)
{
    /* tied scores give one point for the whole tie: a diagonal step */
    double s[] = {1, 0, 1, 0, 2};
    uint8_t pos[] = {1, 1, 0, 0, 1};
    double fpr[6], tpr[6];
    double want_f[] = {0, 0, 0.5, 1}, want_t[] = {0, 1.0 / 3, 2.0 / 3, 1};
    size_t m = ex11_roc(fpr, tpr, s, pos, 5);
    assert_points(fpr, tpr, m, want_f, want_t, 4, "three distinct scores");
}
END_TEST

START_TEST(roc_properties)
{
    /* from (0, 0) to (1, 1), never going down or left, a point per distinct score, and
     * the trapezoids under it add up to the pair-counting AUC */
    enum { N = 300 };
    double s[N], fpr[N + 1], tpr[N + 1];
    uint8_t pos[N];
    random_scores(s, pos, N, 31);
    size_t m = ex11_roc(fpr, tpr, s, pos, N);
    size_t distinct = 0;
    for (size_t i = 0; i < N; i++) {
        size_t j = 0;
        while (j < i && s[j] != s[i])
            j++;
        distinct += j == i;
    }
    ck_assert_msg(m == distinct + 1, "%zu points for %zu distinct scores, expected %zu", m, distinct, distinct + 1);
    ck_assert_msg(fpr[0] == 0 && tpr[0] == 0, "first point (%g, %g), expected (0, 0)", fpr[0], tpr[0]);
    ck_assert_msg(fabs(fpr[m - 1] - 1) < TOL_EXACT && fabs(tpr[m - 1] - 1) < TOL_EXACT,
                  "last point (%g, %g), expected (1, 1)", fpr[m - 1], tpr[m - 1]);
    double area = 0.0;
    for (size_t i = 1; i < m; i++) {
        ck_assert_msg(fpr[i] >= fpr[i - 1] && tpr[i] >= tpr[i - 1], "point %zu (%g, %g) goes back from (%g, %g)", i,
                      fpr[i], tpr[i], fpr[i - 1], tpr[i - 1]);
        area += 0.5 * (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]);
    }
    double want = auc_pairs(s, pos, N);
    ck_assert_msg(fabs(area - want) < 1e-12, "area under the curve %.15g, pair counting gives %.15g", area, want);
}
END_TEST

/* ---- 11.2 AUC ---- */

START_TEST(auc_hand)
{
    /* anomalies 0.9 and 0.7 against 0.8, 0.6, 0.5: 5 of the 6 pairs ordered right */
    double s[] = {0.7, 0.5, 0.9, 0.6, 0.8};
    uint8_t pos[] = {1, 0, 1, 0, 0};
    double auc = ex11_auc(s, pos, 5);
    ck_assert_msg(fabs(auc - 5.0 / 6.0) < TOL_EXACT, "AUC %.15g, expected 5/6", auc);
}
END_TEST

START_TEST(auc_extremes)
{
    /* perfect ranking 1, reversed 0, all scores equal 1/2 */
    double s[] = {3, 4, 1, 2}, flat[] = {7, 7, 7, 7};
    uint8_t pos[] = {1, 1, 0, 0}, rev[] = {0, 0, 1, 1};
    double a1 = ex11_auc(s, pos, 4), a0 = ex11_auc(s, rev, 4), ah = ex11_auc(flat, pos, 4);
    ck_assert_msg(fabs(a1 - 1.0) < TOL_EXACT, "perfect ranking: AUC %g, expected 1", a1);
    ck_assert_msg(fabs(a0) < TOL_EXACT, "reversed ranking: AUC %g, expected 0", a0);
    ck_assert_msg(fabs(ah - 0.5) < TOL_EXACT, "all scores equal: AUC %g, expected 0.5", ah);
}
END_TEST

START_TEST(auc_ties_random)
{
    /* many ties: the average ranks must give exactly the pair count */
    enum { N = 400 };
    double s[N];
    uint8_t pos[N];
    random_scores(s, pos, N, 47);
    double got = ex11_auc(s, pos, N), want = auc_pairs(s, pos, N);
    ck_assert_msg(fabs(got - want) < 1e-12, "AUC %.15g, pair counting gives %.15g", got, want);
}
END_TEST

START_TEST(auc_invariance)
{
    /* a rank statistic: any increasing map of the scores leaves it alone, and negating
     * the scores gives 1 - AUC */
    enum { N = 150 };
    double s[N], t[N], neg[N];
    uint8_t pos[N];
    random_scores(s, pos, N, 59);
    for (size_t i = 0; i < N; i++) {
        t[i] = exp(3.0 * s[i]) - 5.0;
        neg[i] = -s[i];
    }
    double a = ex11_auc(s, pos, N), b = ex11_auc(t, pos, N), c = ex11_auc(neg, pos, N);
    ck_assert_msg(a > 0.6, "AUC %g for scores that favour the anomalies, expected > 0.6", a);
    ck_assert_msg(fabs(a - b) < 1e-12, "AUC %.15g, after exp(3s) - 5 %.15g: should not change", a, b);
    ck_assert_msg(fabs(a + c - 1.0) < 1e-12, "AUC %.15g and of -s %.15g: should add to 1", a, c);
}
END_TEST

/* ---- 11.3 the classifier head's backward ---- */

START_TEST(head_values)
{
    /* B = 2, k = 2, K = 2 by hand:
     * dA = (P - onehot)/2 = [[-0.15, 0.15], [0.2, -0.2]],  dW = dA^T Z = [[0.45, -0.5], [-0.45, 0.5]],
     * db = [0.05, -0.05],  dZ = dA W = [[-0.3, 0.225], [0.4, -0.3]] */
    double p[] = {0.7, 0.3, 0.4, 0.6}, z[] = {1, 2, 3, -1}, w[] = {1, 0.5, -1, 2};
    uint8_t y[] = {0, 1};
    double want_da[] = {-0.15, 0.15, 0.2, -0.2}, want_dw[] = {0.45, -0.5, -0.45, 0.5}, want_db[] = {0.05, -0.05};
    double want_dz[] = {-0.3, 0.225, 0.4, -0.3};
    gsl_matrix_view P = gsl_matrix_view_array(p, 2, 2), Z = gsl_matrix_view_array(z, 2, 2);
    ae_dense *head = ae_dense_alloc(2, 2);
    for (size_t i = 0; i < 4; i++)
        head->W->data[i] = w[i];
    ae_dense_zero_grad(head);
    gsl_matrix *dZ = gsl_matrix_alloc(2, 2);
    ex11_head_backward(dZ, head, &P.matrix, y, &Z.matrix);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_msg(fabs(p[i] - want_da[i]) < TOL_EXACT, "dA[%zu] = %g, expected %g", i, p[i], want_da[i]);
        ck_assert_msg(fabs(head->dW->data[i] - want_dw[i]) < TOL_EXACT, "dW[%zu] = %g, expected %g", i,
                      head->dW->data[i], want_dw[i]);
        ck_assert_msg(fabs(dZ->data[i] - want_dz[i]) < TOL_EXACT, "dZ[%zu] = %g, expected %g", i, dZ->data[i],
                      want_dz[i]);
    }
    for (size_t i = 0; i < 2; i++)
        ck_assert_msg(fabs(head->db->data[i] - want_db[i]) < TOL_EXACT, "db[%zu] = %g, expected %g", i,
                      head->db->data[i], want_db[i]);
    gsl_matrix_free(dZ);
    ae_dense_free(head);
}
END_TEST

typedef struct {
    ae_dense *head;
    gsl_matrix *Z, *A, *P;
    const uint8_t *y;
} head_ctx;

static double head_value(void *ctx)
{
    head_ctx *c = ctx;
    ae_dense_forward(c->A, c->Z, c->head);
    return ae_loss_softmax_ce(NULL, c->P, c->A, c->y);
}

START_TEST(head_fd)
{
    /* dW, db and dZ against central differences of the mean cross-entropy */
    enum { B = 5, K = 4, C = 3 };
    uint8_t y[B] = {2, 0, 1, 1, 2};
    gsl_rng *r = ae_rng_alloc(71, AE_RNG_INIT);
    head_ctx c = {ae_dense_alloc(K, C), gsl_matrix_alloc(B, K), gsl_matrix_alloc(B, C), gsl_matrix_alloc(B, C), y};
    ae_dense_init(c.head, r, 1.0);
    for (size_t i = 0; i < C; i++)
        gsl_vector_set(c.head->b, i, ae_rng_uniform(r, -0.5, 0.5));
    fill_gaussian(c.Z, r);
    gsl_matrix *dZ = gsl_matrix_alloc(B, K);
    ae_dense_zero_grad(c.head);
    head_value(&c);   /* P = softmax */
    ex11_head_backward(dZ, c.head, c.P, y, c.Z);
    double gw[C * K], gb[C], gz[B * K];
    for (size_t i = 0; i < C * K; i++)
        gw[i] = c.head->dW->data[i];
    for (size_t i = 0; i < C; i++)
        gb[i] = c.head->db->data[i];
    for (size_t i = 0; i < B * K; i++)
        gz[i] = dZ->data[i];
    ae_gc_result rw = ae_gradcheck(head_value, &c, c.head->W->data, gw, C * K, AE_GC_STEP);
    ck_assert_gradcheck(rw, TOL_OP, "dL/dW");
    ae_gc_result rb = ae_gradcheck(head_value, &c, c.head->b->data, gb, C, AE_GC_STEP);
    ck_assert_gradcheck(rb, TOL_OP, "dL/db");
    ae_gc_result rz = ae_gradcheck(head_value, &c, c.Z->data, gz, B * K, AE_GC_STEP);
    ck_assert_gradcheck(rz, TOL_OP, "dL/dZ");
    ae_dense_free(c.head);
    gsl_matrix_free(c.Z);
    gsl_matrix_free(c.A);
    gsl_matrix_free(c.P);
    gsl_matrix_free(dZ);
    gsl_rng_free(r);
}
END_TEST

START_TEST(head_frozen_adds)
{
    /* with dZ = NULL (a frozen encoder) the head's gradients are still made, and they
     * are added to what dW and db held: twice the call, twice the gradient */
    enum { B = 3, K = 2, C = 3 };
    uint8_t y[B] = {1, 2, 0};
    gsl_rng *r = ae_rng_alloc(83, AE_RNG_INIT);
    head_ctx c = {ae_dense_alloc(K, C), gsl_matrix_alloc(B, K), gsl_matrix_alloc(B, C), gsl_matrix_alloc(B, C), y};
    ae_dense_init(c.head, r, 1.0);
    fill_gaussian(c.Z, r);
    ae_dense *ref = ae_dense_alloc(K, C);
    gsl_matrix_memcpy(ref->W, c.head->W);
    ae_dense_zero_grad(ref);
    ae_dense_zero_grad(c.head);
    gsl_matrix *dA = gsl_matrix_alloc(B, C);
    for (int twice = 0; twice < 2; twice++) {
        head_value(&c);
        ex11_head_backward(NULL, c.head, c.P, y, c.Z);
        head_value(&c);
        ae_loss_softmax_ce(dA, c.P, c.A, y);                 /* the reference: dA from the library */
        ae_dense_backward(NULL, ref, dA, c.Z);
    }
    for (size_t i = 0; i < C * K; i++)
        ck_assert_msg(fabs(c.head->dW->data[i] - ref->dW->data[i]) < TOL_EXACT && ref->dW->data[i] != 0.0,
                      "dW[%zu] after two calls = %.15g, expected %.15g", i, c.head->dW->data[i], ref->dW->data[i]);
    for (size_t i = 0; i < C; i++)
        ck_assert_msg(fabs(c.head->db->data[i] - ref->db->data[i]) < TOL_EXACT, "db[%zu] after two calls = %.15g, "
                      "expected %.15g", i, c.head->db->data[i], ref->db->data[i]);
    ae_dense_free(c.head);
    ae_dense_free(ref);
    gsl_matrix_free(c.Z);
    gsl_matrix_free(c.A);
    gsl_matrix_free(c.P);
    gsl_matrix_free(dA);
    gsl_rng_free(r);
}
END_TEST

/* ---- 11.4 the rotation index maps ---- */

START_TEST(rotation_hand)
{
    /* n = 3 by hand: one quarter turn counter-clockwise sends (i, j) to (2 - j, i) */
    size_t want[4][9] = {{0, 1, 2, 3, 4, 5, 6, 7, 8},
                         {6, 3, 0, 7, 4, 1, 8, 5, 2},
                         {8, 7, 6, 5, 4, 3, 2, 1, 0},
                         {2, 5, 8, 1, 4, 7, 0, 3, 6}};
    for (unsigned k = 3; k < 4; k--) {   /* 3, 2, 1, 0: a stub that is the identity fails first */
        size_t to[9];
        ex11_rotation_map(to, 3, k);
        for (size_t p = 0; p < 9; p++)
            ck_assert_msg(to[p] == want[k][p], "n = 3, k = %u: pixel (%zu, %zu) goes to %zu, expected %zu (row %zu, "
                          "column %zu)", k, p / 3, p % 3, to[p], want[k][p], want[k][p] / 3, want[k][p] % 3);
    }
}
END_TEST

/* The image x (n x n) turned k quarter turns counter-clockwise, pixel by pixel: turning once
 * more takes the value at (i, j) of the turned image from (j, n - 1 - i) of the last. */
static void turn_reference(double *out, const double *x, size_t n, unsigned k)
{
    double *a = malloc(n * n * sizeof *a);
    ck_assert_ptr_nonnull(a);
    memcpy(out, x, n * n * sizeof *out);
    for (unsigned t = 0; t < k; t++) {
        memcpy(a, out, n * n * sizeof *a);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                out[i * n + j] = a[j * n + (n - 1 - i)];
    }
    free(a);
}

START_TEST(rotation_images)
{
    /* a random 28 x 28 image (and 4 x 4, 7 x 7) moved by the maps is the image turned */
    const size_t sizes[] = {28, 4, 7};
    gsl_rng *r = ae_rng_alloc(97, AE_RNG_DATA);
    for (size_t s = 0; s < 3; s++) {
        const size_t n = sizes[s], N = n * n;
        double *x = malloc(N * sizeof *x), *got = malloc(N * sizeof *got), *want = malloc(N * sizeof *want);
        size_t *to = malloc(N * sizeof *to);
        ck_assert(x && got && want && to);
        for (size_t p = 0; p < N; p++)
            x[p] = ae_rng_uniform(r, 0.0, 1.0);
        for (unsigned k = 1; k < 5; k++) {   /* 1, 2, 3, then 0 */
            ex11_rotation_map(to, n, k % 4);
            for (size_t p = 0; p < N; p++)
                got[p] = NAN;
            for (size_t p = 0; p < N; p++) {
                ck_assert_msg(to[p] < N, "n = %zu, k = %u: pixel %zu goes to %zu, outside the %zu pixels", n, k % 4, p,
                              to[p], N);
                got[to[p]] = x[p];
            }
            turn_reference(want, x, n, k % 4);
            for (size_t p = 0; p < N; p++)
                ck_assert_msg(got[p] == want[p], "n = %zu, k = %u: the turned image differs at (%zu, %zu)", n, k % 4,
                              p / n, p % n);
        }
        free(x), free(got), free(want), free(to);
    }
    gsl_rng_free(r);
}
END_TEST

START_TEST(rotation_group)
{
    /* every map a permutation; two quarter turns are one half turn p -> N - 1 - p; k turns
     * are k times one turn, and four are none (n = 5, 6, and n = 1) */
    const size_t sizes[] = {5, 6, 1};
    for (size_t s = 0; s < 3; s++) {
        const size_t n = sizes[s], N = n * n;
        size_t *to[4], *seen = calloc(N, sizeof *seen);
        ck_assert_ptr_nonnull(seen);
        for (unsigned k = 0; k < 4; k++) {
            to[k] = malloc(N * sizeof **to);
            ck_assert_ptr_nonnull(to[k]);
            ex11_rotation_map(to[k], n, k);
        }
        for (size_t p = 0; p < N; p++)
            ck_assert_msg(to[2][p] == N - 1 - p, "n = %zu, k = 2: pixel %zu goes to %zu, a half turn sends it to %zu",
                          n, p, to[2][p], N - 1 - p);
        for (unsigned k = 0; k < 4; k++) {
            for (size_t p = 0; p < N; p++)
                seen[p] = 0;
            for (size_t p = 0; p < N; p++) {
                ck_assert_msg(to[k][p] < N && !seen[to[k][p]]++, "n = %zu, k = %u: not a permutation at pixel %zu", n,
                              k, p);
                size_t again = to[1][to[(k + 3) % 4][p]];   /* one more turn after k - 1 */
                ck_assert_msg(again == to[k][p], "n = %zu: k = %u sends pixel %zu to %zu, one turn after k - 1 to %zu",
                              n, k, p, to[k][p], again);
            }
        }
        for (unsigned k = 0; k < 4; k++)
            free(to[k]);
        free(seen);
    }
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("ex11");
    TCase *tc = tcase_create("ex11_roc");
    tcase_add_test(tc, roc_hand);
    tcase_add_test(tc, roc_ties);
    tcase_add_test(tc, roc_properties);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex11_auc");
    tcase_add_test(tc, auc_hand);
    tcase_add_test(tc, auc_extremes);
    tcase_add_test(tc, auc_ties_random);
    tcase_add_test(tc, auc_invariance);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex11_head_backward");
    tcase_add_test(tc, head_values);
    tcase_add_test(tc, head_fd);
    tcase_add_test(tc, head_frozen_adds);
    suite_add_tcase(s, tc);
    tc = tcase_create("ex11_rotation_map");
    tcase_add_test(tc, rotation_hand);
    tcase_add_test(tc, rotation_images);
    tcase_add_test(tc, rotation_group);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
