/* Lesson 09 — what the code space of an autoencoder looks like.
 *
 * Two dense autoencoders 784-128-k-128-784 (ReLU hidden layers, linear code, sigmoid
 * output, BCE; lesson 02's deep models) with codes of k = 2 and k = 10, a VAE of the
 * k = 10 model's sizes (lib/vae, chapter 7; its code is the mean mu), and then
 * (BOOK.md chapter 9; Harvard CS109B, "Exploring autoencoders", "Blending"; UPenn
 * CIS 522, "VAE Vector Arithmetic"; figures.c, blend.c):
 *  - a histogram of every code dimension;
 *  - uniform noise of amplitude 10 and 100 added to the codes of test images before
 *    decoding (the AEs' and the VAE's): the decoder was only trained near the codes of real images;
 *  - the 2-D codes of the test set coloured by class, and the PCA of the 10-D codes;
 *  - blending: decode((1-t) z_a + t z_b) by the AE and by the VAE next to the pixel
 *    blend (1-t) x_a + t x_b, each judged by its distance to the nearest training image;
 *  - latent arithmetic on class means, decode(z - mu_A + mu_B), with the AE and the VAE,
 *    judged the same way, and how well the nearest class mean classifies in the code
 *    space and in pixel space;
 *  - gaps (CS109B, "Problems with Autoencoders: gaps"; gaps.c): random codes decoded by the
 *    plain AE and the VAE's prior samples, judged by a classifier of the real images.
 * The AEs are trained here, or read from lesson 02's files with --models DIR; the VAE is
 * always trained here.
 *
 * `make lesson09 ARGS=--help` gives the options, the run time and the files it writes.
 */
#include <stdio.h>

#include "autoenc.h"
#include "batch.h"
#include "cli.h"
#include "data.h"
#include "err.h"
#include "exercises.h"
#include "clusters.h"
#include "figures.h"
#include "gaps.h"
#include "loss.h"
#include "optim.h"
#include "progress.h"
#include "rng.h"
#include "vae.h"

enum { HIDDEN = 128, QUICK_TRAIN = 5000, QUICK_TEST = 2000, VAE_ROWS = 500 };
enum { ROW_BYTES = 72000 };   /* memory per row of --batch (measured 69 KB): two AEs, the VAE and their buffers */

/* ---- the models: trained here, or read from lesson 02 ---- */

/* The dense AE D-HIDDEN-k-HIDDEN-D: ReLU hidden layers, a linear code. */
static ae_autoenc *model_alloc(size_t D, size_t k, size_t batch)
{
    size_t sizes[3] = {D, HIDDEN, k};
    return ae_autoenc_alloc(2, sizes, AE_RELU, AE_IDENTITY, batch);
}

/* BOOK: fit */
/* Train m with BCE and Adam: the loop of lesson 02, with the library's loss and backward. */
static void fit(ae_autoenc *m, const ae_cli *c, const ae_dataset *ds, gsl_rng *init)
{
    ae_optim *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_batcher *batches = ae_batcher_alloc(ds->n, c->batch);
    gsl_rng *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    gsl_matrix *X = gsl_matrix_alloc(c->batch, ds->dim), *dA = gsl_matrix_alloc(c->batch, ds->dim);
    ae_autoenc_init(m, init, 1.0);
    ae_autoenc_add_params(m, opt);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        const size_t *idx;
        double sum = 0.0;
        ae_batcher_epoch(batches, shuffle);
        for (size_t rows, k = 1; (rows = ae_batcher_next(batches, &idx)) > 0; k++) {
            gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
            gsl_matrix_view da = gsl_matrix_submatrix(dA, 0, 0, rows, ds->dim);
            ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
            ae_optim_zero_grad(opt);
            double loss = ae_loss_bce_logits(&da.matrix, ae_autoenc_forward(m, &x.matrix), &x.matrix);
            ae_autoenc_backward(m, &da.matrix);
            ae_optim_step(opt);
            ae_check_loss(c, &watch, loss, epoch, k);
            sum += loss * (double)rows;
        }
        ae_progress(c, "k=%zu epoch %d/%d: train BCE %.4f per pixel", m->k, epoch, c->epochs,
                    sum / (double)(ds->n * ds->dim));
    }
    gsl_matrix_free(X);
    gsl_matrix_free(dA);
    gsl_rng_free(shuffle);
    ae_batcher_free(batches);
    ae_optim_free(opt);
}
/* END BOOK */

