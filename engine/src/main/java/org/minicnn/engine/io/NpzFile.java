package org.minicnn.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * A model's weights as a NumPy {@code .npz}: a zip of one {@code .npy} array per parameter, what
 * {@code numpy.savez} writes and {@code numpy.load} reads. Names and shapes follow a {@link Layout}:
 * Keras's ({@code conv2d/kernel} as {@code [kh, kw, in, filters]}) or PyTorch's {@code state_dict}
 * ({@code 0.weight} as {@code [filters, in, kh, kw]}, {@code 0.bias}), so in Python
 *
 * <pre>{@code
 * model.load_state_dict({k: torch.from_numpy(v) for k, v in numpy.load("weights.npz").items()})
 * }</pre>
 *
 * <p>Written with the JDK's zip support, entries stored uncompressed as {@code numpy.savez} does, with a
 * fixed time so that the same weights give the same bytes; the file is replaced atomically
 * ({@link AtomicFiles}). Read: stored or deflated entries ({@code numpy.savez_compressed}), float64
 * or float32 arrays (float32 widened exactly). Loading checks every entry against the model before
 * it changes a weight; a wrong file throws {@link NpzFileException} naming the file, the entry and
 * what was expected.
 */
public final class NpzFile {

  /** The largest array entry read (2^31 - 1 bytes is also Java's array limit). */
  private static final long ENTRY_LIMIT = Integer.MAX_VALUE - 64;
  /** 1980-01-01, the zip format's earliest time: the same weights give the same bytes. */
  private static final java.time.LocalDateTime ENTRY_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

  private NpzFile() {}

  /**
   * Writes every weight of {@code model} (input, not modified; must be built) to {@code file} in
   * {@code layout}, atomically.
   *
   * @throws IllegalArgumentException when the model has no weights yet
   */
  public static void save(Path file, Layer model, Layout layout) throws IOException {
    List<String> names = WeightFile.parameterNames(model, layout);
    List<Parameter> parameters = model.parameters();
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("NpzFile.save: the model has no weights yet; build it or run forward first");
    }
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      arrays.put(names.get(i), layout.toFile(p.name(), p.value()));
    }
    write(file, arrays);
  }

  /** Writes {@code arrays} (input, not modified), name to tensor, as {@code name.npy} entries in that order. */
  public static void write(Path file, Map<String, Tensor> arrays) throws IOException {
    AtomicFiles.writeBytes(file, out -> {
      try (ZipOutputStream zip = new ZipOutputStream(nonClosing(out))) {
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
          byte[] npy = Npy.write(e.getValue());
          ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
          entry.setMethod(ZipEntry.STORED);
          entry.setTimeLocal(ENTRY_TIME);
          entry.setSize(npy.length);
          CRC32 crc = new CRC32();
          crc.update(npy);
          entry.setCrc(crc.getValue());
          zip.putNextEntry(entry);
          zip.write(npy);
          zip.closeEntry();
        }
      }
    });
  }

  /**
   * Every array of {@code file}, by name (the entry without {@code .npy}), in the zip's order, in
   * the file's own layout.
   *
   * @throws NpzFileException naming the entry when the file is not an .npz of float arrays
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("NpzFile: expected a file, got null");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such .npz file");
    }
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new NpzFileException(file, null, "not a zip archive, or a truncated one (" + e.getMessage()
          + "); expected an .npz as numpy.savez writes it");
    }
    try (zip) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        if (!name.endsWith(".npy")) {
          throw new NpzFileException(file, name, "expected only .npy arrays in an .npz, got this entry");
        }
        if (entry.getSize() > ENTRY_LIMIT) {
          throw new NpzFileException(file, name, "the entry holds " + entry.getSize() + " bytes; at most "
              + ENTRY_LIMIT + " are read");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readNBytes((int) ENTRY_LIMIT + 1);
        } catch (IOException e) {
          throw new NpzFileException(file, name, "cannot be read, the zip is damaged or truncated (" + e.getMessage() + ")");
        }
        if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
          throw new NpzFileException(file, name, "the zip declares " + entry.getSize() + " bytes but holds " + bytes.length
              + " (truncated)");
        }
        Npy.Header header = Npy.header(bytes, problem -> new NpzFileException(file, name, problem));
        try {
          arrays.put(name.substring(0, name.length() - 4), Npy.values(bytes, header));
        } catch (IllegalArgumentException e) {
          throw new NpzFileException(file, name, e.getMessage());
        }
      }
    } catch (ZipException e) {
      throw new NpzFileException(file, null, "the zip is damaged or truncated (" + e.getMessage() + ")");
    }
    if (arrays.isEmpty()) {
      throw new NpzFileException(file, null, "the archive holds no arrays; expected one .npy per weight");
    }
    return arrays;
  }

  /**
   * The layout whose parameter names {@code file}'s arrays carry for {@code model}: Keras
   * ({@code conv2d/kernel}) or PyTorch ({@code 0.weight}).
   */
  public static Layout layoutOf(Path file, Map<String, Tensor> arrays, Layer model) throws NpzFileException {
    for (Layout layout : Layout.values()) {
      if (arrays.keySet().equals(new java.util.HashSet<>(WeightFile.parameterNames(model, layout)))) {
        return layout;
      }
    }
    List<String> keras = WeightFile.parameterNames(model, Layout.KERAS);
    List<String> torch = WeightFile.parameterNames(model, Layout.PYTORCH);
    throw new NpzFileException(file, null, "the arrays " + arrays.keySet() + " do not name the model's weights; expected "
        + keras + " (Keras layout) or " + torch + " (PyTorch state_dict)");
  }

  /**
   * Replaces every weight of {@code model} (must be built; modified only when the whole file fits)
   * with the file's, in whichever layout the file's names are.
   *
   * @return the layout the file was in
   * @throws NpzFileException naming the entry when the file is malformed or does not fit the model
   */
  public static Layout load(Path file, Layer model) throws IOException {
    if (model == null) {
      throw new IllegalArgumentException("NpzFile: expected a model, got null");
    }
    if (model.parameters().isEmpty()) {
      throw new IllegalArgumentException("NpzFile.load: the model has no weights yet; build it (e.g."
          + " model.build(inputShape)) before loading weights into it");
    }
    Map<String, Tensor> arrays = read(file);
    Layout layout = layoutOf(file, arrays, model);
    List<String> names = WeightFile.parameterNames(model, layout);
    List<Parameter> parameters = model.parameters();
    List<Tensor> keras = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      int[] expected = layout.fileShape(p.name(), p.value().shape());
      Tensor t = arrays.get(names.get(i));
      if (!Arrays.equals(t.shape(), expected)) {
        throw new NpzFileException(file, names.get(i) + ".npy", "shape " + Shapes.format(t.shape())
            + " does not fit the model, which expects " + Shapes.format(expected) + " (" + layout.label() + " layout)");
      }
      keras.add(layout.fromFile(p.name(), t));
    }
    for (int i = 0; i < parameters.size(); i++) {
      parameters.get(i).value().copyFrom(keras.get(i));
    }
    return layout;
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
