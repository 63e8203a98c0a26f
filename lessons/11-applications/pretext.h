/* Lesson 11, part 2b (BOOK.md section 11.6): a self-supervised pretext task. The network
 * 784-128-k-4 learns to tell by how many quarter turns an unlabelled image was rotated
 * (the labels 0..3 are made from the images alone: exercise 11.4's index maps); its
 * encoder 784-128-k then goes through part 2's few-label protocol beside the AE's. */
#ifndef L11_PRETEXT_H
#define L11_PRETEXT_H

#include <gsl/gsl_rng.h>

#include "cli.h"
#include "data.h"
#include "net.h"

#include "model.h"

enum { TURNS = 4 };   /* 0, 90, 180, 270 degrees */

/* 0 when exercise 11.4's maps for n x n images are the four quarter turns; else says
 * which property fails, names the exercise, and returns 1. */
int rotation_gate(const ae_cli *c, size_t n);

/* The images src[first .. first + n - 1], each turned k = 0..3 quarter turns: image
 * TURNS i + k, label k (a dataset of its own, freed by ae_dataset_free). */
ae_dataset rotated_set(const ae_dataset *src, size_t first, size_t n);

/* Held-out accuracy of the pretext task: overall, and by the class of the image. */
typedef struct {
    double acc, class_acc[MAX_CLASSES];
    size_t images, rounds;   /* unlabelled training images (times TURNS), rounds trained */
} pretext_result;

/* Trains enc (from init) with a 4-way softmax head on the first `images` training images
 * in their four turns, `rounds` passes with early stopping on the next VAL images turned,
 * and scores it on the first test_n test images turned. */
pretext_result pretext_train(ae_net *enc, const ae_cli *c, const ae_dataset *train, size_t images, size_t rounds,
                             const ae_dataset *test, size_t test_n, gsl_rng *init);

/* pretext_train's arguments and result, and the moments (11.7) of the trained code over
 * the images `all`: for a fewlabels_job's `before` (pretext_run), on a thread of its own. */
typedef struct {
    ae_net *enc;
    const ae_cli *c;
    const ae_dataset *train, *test;
    size_t images, rounds, test_n;
    gsl_rng *init;
    const subset *all;
    gsl_vector *mu, *inv_sd;
    pretext_result result;
} pretext_job;

void pretext_run(void *job);

#endif
