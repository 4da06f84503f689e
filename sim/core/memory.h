/* memory.h — large buffers on 2 MiB pages: a batch's exact pilot values and
 * a sensitivity analysis's quantities, each written whole once. */
#ifndef PLANSIM_MEMORY_H
#define PLANSIM_MEMORY_H

#include <stddef.h>

/* A buffer of `bytes`, aligned to 2 MiB and advised onto huge pages where
 * the kernel allows it (a five-hundredth of the page faults of 4 KiB pages;
 * without the advice, ordinary pages and the same results).  The caller
 * owns it and releases it with free(); NULL when out of memory. */
void *sim_alloc_huge(size_t bytes);

#endif
