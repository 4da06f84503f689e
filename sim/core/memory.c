/* memory.c — large buffers on 2 MiB pages (memory.h). */
#include "core/memory.h"

#include <stdlib.h>
#include <sys/mman.h>

void *sim_alloc_huge(size_t bytes) {
  size_t huge = (size_t)2 << 20, rounded = (bytes + huge - 1) / huge * huge;
  void *p = NULL;
  if (posix_memalign(&p, huge, rounded ? rounded : huge) != 0) {
    return NULL;
  }
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE); /* advice: without it, ordinary pages */
#endif
  return p;
}
