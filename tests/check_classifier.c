/* check_classifier — the judge of generated images (lib/classifier.c; lessons 08, 09) on a toy
 * set of three classes of 4x4 images: it learns them; the training curve is its own record;
 * its verdicts agree with its accuracy; a set of one class has entropy 0 and a balanced set
 * log 3; the rows shown are the rows judged; the same seed gives the same classifier. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "batch.h"
#include "classifier.h"
#include "progress.h"
#include "test.h"

enum { N = 600, SIDE = 4, D = SIDE * SIDE, CLASSES = 3, EPOCHS = 6 };
#define SEED 23

static const ae_classifier_plan PLAN = {.hidden = 12, .classes = CLASSES, .batch = 20, .epochs = EPOCHS, .lr = 1e-2};

/* n images of three kinds (a bright row, a bright column, the diagonal) with random brightness
 * and noise, class n % 3; the draw from seed. */
static ae_dataset bars(size_t n, unsigned long seed)
{
    ae_dataset ds = {.name = "bars", .n = n, .dim = D, .rows = SIDE, .cols = SIDE, .classes = CLASSES};
    ds.x = malloc(n * D);
    ds.y = malloc(n);
    ck_assert(ds.x && ds.y);
    gsl_rng *r = ae_rng_alloc(seed, AE_RNG_DATA);
    for (size_t m = 0; m < n; m++) {
        size_t k = m % CLASSES, at = (size_t)gsl_rng_uniform_int(r, SIDE);
        double bright = ae_rng_uniform(r, 0.5, 1.0);
        ds.y[m] = (uint8_t)k;
        for (size_t i = 0; i < SIDE; i++)
            for (size_t j = 0; j < SIDE; j++) {
                int on = k == 0 ? i == at : k == 1 ? j == at : i == j;
                double v = bright * on + ae_rng_uniform(r, 0.0, 0.3);
                ds.x[m * D + i * SIDE + j] = (uint8_t)lround(255.0 * fmin(v, 1.0));
            }
    }
    gsl_rng_free(r);
    return ds;
}

/* The images of ds as rows of a matrix, pixels in [0, 1]. */
static gsl_matrix *rows_of(const ae_dataset *ds)
{
    gsl_matrix *S = gsl_matrix_alloc(ds->n, ds->dim);
    ae_batch_range(S, NULL, ds, 0, ds->n);
    return S;
}

static ae_cli cli(void)
{
    return (ae_cli){.prog = "check_classifier", .title = "classifier: a test", .seed = SEED, .t0 = ae_seconds()};
}

START_TEST(t_it_learns_the_classes)
{
    ae_dataset train = bars(N, SEED), test = bars(N / 2, SEED + 100);
    ae_cli c = cli();
    double curve[3 * EPOCHS];
    ae_net *net = ae_classifier_train(&c, &train, &test, &PLAN, curve);
    ck_assert_double_ge(ae_classifier_accuracy(net, &test), 0.95);
    for (int e = 0; e < EPOCHS; e++)
        ck_assert_double_eq(curve[3 * e], e + 1);
    ck_assert_double_lt(curve[3 * (EPOCHS - 1) + 1], 0.5 * curve[1]);   /* the training loss falls */
    ck_assert_double_eq(curve[3 * (EPOCHS - 1) + 2], ae_classifier_accuracy(net, &test));
    ae_net_free(net);
    ae_dataset_free(&train);
    ae_dataset_free(&test);
}
END_TEST

/* Judged with every row shown: the share shown with the true class is the accuracy, the
 * histogram is the shown classes', the confident share and mean max p are the shown p's. */
START_TEST(t_verdicts_agree_with_accuracy)
{
    ae_dataset train = bars(N, SEED), test = bars(N / 2, SEED + 100);
    ae_cli c = cli();
    ae_net *net = ae_classifier_train(&c, &train, &test, &PLAN, NULL);
    gsl_matrix *S = rows_of(&test);
    size_t *cls = malloc(test.n * sizeof *cls);
    double *p = malloc(test.n * sizeof *p), hist[CLASSES] = {0}, confident = 0.0, maxp = 0.0, sum = 0.0;
    ck_assert(cls && p);
    ae_verdicts v;
    ae_classifier_judge(&v, net, S, test.n, cls, p);
    size_t right = 0;
    for (size_t i = 0; i < test.n; i++) {
        right += cls[i] == test.y[i];
        hist[cls[i]] += 1.0 / (double)test.n;
        confident += (p[i] >= AE_CONFIDENT) / (double)test.n;
        maxp += p[i] / (double)test.n;
        ck_assert(p[i] >= 1.0 / CLASSES && p[i] <= 1.0);
    }
    ck_assert_double_eq_tol((double)right / (double)test.n, ae_classifier_accuracy(net, &test), TOL_EXACT);
    for (size_t k = 0; k < CLASSES; k++) {
        ck_assert_double_eq_tol(v.hist[k], hist[k], TOL_EXACT);
        sum += v.hist[k];
    }
    ck_assert_double_eq_tol(sum, 1.0, TOL_EXACT);
    ck_assert_double_eq_tol(v.confident, confident, TOL_EXACT);
    ck_assert_double_eq_tol(v.maxp, maxp, TOL_EXACT);
    free(cls);
    free(p);
    gsl_matrix_free(S);
    ae_net_free(net);
    ae_dataset_free(&train);
    ae_dataset_free(&test);
}
END_TEST

