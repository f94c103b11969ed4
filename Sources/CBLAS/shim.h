// CBLAS: the C interface of OpenBLAS, as used by the NeuralNetworks target.
// Exposes cblas_sgemm (row-major single-precision matrix product) and
// openblas_set_num_threads / openblas_get_num_threads (BLAS worker threads).
#ifndef ODESSA_CBLAS_SHIM_H
#define ODESSA_CBLAS_SHIM_H
#include <cblas.h>
#endif