/* BOOK: fit_vae */
/* The VAE of chapter 7 with this lesson's sizes, D-HIDDEN-(k, k)/k-HIDDEN-D: the same loop, plus
 * eps ~ N(0, I) per batch and the KL term (7.3) in the loss. */
static ae_vae *fit_vae(const ae_cli *c, const ae_dataset *ds, size_t k)
{
    ae_vae *v = ae_vae_alloc(ds->dim, HIDDEN, k, c->batch > VAE_ROWS ? c->batch : VAE_ROWS);
    ae_optim *opt = ae_optim_alloc(AE_ADAM, c->lr);
    ae_batcher *batches = ae_batcher_alloc(ds->n, c->batch);
    gsl_rng *init = ae_rng_alloc(c->seed + k, AE_RNG_INIT), *shuffle = ae_rng_alloc(c->seed, AE_RNG_SHUFFLE);
    gsl_rng *noise = ae_rng_alloc(c->seed, AE_RNG_NOISE);
    gsl_matrix *X = gsl_matrix_alloc(c->batch, ds->dim);
    ae_vae_init(v, init);
    ae_vae_add_params(v, opt);
    ae_loss_watch watch = {0};
    for (int epoch = 1; epoch <= c->epochs; epoch++) {
        const size_t *idx;
        double rec = 0.0, kl = 0.0;
        ae_batcher_epoch(batches, shuffle);
        for (size_t rows, b = 1; (rows = ae_batcher_next(batches, &idx)) > 0; b++) {
            gsl_matrix_view x = gsl_matrix_submatrix(X, 0, 0, rows, ds->dim);
            ae_batch_fill(&x.matrix, NULL, ds, idx, rows);
            ae_vae_draw_eps(v, rows, noise);                                      /* eps ~ N(0, I) */
            ae_optim_zero_grad(opt);
            ae_check_loss(c, &watch, ae_vae_loss_grad(v, &x.matrix), epoch, b);  /* -ELBO (7.3) */
            ae_vae_backward(v);
            ae_optim_step(opt);
            rec += v->rec * (double)rows;
            kl += v->kl * (double)rows;
        }
        ae_progress(c, "VAE k=%zu epoch %d/%d: train -ELBO %.2f (rec %.2f + KL %.2f) nats", k, epoch, c->epochs,
                    (rec + kl) / (double)ds->n, rec / (double)ds->n, kl / (double)ds->n);
    }
    gsl_matrix_free(X);
    gsl_rng_free(init);
    gsl_rng_free(shuffle);
    gsl_rng_free(noise);
    ae_batcher_free(batches);
    ae_optim_free(opt);
    return v;
}
/* END BOOK */

