/**
 * The {@code minicnn} command: {@link org.minicnn.training.cli.Main} dispatches to {@code train},
 * {@code experiments}, {@code plot}, {@code examples}, {@code data} and {@code bench}. Exit codes: 0 done,
 * 1 the command failed, 2 the command line is wrong (and then nothing is written).
 */
package org.minicnn.training.cli;
