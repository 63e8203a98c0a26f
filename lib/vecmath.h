/* vecmath — lets gcc vectorise the elementwise loops that call exp, log1p and tanh.
 *
 * glibc's libmvec has vector versions of these (exp of 2, 4 or 8 doubles at once);
 * the declarations below tell gcc that they exist (glibc's <math.h> says so only
 * under -ffast-math, which would also break the NaN checks). The Makefile adds
 * -fopenmp-simd -fno-math-errno -fvect-cost-model=dynamic. AE_VECTORISE builds a
 * function three times, for AVX-512, AVX2 and any x86-64, and the loader picks
 * the one the CPU can run. The results are those of the scalar code to within a
 * few units in the last place (libmvec's exp is not correctly rounded).
 *
 * Include it after <math.h>, in .c files only.
 */
#ifndef AE_VECMATH_H
#define AE_VECMATH_H

#include <math.h>

#pragma omp declare simd notinbranch
double exp(double);
#pragma omp declare simd notinbranch
double log1p(double);
#pragma omp declare simd notinbranch
double log(double);
#pragma omp declare simd notinbranch
double tanh(double);

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AE_VECTORISE __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define AE_VECTORISE
#endif

#endif
