/**
 * Data sets as CSV files: {@link org.minicnn.datasets.csv.DatasetCsv} reads and writes them. The first
 * record declares the shapes and classes every row must match; reading checks them before allocating and
 * throws {@link org.minicnn.datasets.csv.DatasetFormatException} with file, line and column; writing is
 * atomic. The format is described in {@code docs/file-formats.md}.
 */
package org.minicnn.datasets.csv;
