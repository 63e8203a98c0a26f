/* Lesson 00's figures: one writer per .dat file that plots/00-backprop.gp reads. */
#ifndef L00_FIGURES_H
#define L00_FIGURES_H

#include "cli.h"
#include "data.h"
#include "model.h"

/* loss.dat: epoch, loss and accuracy of GD and SGD (gd, sgd: c->epochs scores each). */
int write_loss(const ae_cli *c, const score *gd, const score *sgd);

/* points.dat: the spirals, x y class. */
int write_points(const ae_cli *c, const ae_dataset *ds);

/* regions_gd.dat, regions_sgd.dat (name): the class m predicts on a grid over the square. */
int write_regions(const ae_cli *c, const char *name, const net *m, buffers *v);

#endif
