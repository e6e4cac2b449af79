/**
 * The {@code minicnn} command on picocli: {@link org.minicnn.training.cli.Main} builds the command tree from
 * each subcommand's {@link org.minicnn.training.cli.CommandBuilder} declaration ({@code train}'s options come
 * from {@link org.minicnn.training.experiments.Option}) and dispatches to {@code train}, {@code experiments},
 * {@code plot}, {@code examples}, {@code data}, {@code bench}, {@code export}, {@code plot-kernels} and
 * {@code completion}. Exit codes: 0 done, 1 the command failed, 2 the command line is wrong (and then
 * nothing is written).
 */
package org.minicnn.training.cli;
