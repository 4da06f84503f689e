/* main.c — the plansim program.  GSL's default error handler aborts; it is
 * turned off once here and every GSL status is checked where it is called.
 * Under mpirun it joins the MPI job (run/ranks.h): batch and sweep split
 * their runs over the ranks; any other command runs on rank 0 alone. */
#include <gsl/gsl_errno.h>

#include <stdio.h>
#include <string.h>

#include "cli/command.h"
#include "run/ranks.h"

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  if (!sim_ranks_start(&argc, &argv)) { /* under mpirun only */
    fprintf(stderr, "plansim: MPI could not start\n");
    return 2;
  }
  bool shared = argc > 1 && (strcmp(argv[1], "batch") == 0 || strcmp(argv[1], "sweep") == 0);
  int status = shared || sim_ranks_rank() == 0 ? plansim_main(argc, argv) : 0;
  sim_ranks_stop();
  return status;
}
