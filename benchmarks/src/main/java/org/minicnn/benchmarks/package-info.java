/**
 * The workloads behind {@code minicnn bench}: the convolution shapes S1–S5 timed forward and backward, and
 * the machine's ceiling (fused multiply-adds in registers on every thread). Results print as CSV; the method
 * and the latest side-by-side table are in {@code docs/performance.md}.
 */
package org.minicnn.benchmarks;
