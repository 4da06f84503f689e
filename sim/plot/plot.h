/* plot.h — `plansim plot DIR` and `--plot`: figures of a run or compare
 * folder.  plansim writes each figure's data and a readable gnuplot script
 * into DIR/figures/ and runs gnuplot on them when it is installed. */
#ifndef PLANSIM_PLOT_H
#define PLANSIM_PLOT_H

#include <stdbool.h>

#include "sim.h"

/* Draws the figures of folder dir: a run folder (trajectories.csv) or a
 * compare folder (compare.csv).  Writes DIR/figures/NAME.dat and NAME.gp
 * for every figure, then NAME.png and NAME.svg when gnuplot is on PATH
 * (when it is not, says on stderr how to install it and still returns
 * SIM_OK).  quiet: no list of figures on stdout.  Returns SIM_ERR_USAGE
 * when dir is neither kind of folder, SIM_ERR_IO when a file cannot be
 * read or written or gnuplot fails; the reason is printed on stderr. */
sim_status sim_plot(const char *dir, bool quiet);

#endif
