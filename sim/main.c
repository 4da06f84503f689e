/* main.c — the plansim program. */
#include "cli.h"

int main(int argc, char **argv) {
  return plansim_main(argc, argv);
}
