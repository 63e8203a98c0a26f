/* Lesson 11, part 2b: the rotation pretext task. See pretext.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "err.h"
#include "progress.h"
#include "rng.h"

#include "exercises.h"
#include "fewlabels.h"
#include "pretext.h"

enum { VAL = 1000 };   /* unlabelled images (times TURNS) that decide when the pretext training stops */
/* Adam in minibatches of 128, the validation accuracy after every pass over the turned images */
static const schedule PRETEXT = {AE_ADAM, .lr = 2e-3, .batch = 128, .round_images = 0, .patience = 1, .max_rounds = 0};

/* ---- the gate: are exercise 11.4's maps quarter turns? ---- */

/* Whether pixels a and b of an n x n image share an edge. */
static int adjacent(size_t a, size_t b, size_t n)
{
    size_t di = a / n > b / n ? a / n - b / n : b / n - a / n, dj = a % n > b % n ? a % n - b % n : b % n - a % n;
    return di + dj == 1;
}

/* The first property of the maps to[0..3] (n x n) that fails, or NULL. Checked without
 * a rotation of its own: every map a permutation, to_0 the identity, to_k = to_1 after
 * to_(k-1) and to_1 after to_3 the identity, neighbours still neighbours under to_1 (a
 * turn of the grid, not a shuffle), and to_1 sending the top-right corner to the top-left. */
static const char *not_turns(size_t *const to[TURNS], size_t n, size_t *seen)
{
    const size_t N = n * n;
    for (unsigned k = 0; k < TURNS; k++) {
        memset(seen, 0, N * sizeof *seen);
        for (size_t p = 0; p < N; p++) {
            if (to[k][p] >= N || seen[to[k][p]]++)
                return "a map that is not a permutation of the pixels";
            if (k == 0 && to[0][p] != p)
                return "k = 0 moves a pixel";
            if (k > 1 && to[k][p] != to[1][to[k - 1][p]])
                return "k quarter turns are not k times one quarter turn";
            if (k == 3 && to[1][to[3][p]] != p)
                return "four quarter turns do not bring the image back";
        }
    }
    for (size_t p = 0; p < N; p++)   /* p and its right neighbour, p and the one below */
        if ((p % n + 1 < n && !adjacent(to[1][p], to[1][p + 1], n)) || (p + n < N && !adjacent(to[1][p], to[1][p + n], n)))
            return "k = 1 tears neighbouring pixels apart";
    if (to[1][n - 1] != 0)
        return "k = 1 does not send the top-right corner to the top-left (counter-clockwise)";
    return NULL;
}

int rotation_gate(const ae_cli *c, size_t n)
{
    size_t *to[TURNS], *seen = malloc(n * n * sizeof *seen);
    AE_ASSERT(seen);
    for (unsigned k = 0; k < TURNS; k++) {
        to[k] = malloc(n * n * sizeof **to);
        AE_ASSERT(to[k]);
        ex11_rotation_map(to[k], n, k);
    }
    const char *why = not_turns(to, n, seen);
    for (unsigned k = 0; k < TURNS; k++)
        free(to[k]);
    free(seen);
    ae_progress(c, "rotation maps for %zu x %zu images: %s", n, n, why ? why : "the four quarter turns");
    if (!why)
        return 0;
    fprintf(stderr, "%s: ex11_rotation_map: %s: finish exercise 11.4 in lessons/11-applications/exercises.c "
                    "(make grade)\n", c->prog, why);
    return 1;
}

/* ---- the turned images ---- */

/* BOOK: rotated_set */
ae_dataset rotated_set(const ae_dataset *src, size_t first, size_t n)
{
    AE_ASSERT(src->x && src->rows == src->cols && first + n <= src->n);
    const size_t D = src->dim;
    ae_dataset r = {.n = TURNS * n, .dim = D, .rows = src->rows, .cols = src->cols, .classes = TURNS,
                    .x = malloc(TURNS * n * D), .y = malloc(TURNS * n)};
    size_t *to = malloc(TURNS * D * sizeof *to);
    AE_ASSERT(r.x && r.y && to);
    snprintf(r.name, sizeof r.name, "turned");
    for (unsigned k = 0; k < TURNS; k++)
        ex11_rotation_map(to + k * D, src->rows, k);      /* exercise 11.4, (11.8) */
    for (size_t i = 0; i < n; i++)
        for (unsigned k = 0; k < TURNS; k++) {
            const uint8_t *x = src->x + (first + i) * D;
            uint8_t *turned = r.x + (TURNS * i + k) * D;
            for (size_t p = 0; p < D; p++)
                turned[to[k * D + p]] = x[p];               /* pixel p lands at to_k(p) */
            r.y[TURNS * i + k] = (uint8_t)k;                /* the label: made from the image alone */
        }
    free(to);
    return r;
}
/* END BOOK */

/* ---- the pretext network ---- */

pretext_result pretext_train(ae_net *enc, const ae_cli *c, const ae_dataset *train, size_t images, size_t rounds,
                             const ae_dataset *test, size_t test_n, gsl_rng *init)
{
    images = GSL_MIN(images, train->n - VAL);
    ae_dataset tr = rotated_set(train, 0, images), val = rotated_set(train, images, VAL),
               te = rotated_set(test, 0, test_n);
    subset lab = subset_all(&tr), check = subset_all(&val);
    classifier m = classifier_alloc(enc, train->dim, TURNS, 0);   /* p = softmax(W enc(x) + b), 4 classes */
    ae_net_init(enc, init, 1.0);
    ae_dense_init(m.head, init, 1.0);
    schedule s = PRETEXT;
    s.round_images = tr.n;
    s.max_rounds = rounds;
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    pretext_result r = {.images = images};
    r.rounds = (size_t)(train_classifier(&m, c, &lab, &check, &s, shuffle) + 0.5);   /* (11.4) with labels k */
    r.acc = classifier_accuracy(&m, &te, NULL, te.n);
    size_t *idx = malloc(te.n * sizeof *idx);
    AE_ASSERT(idx);
    for (size_t k = 0; k < test->classes; k++) {   /* by the class of the image turned */
        size_t count = 0;
        for (size_t i = 0; i < te.n; i++)
            if (test->y[i / TURNS] == k)
                idx[count++] = i;
        r.class_acc[k] = count ? classifier_accuracy(&m, &te, idx, count) : 0.0;
    }
    ae_progress(c, "rotation pretext task: %zu unlabelled images x %d turns, best after %zu passes: "
                "held-out accuracy %.1f%% (chance 25%%)", images, TURNS, r.rounds, 100 * r.acc);
    free(idx);
    gsl_rng_free(shuffle);
    classifier_free(&m);
    subset_free(&lab);
    subset_free(&check);
    ae_dataset_free(&tr);
    ae_dataset_free(&val);
    ae_dataset_free(&te);
    return r;
}

void pretext_run(void *job)
{
    pretext_job *j = job;
    j->result = pretext_train(j->enc, j->c, j->train, j->images, j->rounds, j->test, j->test_n, j->init);
    code_moments(j->mu, j->inv_sd, j->enc, j->all);   /* (11.7) for its code */
}