int main(int argc, char **argv)
{
    const char *models = NULL;
    ae_cli_extra extra[] = {
        {.name = "models", .kind = AE_X_STRING, .value = &models,
         .help = "read lesson 02's deep2_DATA and deep10_DATA from this directory instead of training"},
        {.name = NULL},
    };
    ae_cli c = {
        .prog = "lesson09",
        .title = "latent: what the code space of an autoencoder looks like",
        .about = "Trains the dense autoencoders 784-128-k-128-784 for k = 2 and 10 on every training\n"
                 "image of --data (or reads lesson 02's: --models out/02-deep, after `make lesson02`),\n"
                 "and a VAE 784-128-(10, 10)/10-128-784 (chapter 7's, these sizes), then: histograms of\n"
                 "the code, noise added to the code, maps of the code by class, pixel vs latent blends\n"
                 "judged by the distance to the nearest training image, latent arithmetic on class\n"
                 "means with the plain AE and with the VAE, random codes of both judged by a classifier.\n"
                 "Default run: about 33 s with its figures.\n"
                 "--quick also keeps 5,000 training and 2,000 test images.\n"
                 "Writes: hist2.dat, hist10.dat, noise.dat, noise_recon.dat, map2.dat, pca10.dat, classes.dat, "
                 "blend.dat, blend_nearest.dat, arithmetic.dat, arithmetic_scores.dat, means.dat, classify.dat,\n"
                 "gaps.dat, gap_scores.dat, pca_pixels.dat, kmeans.dat.\n"
                 "BOOK.md chapter 9.",
        .uses = AE_FLAG_EPOCHS | AE_FLAG_BATCH | AE_FLAG_LR | AE_FLAG_SEED | AE_FLAG_DATA | AE_FLAG_DATA_DIR |
                AE_FLAG_OUT | AE_FLAG_QUICK,
        .data_choices = "fashion,mnist",
        .epochs = 5, .batch = 256, .lr = 1e-3, .seed = 42, .data = "fashion",
        .data_dir = AE_DATA_DIR, .out = "out/09-latent", .extra = extra, .quick_epochs = 2,
    };
    ae_cli_parse(&c, argc, argv);

    ae_dataset train_set, test;
    ae_check(c.prog, ae_dataset_load(&train_set, c.data, "train", c.data_dir));
    ae_check(c.prog, ae_dataset_load(&test, c.data, "test", c.data_dir));
    if (c.quick)
        ae_dataset_truncate(&test, QUICK_TEST);
    if (c.quick && train_set.n > QUICK_TRAIN)   /* with --models too: the VAE and the nearest-image searches */
        ae_dataset_truncate(&train_set, QUICK_TRAIN);
    ae_check_batch(&c, train_set.n, "training images", ROW_BYTES);
    ae_autoenc *m[NMODELS];
    for (size_t s = 0; s < NMODELS; s++) {
        m[s] = model_alloc(train_set.dim, CODE[s], c.batch);
        char name[64];
        snprintf(name, sizeof name, "deep%zu_%s", CODE[s], c.data);
        if (models && ae_autoenc_load_into(m[s], models, name))
            ae_die(c.prog, "%s; run `make lesson02` first, or leave out --models to train here", ae_errmsg());
    }
    if (!models) {
        gsl_rng *init = ae_rng_alloc(c.seed, AE_RNG_INIT);
        for (size_t s = 0; s < NMODELS; s++)
            fit(m[s], &c, &train_set, init);
        gsl_rng_free(init);
    }
    ae_vae *vae = fit_vae(&c, &train_set, CODE[1]);   /* beside the k = 10 AE: the same sizes, plus the KL */
    double bce[NMODELS], mse[NMODELS];
    gsl_matrix *Z[NMODELS], *Ztrain[NMODELS];
    for (size_t s = 0; s < NMODELS; s++) {
        ae_autoenc_evaluate(m[s], &test, &bce[s], &mse[s]);
        Z[s] = gsl_matrix_alloc(test.n, CODE[s]);
        Ztrain[s] = gsl_matrix_alloc(train_set.n, CODE[s]);
        ae_autoenc_encode_set(m[s], Z[s], &test);
        ae_autoenc_encode_set(m[s], Ztrain[s], &train_set);
        char what[128];
        ae_progress(&c, "%s: test BCE %.4f, MSE %.5f per pixel", ae_autoenc_describe(m[s], what, sizeof what),
                    bce[s], mse[s]);
    }

    ae_check(c.prog, write_hist(&c, Z[0]));
    ae_check(c.prog, write_hist(&c, Z[1]));
    gsl_rng *noise = ae_rng_alloc(c.seed, AE_RNG_NOISE);
    coder pair[2] = {{.ae = m[1]}, {.vae = vae}};   /* the plain AE against the VAE (its code: mu), k = 10 both */
    gsl_matrix *Zp[2] = {Z[1], gsl_matrix_alloc(test.n, CODE[1])};
    coder_encode_set(&pair[1], Zp[1], &test);
    ae_check(c.prog, write_noise(&c, m, Z, &pair[1], Zp[1], &test, noise));
    ae_check(c.prog, write_noise_recon(&c, m, Z, &test, noise));
    gsl_rng_free(noise);

    /* class means of the training codes and pixels (exercise 9.1), the nearest mean (exercise 9.2); the maps */
    gsl_matrix *Mz[NMODELS], *Mx = gsl_matrix_alloc(CLASSES, test.dim), *P = gsl_matrix_alloc(test.n, 2);
    gsl_matrix *Mp = gsl_matrix_alloc(CLASSES, 2);
    size_t counts[CLASSES];
    double acc[1 + NMODELS];
    pixel_means(Mx, &train_set);
    acc[0] = pixel_accuracy(&test, Mx);
    for (size_t s = 0; s < NMODELS; s++) {
        Mz[s] = gsl_matrix_alloc(CLASSES, CODE[s]);
        ex09_class_means(Mz[s], counts, Ztrain[s], train_set.y);
        acc[1 + s] = nearest_mean_accuracy(Z[s], Mz[s], test.y);
    }
    pca_2d(P, Z[1]);
    ex09_class_means(Mp, counts, P, test.y);
    ae_check(c.prog, write_map2(&c, Z[0], test.y));
    ae_check(c.prog, write_pca10(&c, P, test.y));
    gsl_matrix *Px = gsl_matrix_alloc(test.n, 2), *Mpx = gsl_matrix_alloc(CLASSES, 2);   /* the pixels' PCA map */
    pixel_pca_2d(Px, &train_set, &test);
    ex09_class_means(Mpx, counts, Px, test.y);
    ae_check(c.prog, write_pca_pixels(&c, Px, test.y));
    ae_check(c.prog, write_classes(&c, &test, (const gsl_matrix *const[MAPS]){Mz[0], Mp, Mpx},
                                   (const gsl_matrix *const[MAPS]){Z[0], P, Px}));

    /* the plain AE against the VAE: blends, arithmetic, random codes */
    gsl_matrix *Mzp[2] = {Mz[1], gsl_matrix_alloc(CLASSES, CODE[1])}, *Zvae_train = gsl_matrix_alloc(train_set.n, CODE[1]);
    coder_encode_set(&pair[1], Zvae_train, &train_set);
    ex09_class_means(Mzp[1], counts, Zvae_train, train_set.y);
    km_score km[KM_SPACES];   /* K-means in pixels, the PCA map, the codes */
    ae_check(c.prog, write_kmeans(&c, &test, (const gsl_matrix *const[KM_SPACES - 1]){Px, Z[0], Z[1], Zp[1]}, km));
    blends b;
    gsl_rng *draw = ae_rng_alloc(c.seed, AE_RNG_DATA);
    blends_compute(&b, pair, &test, &train_set, draw);
    gsl_rng_free(draw);
    ae_check(c.prog, write_blend(&c, &b, &test));
    ae_check(c.prog, write_blend_nearest(&c, &b));
    const double *mid = b.dist + (b.steps / 2) * BLEND_COLS;   /* t = 1/2: t, 3 distances, 3 excesses */
    double excess[BLEND_KINDS] = {mid[1 + BLEND_KINDS], mid[2 + BLEND_KINDS], mid[3 + BLEND_KINDS]};
    blends_free(&b);
    arith_score score[2];
    ae_check(c.prog, write_arithmetic(&c, pair, &test, Zp, Mzp, &train_set, score));
    ae_check(c.prog, write_means(&c, pair, &test, Mx, Mzp));
    ae_check(c.prog, write_classify(&c, &test, acc));
    ae_net *cls = ae_classifier_train(&c, &train_set, &test, &classifier_plan, NULL);
    double cls_acc = ae_classifier_accuracy(cls, &test);
    ae_verdicts gap[GAP_SETS];
    ae_check(c.prog, write_gaps(&c, pair, Ztrain[1], &test, cls, gap));
    ae_net_free(cls);

    printf("lesson09 latent: data %s models %s mse_k2 %.5f mse_k10 %.5f nearest_mean pixels %.3f k2 %.3f k10 %.3f "
           "blend_excess pixel %.4f ae %.4f vae %.4f arithmetic_hit ae %.3f vae %.3f arithmetic_nearest ae %.4f "
           "vae %.4f classifier %.3f confident real %.3f ae_prior %.3f ae_fit %.3f vae_prior %.3f entropy ae_prior %.2f vae_prior %.2f kmeans_nmi pixels %.3f pca2 %.3f k2 %.3f "
           "k10 %.3f vae %.3f time %.1fs\n",
           c.data, models ? models : "trained", mse[0], mse[1], acc[0], acc[1], acc[2], excess[0], excess[1], excess[2],
           score[0].hit, score[1].hit, score[0].dist, score[1].dist, cls_acc, gap[GAP_REAL].confident,
           gap[GAP_AE_PRIOR].confident, gap[GAP_AE_FIT].confident, gap[GAP_VAE].confident,
           gap[GAP_AE_PRIOR].entropy, gap[GAP_VAE].entropy, km[KM_PIXELS].nmi, km[KM_PCA2].nmi, km[KM_AE2].nmi,
           km[KM_AE10].nmi, km[KM_VAE].nmi, ae_seconds() - c.t0);

    ae_vae_free(vae);
    gsl_matrix_free(Zp[1]);
    gsl_matrix_free(Mzp[1]);
    gsl_matrix_free(Zvae_train);
    for (size_t s = 0; s < NMODELS; s++) {
        ae_autoenc_free(m[s]);
        gsl_matrix_free(Z[s]);
        gsl_matrix_free(Ztrain[s]);
        gsl_matrix_free(Mz[s]);
    }
    gsl_matrix_free(Mx);
    gsl_matrix_free(Mp);
    gsl_matrix_free(Px);
    gsl_matrix_free(Mpx);
    gsl_matrix_free(P);
    ae_dataset_free(&train_set);
    ae_dataset_free(&test);
    return 0;
}
