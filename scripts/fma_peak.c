/*
 * The machine's fp64 ceiling in C: each thread runs independent chains of fused multiply-adds
 * a <- a*m + c in vector registers of the widest width the compiler targets (-march=native: 512 bits
 * with AVX-512, 256 with AVX2, else 128), no memory traffic, all threads at once. The chains, with m and
 * c, must fit the vector registers: sixteen chains of AVX-512's thirty-two registers, twelve of AVX2's
 * sixteen. Sixteen chains there leave two of them in memory, where each fused multiply-add waits for a
 * store and a load, and the loop measures about half the machine. Prints one CSV row
 * per thread count in the format of `minicnn bench`:
 *
 *   peak-c,THREADS,,MS,GFLOPS
 *
 * MS is the best wall time of ROUNDS rounds, GFLOPS the operations of all threads over it (two per lane
 * and fused multiply-add). The side-by-side script compares it with the Java `peak` rows.
 *
 *   gcc -O2 -march=native -pthread -o fma_peak scripts/fma_peak.c && ./fma_peak 1 2
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#define BYTES 64
#define CHAINS 16
#elif defined(__AVX__)
#define BYTES 32
#else
#define BYTES 16
#endif
#define LANES (BYTES / 8)
#ifndef CHAINS
#define CHAINS 12
#endif
#define STEPS 20000000L
#define ROUNDS 7

typedef double vec __attribute__((vector_size(BYTES)));

static double results[64];

static void *chains(void *slot) {
  vec m, c;
  for (int l = 0; l < LANES; l++) {
    m[l] = 0.999999;
    c[l] = 1e-9;
  }
  vec a[CHAINS];
  for (int k = 0; k < CHAINS; k++) {
    a[k] = c;
  }
  for (long i = 0; i < STEPS; i++) {
    /* the compiler contracts a*m + c into one fused multiply-add (-ffp-contract=fast, GCC's default) */
#pragma GCC unroll 16
    for (int k = 0; k < CHAINS; k++) {
      a[k] = a[k] * m + c;
    }
  }
  double sum = 0;
  for (int k = 0; k < CHAINS; k++) {
    for (int l = 0; l < LANES; l++) {
      sum += a[k][l];
    }
  }
  results[(long) slot] = sum;
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s THREADS...\n", argv[0]);
    return 2;
  }
  for (int arg = 1; arg < argc; arg++) {
    int threads = atoi(argv[arg]);
    if (threads < 1 || threads > 64) {
      fprintf(stderr, "fma_peak: expected a thread count from 1 to 64, got '%s'\n", argv[arg]);
      return 2;
    }
    double best = 1e30;
    for (int r = 0; r < ROUNDS; r++) {
      pthread_t workers[64];
      double start = now();
      for (long t = 0; t < threads; t++) {
        pthread_create(&workers[t], NULL, chains, (void *) t);
      }
      for (int t = 0; t < threads; t++) {
        pthread_join(workers[t], NULL);
      }
      double seconds = now() - start;
      for (int t = 0; t < threads; t++) {
        if (!(results[t] > 0)) {
          fprintf(stderr, "fma_peak: expected a positive sum of the chains, got %g\n", results[t]);
          return 1;
        }
      }
      if (seconds < best) {
        best = seconds;
      }
    }
    double flops = 2.0 * threads * STEPS * CHAINS * LANES;
    printf("peak-c,float64,%d,,%.4f,%.2f\n", threads, best * 1e3, flops / best / 1e9);
  }
  return 0;
}
