/**
 * Sweeps: one experiment run over the product of grid axes, each run an ordinary run directory. The
 * grid and its runs ({@link org.minicnn.training.sweep.Sweep}), running them in parallel, resumably and
 * in shards ({@link org.minicnn.training.sweep.SweepRunner}), the table and summary of whatever is there
 * ({@link org.minicnn.training.sweep.SweepTable}, {@link org.minicnn.training.sweep.SweepSummary}) and the
 * Slurm job array that runs the shards on a cluster ({@link org.minicnn.training.sweep.SlurmScript}).
 */
package org.minicnn.training.sweep;
