/* Lesson 02 — deep autoencoders: shallow vs deep, and a deep autoencoder against PCA.
 * Three experiments (BOOK.md chapter 2), one part_* function each:
 *  1. The Keras-style AE 784-128-32-128-784 (ReLU, sigmoid output, BCE, Adam 1e-3; Yale S&DS
 *     265, "Implementation using Keras"; batch 256 as in the Keras blog, where the slide's fit()
 *     means Keras's 32) on Fashion-MNIST and MNIST: learning curves.
 *  2. Shallow (784-k-784) against deep (784-128-k-128-784) at the same code size k = 2, 10, 20,
 *     32, and PCA-k: test error against k (Harvard CS109B, "Deeper").
 *  3. Hinton & Salakhutdinov (2006): 784-1000-500-250-30, sigmoid hidden layers, linear code,
 *     mirrored, against PCA-30: from random weights by SGD, by Adam, by Adam from 4x larger
 *     weights, and after greedy layer-wise pretraining.
 * The deep models of k = 2 and 10 are saved for lesson 09. Every training runs a loop of
 * model.c (zero grad -> forward -> BCE -> backward -> Adam), as does lib/pretrain.c's pretraining;
 * model.c also has the gradient check. `make lesson02 ARGS=--help`: options, run time, files written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoenc.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "figures.h"
#include "gradcheck.h"
#include "model.h"
#include "pca.h"
#include "pretrain.h"
#include "progress.h"
#include "rng.h"

static const size_t CODES[] = {2, 10, 20, 32};
static const size_t KERAS[] = {784, 128, 32}, HINTON[] = {784, 1000, 500, 250, 30};
enum { NCODES = sizeof CODES / sizeof *CODES, HINTON_K = 30, SUMMARY = 512 };
#define FULL_STEPS 15008  /* --full: steps of each training in part 3 (16 passes over 60,000 in 64s) */
#define QUICK_TRAIN 2000  /* --quick: training images of part 1 ... */
#define QUICK_TEST 1000   /* ... and test images */
#define QUICK_BATCH 64    /* --quick: more steps in the same time */
#define MNIST_BATCH 32    /* part 1 on the 7,996 digits: 250 steps an epoch, not 32 */
#define SWEEP_BATCH 64    /* part 2: small batches and a larger step, so that even ...       */
#define SWEEP_LR 3e-3     /* ... the shallow models converge in 5 epochs of 10,000 images */
#define HINTON_BATCH 16   /* part 3: many small steps (a step of 16 costs half one of 64) ... */
#define FULL_BATCH 64     /* ... but --full's long trainings go further with larger batches */
#define PRETRAIN_LR 3e-3  /* part 3: Adam's step for pretraining (each shallow problem is easy) */
#define ROW_BYTES 85000   /* memory per row of --batch (measured 81 KB): part 1's two AEs and their buffers */

/* BOOK: variants */
/* Four ways to train the 784-1000-500-250-30 autoencoder of part 3. */
typedef struct {
    const char *name;
    ae_optim_kind kind;
    double lr;          /* 0: --lr */
    double gain;        /* initial weights N(0, gain^2 / fan_in) */
    int pretrain;       /* greedy layer-wise pretraining first */
    int brief;          /* trained for --brief-steps only (the default run's budget) */
} variant;
static const variant VARIANTS[] = {
    {"sgd", AE_SGD, 0.1, 1.0, 0, 1},        /* plain SGD from random weights: stuck */
    {"adam", AE_ADAM, 0, 1.0, 0, 1},        /* Adam: per-weight steps */
    {"scaled", AE_ADAM, 0, 4.0, 0, 1},      /* Adam, initial weights 4x larger (Glorot's sigmoid scale) */
    {"pretrain", AE_ADAM, 0, 1.0, 1, 0},    /* layer-wise pretraining, then Adam (Hinton & Salakhutdinov) */
};
/* END BOOK */
enum { NVARIANTS = sizeof VARIANTS / sizeof *VARIANTS };

/* ---- the three parts; each ends by adding its numbers to the summary line (SUMMARY chars) ---- */

