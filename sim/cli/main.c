/* main.c — the plansim program.  GSL's default error handler aborts; it is
 * turned off once here and every GSL status is checked where it is called. */
#include <gsl/gsl_errno.h>

#include "cli/command.h"

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  return plansim_main(argc, argv);
}