/* The entropy of the class histogram: 0 for rows of one class (the classifier sure of them),
 * log 3 for the balanced test set, and in between for two classes. More rows than one pass
 * (500) takes, so the passes are summed. */
START_TEST(t_entropy_of_the_classes)
{
    ae_dataset train = bars(N, SEED), test = bars(1200, SEED + 100);
    ae_cli c = cli();
    ae_net *net = ae_classifier_train(&c, &train, &test, &PLAN, NULL);
    gsl_matrix *S = rows_of(&test);
    ae_verdicts all, one, two;
    ae_classifier_judge(&all, net, S, 0, NULL, NULL);
    ck_assert_double_le(fabs(all.entropy - log(3.0)), 0.02);   /* about 1/3 each */
    ck_assert_double_ge(all.confident, 0.8);
    gsl_matrix *One = gsl_matrix_alloc(test.n / CLASSES, D), *Two = gsl_matrix_alloc(2 * (test.n / CLASSES), D);
    for (size_t i = 0, a = 0, b = 0; i < test.n; i++) {   /* class 0 into One; classes 0 and 1 into Two */
        gsl_vector_const_view x = gsl_matrix_const_row(S, i);
        if (test.y[i] == 0)
            gsl_matrix_set_row(One, a++, &x.vector);
        if (test.y[i] != 2)
            gsl_matrix_set_row(Two, b++, &x.vector);
    }
    ae_classifier_judge(&one, net, One, 0, NULL, NULL);
    ae_classifier_judge(&two, net, Two, 0, NULL, NULL);
    ck_assert_double_le(one.entropy, 0.1);
    ck_assert_double_le(fabs(two.entropy - log(2.0)), 0.05);
    ck_assert_double_le(two.hist[2], 0.05);
    gsl_matrix_free(One);
    gsl_matrix_free(Two);
    gsl_matrix_free(S);
    ae_net_free(net);
    ae_dataset_free(&train);
    ae_dataset_free(&test);
}
END_TEST

/* Only the first `show` rows are written to shown_class and shown_p. */
START_TEST(t_only_the_rows_shown_are_written)
{
    ae_dataset train = bars(N, SEED);
    ae_cli c = cli();
    ae_net *net = ae_classifier_train(&c, &train, &train, &PLAN, NULL);
    gsl_matrix *S = rows_of(&train);
    size_t cls[6] = {99, 99, 99, 99, 99, 99};
    double p[6] = {-1, -1, -1, -1, -1, -1};
    ae_verdicts v;
    ae_classifier_judge(&v, net, S, 4, cls, p);
    for (size_t i = 0; i < 4; i++)
        ck_assert(cls[i] < CLASSES && p[i] > 0.0);
    ck_assert(cls[4] == 99 && cls[5] == 99 && p[4] == -1 && p[5] == -1);
    gsl_matrix_free(S);
    ae_net_free(net);
    ae_dataset_free(&train);
}
END_TEST

/* Its own random streams (c->seed + 1): the same seed gives the same weights, another seed others. */
START_TEST(t_the_seed_decides)
{
    ae_dataset train = bars(N, SEED);
    ae_cli c = cli();
    ae_net *a = ae_classifier_train(&c, &train, &train, &PLAN, NULL);
    ae_net *b = ae_classifier_train(&c, &train, &train, &PLAN, NULL);
    c.seed++;
    ae_net *d = ae_classifier_train(&c, &train, &train, &PLAN, NULL);
    ck_assert(gsl_matrix_equal(a->layer[0]->W, b->layer[0]->W));
    ck_assert(!gsl_matrix_equal(a->layer[0]->W, d->layer[0]->W));
    ae_net_free(a);
    ae_net_free(b);
    ae_net_free(d);
    ae_dataset_free(&train);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("classifier");
    TCase *tc = tcase_create("classifier");
    tcase_add_test(tc, t_it_learns_the_classes);
    tcase_add_test(tc, t_verdicts_agree_with_accuracy);
    tcase_add_test(tc, t_entropy_of_the_classes);
    tcase_add_test(tc, t_only_the_rows_shown_are_written);
    tcase_add_test(tc, t_the_seed_decides);
    suite_add_tcase(s, tc);
    return s;
}

AE_TEST_MAIN(make_suite)