/* Part 1: the Keras-style AE on Fashion-MNIST and MNIST (tr, te: the two sets each). */
static void part_keras(const ae_cli *c, const ae_dataset *tr, const ae_dataset *te, char *line)
{
    double test_bce[2];
    run r[2];
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    for (size_t s = 0; s < 2; s++) {
        size_t batch = s == 1 && !ae_cli_given(c, AE_FLAG_BATCH) && c->batch > MNIST_BATCH ? MNIST_BATCH : c->batch;
        r[s] = run_alloc(2, KERAS, AE_RELU, AE_RELU, AE_ADAM, c->lr, 1.0, batch, c->epochs, init);
        char name[64];
        snprintf(name, sizeof name, "keras %.16s", tr[s].name);
        train(&r[s], c, &tr[s], &te[s], name, 1);
        test_bce[s] = r[s].test_bce[c->epochs - 1];
    }
    ae_check(c->prog, write_keras(c, &r[0], &r[1]));
    ae_check(c->prog, write_keras_recon(c, &r[0], &r[1], &te[0], &te[1]));
    for (size_t s = 0; s < 2; s++)
        run_free(&r[s]);
    gsl_rng_free(init);
    size_t len = strlen(line);
    snprintf(line + len, SUMMARY - len, " keras fashion_bce %.4f mnist_bce %.4f epochs %d;", test_bce[0],
             test_bce[1], c->epochs);
}

/* Part 2: shallow vs deep at k = 2 10 20 32, and PCA-k; saves the deep k = 2 and 10 models. */
static void part_sweep(const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test,
                       const ae_pca *p, char *line)
{
    sweep_result res[NCODES];
    run shallow[NCODES], deep[NCODES];
    training t[2 * NCODES];
    char names[2 * NCODES][32];
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    for (size_t i = 0; i < NCODES; i++) {   /* every initial weight first, in a fixed order */
        size_t k = CODES[i], s1[2] = {train_set->dim, k}, s2[3] = {train_set->dim, 128, k};
        shallow[i] = run_alloc(1, s1, AE_RELU, AE_IDENTITY, AE_ADAM, SWEEP_LR, 1.0, SWEEP_BATCH, c->epochs, init);
        ae_autoenc_start_at(shallow[i].m, p->mean);   /* both start from the mean image */
        deep[i] = run_alloc(2, s2, AE_RELU, AE_IDENTITY, AE_ADAM, SWEEP_LR, 1.0, SWEEP_BATCH, c->epochs, init);
        ae_autoenc_start_at(deep[i].m, p->mean);
        snprintf(names[2 * i], sizeof names[0], "shallow k=%zu", k);
        snprintf(names[2 * i + 1], sizeof names[0], "deep k=%zu", k);
        t[2 * i] = (training){&shallow[i], 0, names[2 * i], i % 2};   /* each thread: two of each */
        t[2 * i + 1] = (training){&deep[i], 0, names[2 * i + 1], 1 - i % 2};
    }
    train_sides(t, 2 * NCODES, c, train_set, test);   /* test error after the last epoch */
    for (size_t i = 0; i < NCODES; i++) {
        int last = c->epochs - 1;
        res[i] = (sweep_result){CODES[i], ae_pca_mse_dataset(p, CODES[i], test), shallow[i].test_mse[last],
                                deep[i].test_mse[last], shallow[i].test_bce[last], deep[i].test_bce[last]};
        if (CODES[i] == 2 || CODES[i] == 10) {
            snprintf(names[0], sizeof names[0], "deep%zu_%s", CODES[i], c->data);
            ae_check(c->prog, ae_autoenc_save(deep[i].m, c->out, names[0]));
        }
    }
    ae_check(c->prog, write_sweep(c, res, NCODES));
    ae_check(c->prog, write_sweep_recon(c, res, shallow, deep, NCODES, p, test));
    for (size_t i = 0; i < NCODES; i++) {
        run_free(&shallow[i]);
        run_free(&deep[i]);
    }
    gsl_rng_free(init);
    const sweep_result *r32 = &res[NCODES - 1];
    size_t len = strlen(line);
    snprintf(line + len, SUMMARY - len, " data %s sweep_n %zu k32 pca %.5f shallow %.5f deep %.5f;", c->data,
             train_set->n, r32->pca_mse, r32->shallow_mse, r32->deep_mse);
}

