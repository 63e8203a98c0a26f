/* Lesson 00's figures: one writer per .dat file that plots/00-backprop.gp reads. */
#ifndef L00_FIGURES_H
#define L00_FIGURES_H

#include "cli.h"
#include "data.h"
#include "features.h"
#include "model.h"

/* loss.dat: epoch, loss and accuracy of GD and SGD (gd, sgd: c->epochs scores each). */
int write_loss(const ae_cli *c, const score *gd, const score *sgd);

/* points.dat: the spirals, x y class, and their features r theta_over_pi psi_over_pi. */
int write_points(const ae_cli *c, const ae_dataset *ds);

/* regions_gd.dat, regions_sgd.dat (name): the class m predicts on a grid over the square. */
int write_regions(const ae_cli *c, const char *name, const net *m, buffers *v);

/* regions_linear_*.dat (name): the class the linear softmax L on features f predicts on a grid
 * over the x-plane's square, or with polar_plane over the feature plane (r, angle/pi). */
int write_linear_regions(const ae_cli *c, const char *name, const ae_dense *L, feature_map f,
                         int polar_plane);

/* linear.dat: phi (0 xy, 1 polar, 2 unwound) and the training accuracy of its linear softmax. */
int write_linear_acc(const ae_cli *c, const double acc[3]);

#endif
