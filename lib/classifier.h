/* classifier — a one-hidden-layer softmax classifier of the real images, the judge of
 * generated ones (lessons 08, 09; BOOK.md 8.4, 9.7).
 *
 * D-H-C with a ReLU hidden layer and softmax cross-entropy (lesson 00's code path), trained
 * with Adam. A generated image it calls one class with probability >= AE_CONFIDENT looks to
 * it like a real one; the entropy of the classes it gives a set says whether the set covers
 * all the classes (log C nats when evenly) or a few.
 */
#ifndef AE_CLASSIFIER_H
#define AE_CLASSIFIER_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "cli.h"
#include "data.h"
#include "net.h"

#define AE_CONFIDENT 0.9            /* a "confident" verdict: largest class probability >= 0.9 */
enum { AE_CLASSIFIER_MAX_CLASSES = 10 };

typedef struct {
    size_t hidden;   /* units of the ReLU layer */
    size_t classes;  /* C, at most AE_CLASSIFIER_MAX_CLASSES */
    size_t batch;    /* rows a step */
    int epochs;
    double lr;       /* Adam's step */
} ae_classifier_plan;

/* The classifier trained on train (its weights and batch order from c->seed + 1's streams,
 * apart from the lesson's). curve, unless NULL: 3 numbers an epoch (the epoch, the mean
 * training cross-entropy, the accuracy on test). A progress line with the test accuracy;
 * a diverged loss stops the program (ae_check_loss). */
ae_net *ae_classifier_train(const ae_cli *c, const ae_dataset *train, const ae_dataset *test,
                            const ae_classifier_plan *p, double *curve);

/* The share of the examples of ds the classifier gets right. */
double ae_classifier_accuracy(ae_net *net, const ae_dataset *ds);

typedef struct {
    double confident;   /* share of rows with largest class probability >= AE_CONFIDENT */
    double maxp;        /* mean largest class probability */
    double entropy;     /* of the class histogram, nats */
    double hist[AE_CLASSIFIER_MAX_CLASSES];   /* share of rows in each class */
} ae_verdicts;

/* The classifier's verdicts on the rows of S (n x D). The class and its probability of the
 * first `show` rows go to shown_class and shown_p unless show is 0. */
void ae_classifier_judge(ae_verdicts *v, ae_net *net, const gsl_matrix *S, size_t show, size_t *shown_class,
                         double *shown_p);

#endif
