/* main.c — the plansim program.  GSL's default error handler aborts; it is
 * turned off once here and every GSL status is checked where it is called. */
#include <gsl/gsl_errno.h>

#include <stdio.h>

#include "cli/command.h"
#include "run/ranks.h"

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  if (!sim_ranks_start(&argc, &argv)) { /* under mpirun only */
    fprintf(stderr, "plansim: MPI could not start\n");
    return 2;
  }
  int status = plansim_main(argc, argv);
  sim_ranks_stop();
  return status;
}
