/* Lesson 11, part 2 (BOOK.md sections 11.3-11.4): pretraining, then few labels. A softmax head
 * on the encoder of an AE trained without labels learns from n labelled images, with
 * the encoder frozen or fine-tuned, against the same network from a random start. */
#ifndef L11_FEWLABELS_H
#define L11_FEWLABELS_H

#include <gsl/gsl_rng.h>

#include "cli.h"
#include "data.h"
#include "net.h"

#include "model.h"

enum { MAX_DRAWS = 16 };
enum { FROZEN, FINETUNED, RANDOM };   /* the three classifiers */

/* Test accuracies with n labels: acc[variant][draw]. */
typedef struct {
    size_t n, draws;
    double acc[3][MAX_DRAWS];
} fewlabels_row;

/* `steps` Adam steps on the labelled images (minibatches of up to 50, reshuffled each pass). */
void train_classifier(classifier *m, const ae_cli *c, const subset *labelled, size_t steps, gsl_rng *shuffle);

/* For each res[i] (its n and draws set): draws times, n labelled training images (the
 * same number of each class), the FINETUNED encoder a copy of the pretrained one, the
 * RANDOM one and every head drawn from init; trains each of clf[FROZEN] (on pretrained),
 * clf[FINETUNED] and clf[RANDOM] for steps and fills in its test accuracy. */
void few_labels(fewlabels_row *res, size_t nn, classifier clf[3], const ae_net *pretrained, size_t steps,
                const ae_cli *c, const ae_dataset *train_set, const ae_dataset *test, gsl_rng *init);

#endif
