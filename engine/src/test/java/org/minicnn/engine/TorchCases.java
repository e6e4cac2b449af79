package org.minicnn.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fixture files that engine/src/test/python scripts write with PyTorch: a line
 * {@code case <id> key=value …} starts a case; each following line {@code name d1,d2,… v1 v2 …}
 * is one tensor of it (values as Python's repr, which Java parses to the same double).
 */
public final class TorchCases {

  /** One case: its settings and its named tensors. */
  public record Case(String id, Map<String, String> settings, Map<String, Tensor> tensors) {
    public Tensor tensor(String name) {
      return tensors.get(name);
    }

    public String setting(String key) {
      return settings.get(key);
    }

    /** A comma-separated setting as ints, e.g. "3,3" → {3, 3}. */
    public int[] ints(String key) {
      String[] parts = settings.get(key).split(",");
      int[] values = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = Integer.parseInt(parts[i]);
      }
      return values;
    }
  }

  private TorchCases() {}

  /** The cases of a resource under /torch/. */
  public static List<Case> load(String resource) {
    InputStream in = TorchCases.class.getResourceAsStream("/torch/" + resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource /torch/" + resource
          + "; regenerate it with engine/src/test/python");
    }
    List<Case> cases = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      Map<String, Tensor> tensors = null;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        if (parts[0].equals("case")) {
          Map<String, String> settings = new LinkedHashMap<>();
          for (int i = 2; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            settings.put(kv[0], kv[1]);
          }
          tensors = new LinkedHashMap<>();
          cases.add(new Case(parts[1], settings, tensors));
        } else {
          String[] dims = parts[1].split(",");
          int[] shape = new int[dims.length];
          for (int i = 0; i < dims.length; i++) {
            shape[i] = Integer.parseInt(dims[i]);
          }
          double[] values = new double[parts.length - 2];
          for (int i = 0; i < values.length; i++) {
            values[i] = Double.parseDouble(parts[i + 2]);
          }
          tensors.put(parts[0], Tensor.of(values, shape));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }
}
