#ifndef CLAIMTRACKER_CBLAS_SHIM_H
#define CLAIMTRACKER_CBLAS_SHIM_H
// OpenBLAS's CBLAS (Debian: libopenblas-dev). Its cblas.h also declares
// openblas_set_num_threads, which the sentence encoder uses to keep one BLAS
// thread per worker.
#include <cblas.h>
#endif