/* Part 3's budget: fine-tuning steps (brief_steps for the brief variants), batch, pretraining. */
typedef struct {
    size_t steps, brief_steps, batch, pretrain_epochs;
} budget;

/* Part 3: 784-1000-500-250-30 by SGD, by Adam, and pretrained + Adam; against PCA-30. */
static void part_hinton(const ae_cli *c, const ae_dataset *pre_set, const ae_dataset *train_set,
                        const ae_dataset *test, const ae_pca *p, const budget *h, char *line)
{
    double pca_mse = ae_pca_mse_dataset(p, HINTON_K, test), mse[NVARIANTS], bce, unrolled = 0.0;
    ae_progress(c, "hinton: PCA-30 test MSE %.5f per pixel", pca_mse);
    run v[NVARIANTS];
    training t[NVARIANTS];
    const char *names[NVARIANTS];
    char labels[NVARIANTS][32];
    size_t load[2] = {0, 0};
    gsl_rng *init = ae_rng_alloc(c->seed, AE_RNG_INIT);
    const size_t n = sizeof HINTON / sizeof *HINTON - 1, D = test->dim;   /* n layers each way */
    double *recon = malloc(NVARIANTS * SHOW * D * sizeof *recon);   /* each training's reconstructions */
    AE_ASSERT(recon);
    for (size_t i = NVARIANTS; i-- > 0;) {   /* every initial weight first, the last (the fixes) first */
        const variant *va = &VARIANTS[i];
        size_t steps = va->brief ? h->brief_steps : h->steps;
        v[i] = run_alloc(n, HINTON, AE_SIGMOID, AE_IDENTITY, va->kind, va->lr > 0 ? va->lr : c->lr, va->gain,
                         h->batch, checkpoints(steps), init);
        if (va->pretrain) {   /* (2.6) layer by layer (lib/pretrain.c), each on this chapter's train_step */
            ae_pretrain_plan plan = {(int)h->pretrain_epochs, h->batch, PRETRAIN_LR, train_step};
            ae_pretrain(v[i].m->enc, v[i].m->dec, c, pre_set, &plan, init, NULL);
            ae_autoenc_evaluate(v[i].m, test, &bce, &unrolled);
            ae_progress(c, "hinton pretrain: unrolled, before fine-tuning: test MSE %.5f per pixel", unrolled);
        }
        names[i] = va->name;
        snprintf(labels[i], sizeof labels[i], "hinton %s", va->name);
        size_t side = load[1] < load[0];   /* the thread with fewer steps so far */
        load[side] += steps;
        t[NVARIANTS - 1 - i] = (training){&v[i], steps, labels[i], side};
    }
    train_sides(t, NVARIANTS, c, train_set, test);   /* by default: the long training beside the brief */
    for (size_t i = 0; i < NVARIANTS; i++) {
        mse[i] = v[i].test_mse[v[i].epochs - 1];
        reconstruct_shown(recon + i * SHOW * D, v[i].m, test);
        run_drop_model(&v[i]);   /* 2.8 million weights, their gradients and Adam's moments */
    }
    ae_check(c->prog, write_hinton(c, v, names, NVARIANTS, pca_mse));
    ae_check(c->prog, write_hinton_recon(c, recon, NVARIANTS, p, HINTON_K, test));
    for (size_t i = 0; i < NVARIANTS; i++)
        run_free(&v[i]);
    free(recon);
    gsl_rng_free(init);
    size_t len = strlen(line);
    snprintf(line + len, SUMMARY - len, " hinton n %zu steps %zu brief %zu pca30 %.5f unrolled %.5f sgd %.5f "
             "adam %.5f scaled %.5f pretrain %.5f; deep/pca30 %.3f;", train_set->n, h->steps, h->brief_steps,
             pca_mse, unrolled, mse[0], mse[1], mse[2], mse[3], mse[3] / pca_mse);
}

