/**
 * Files the engine reads and writes: {@link org.minicnn.engine.io.WeightFile}, a model's weights as
 * CSV text in Keras or PyTorch layout, and the primitives other modules' formats build on: atomic writes
 * ({@link org.minicnn.engine.io.AtomicFiles}), bounded line reading, blocks of tensors, and
 * {@link org.minicnn.engine.io.FileFormatException}, which names the file and the line.
 */
package org.minicnn.engine.io;