int main(int argc, char **argv)
{
    size_t sweep_n = 10000, hinton_n = 60000, hinton_test = 2000, hinton_steps = 400, brief_steps = 100,
           pretrain_n = 10000, pretrain_epochs = 1;
    int full = 0;
    const char *part = "all";
    enum { X_SWEEP_N, X_HINTON_N, X_HINTON_TEST, X_HINTON_STEPS, X_BRIEF_STEPS, X_PRETRAIN_N,
           X_PRETRAIN_EPOCHS, X_FULL, X_PART, X_END };
    ae_cli_extra extra[] = {
        [X_SWEEP_N] = {.name = "sweep-n", .kind = AE_X_SIZE, .value = &sweep_n, .lo = 100, .hi = 60000,
                       .quick = 1000, .help = "training images of part 2 (shallow vs deep)"},
        [X_HINTON_N] = {.name = "hinton-n", .kind = AE_X_SIZE, .value = &hinton_n, .lo = 100, .hi = 60000,
                        .quick = 300, .help = "training images of part 3's fine-tuning (784-1000-500-250-30)"},
        [X_HINTON_TEST] = {.name = "hinton-test", .kind = AE_X_SIZE, .value = &hinton_test, .lo = 100,
                           .hi = 10000, .quick = 300, .help = "test images of part 3"},
        [X_HINTON_STEPS] = {.name = "hinton-steps", .kind = AE_X_SIZE, .value = &hinton_steps, .lo = 1,
                            .hi = 1000000, .quick = 30, .help = "steps of the pretrained network's fine-tuning"},
        [X_BRIEF_STEPS] = {.name = "brief-steps", .kind = AE_X_SIZE, .value = &brief_steps, .lo = 1,
                           .hi = 1000000, .quick = 30, .help = "steps of the three trainings from random weights"},
        [X_PRETRAIN_N] = {.name = "pretrain-n", .kind = AE_X_SIZE, .value = &pretrain_n, .lo = 100,
                          .hi = 60000, .quick = 300, .help = "training images of part 3's pretraining"},
        [X_PRETRAIN_EPOCHS] = {.name = "pretrain-epochs", .kind = AE_X_SIZE, .value = &pretrain_epochs,
                               .lo = 1, .hi = 1000, .quick = 1, .help = "epochs per layer of pretraining"},
        [X_FULL] = {.name = "full", .kind = AE_X_FLAG, .value = &full,
                    .help = "the full experiment: every image; 15008 steps of 64 for every training of part 3"},
        [X_PART] = {.name = "part", .kind = AE_X_CHOICE, .value = &part, .choices = "all,keras,sweep,hinton",
                    .help = "run only this part (its files only)"},
        [X_END] = {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson02",
        .title = "deep: shallow vs deep autoencoders, and a deep autoencoder against PCA",
        .about = "Part 1: the Keras-style AE 784-128-32-128-784 on Fashion-MNIST and on MNIST (--epochs,\n"
                 "--batch, --lr; every training image; batches of 32 on the 7,996 digits). Part 2: shallow\n"
                 "784-k-784 vs deep 784-128-k-128-784, k = 2 10 20 32, against PCA-k on --sweep-n images of\n"
                 "--data (--epochs; Adam 3e-3, batch 64). Part 3: Hinton & Salakhutdinov's 784-1000-500-250-30\n"
                 "AE against PCA-30: pretrained layer by layer on --pretrain-n images, then --hinton-steps steps\n"
                 "of 16 (Adam) on --hinton-n; SGD, Adam, and Adam from 4x larger weights for --brief-steps.\n"
                 "--full: every image; 15008 steps of 64 (16 passes) for every training of part 3 (about 25\n"
                 "minutes on 2 cores). --quick: at most 2000 images, 1 epoch, 30 steps. BOOK.md chapter 2.\n"
                 "Default run: about 52 s with its figures.\n"
                 "Writes: keras.dat, keras_recon.dat, sweep.dat, sweep_recon.dat, hinton.dat, hinton_recon.dat,\n"
                 "hinton_residual.dat, deep2_fashion.enc, deep2_fashion.dec, deep10_fashion.enc, deep10_fashion.dec\n"
                 "(part 2's deep models for lesson 09, named after --data); with --part, that part's files only.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 5, .batch = 256, .lr = 1e-3, .seed = 42, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/02-deep", .extra = extra,
        .quick_epochs = 1, .quick_batch = QUICK_BATCH,
    };
    ae_cli_parse(&c, argc, argv);
    const size_t full_values[][2] = {{X_SWEEP_N, 60000}, {X_HINTON_N, 60000}, {X_HINTON_TEST, 10000},
                                     {X_PRETRAIN_N, 60000}, {X_HINTON_STEPS, FULL_STEPS}, {X_BRIEF_STEPS, FULL_STEPS}};
    for (size_t i = 0; full && !c.quick && i < 6; i++)   /* --full: what the command line did not give */
        if (!extra[full_values[i][0]].given)            /* (--quick wins) */
            *(size_t *)extra[full_values[i][0]].value = full_values[i][1];
    size_t keras_n = c.quick ? QUICK_TRAIN : 60000, test_n = c.quick ? QUICK_TEST : 10000;   /* parts 1, 2 */
    /* every dataset first: a bad file stops the run before anything is written */
    ae_dataset tr[2], te[2], keras_tr[2], keras_te[2];   /* fashion, mnist */
    const char *names[2] = {"fashion", "mnist"};
    for (size_t s = 0; s < 2; s++) {
        ae_check(c.prog, ae_dataset_load(&tr[s], names[s], "train", c.data_dir));
        ae_check(c.prog, ae_dataset_load(&te[s], names[s], "test", c.data_dir));
        keras_tr[s] = ae_dataset_view(&tr[s], 0, keras_n);
        keras_te[s] = ae_dataset_view(&te[s], 0, test_n);
    }
    const size_t d = strcmp(c.data, "mnist") == 0;
    ae_check_batch(&c, keras_tr[0].n < keras_tr[1].n ? keras_tr[0].n : keras_tr[1].n,
                   "training images of part 1 (on MNIST)", ROW_BYTES);

    if (ae_gradcheck_gate(&c, "a 12-8-4-8-12 autoencoder", gradient_check(c.seed), AE_GC_TOL_MODEL,
                          "exercises 2.1 and 2.2", "lessons/02-deep/exercises.c"))
        return 1;

    int all = strcmp(part, "all") == 0, keras = all || strcmp(part, "keras") == 0,
        sweep = all || strcmp(part, "sweep") == 0, hinton = all || strcmp(part, "hinton") == 0;
    char line[SUMMARY] = "lesson02 deep:";   /* the summary, printed once at the end */
    if (keras)
        part_keras(&c, keras_tr, keras_te, line);
    /* parts 2 and 3 (and their PCA, fitted on part 2's images) need the first images of one
     * set only: give the rest back (peak memory) */
    size_t needed = sweep_n > hinton_n ? sweep_n : hinton_n;
    needed = needed > pretrain_n ? needed : pretrain_n;
    ae_dataset_shrink(&tr[d], needed < tr[d].n ? needed : tr[d].n);
    ae_dataset_free(&tr[1 - d]);
    ae_dataset_free(&te[1 - d]);
    ae_dataset sweep_set = ae_dataset_view(&tr[d], 0, sweep_n);
    ae_dataset sweep_test = ae_dataset_view(&te[d], 0, test_n);
    ae_pca *p = NULL;   /* PCA of part 2's images, for parts 2 and 3 */
    if (sweep || hinton) {
        p = ae_pca_alloc(sweep_set.dim);
        ae_pca_add_dataset(p, &sweep_set);
        ae_check(c.prog, ae_pca_solve(p));
    }
    if (sweep)
        part_sweep(&c, &sweep_set, &sweep_test, p, line);
    if (hinton) {
        ae_dataset pre_set = ae_dataset_view(&tr[d], 0, pretrain_n), hinton_set = ae_dataset_view(&tr[d], 0, hinton_n);
        ae_dataset hinton_test_set = ae_dataset_view(&te[d], 0, hinton_test);
        budget h = {hinton_steps, brief_steps, full && !c.quick ? FULL_BATCH : HINTON_BATCH, pretrain_epochs};
        part_hinton(&c, &pre_set, &hinton_set, &hinton_test_set, p, &h, line);
    }
    printf("%s time %.1fs\n", line, ae_seconds() - c.t0);

    ae_pca_free(p);
    for (size_t s = 0; s < 2; s++) {
        ae_dataset_free(&tr[s]);
        ae_dataset_free(&te[s]);
    }
    return 0;
}
