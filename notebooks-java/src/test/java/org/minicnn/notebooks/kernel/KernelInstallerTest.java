package org.minicnn.notebooks.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallerTest {
  @TempDir
  Path temp;

  @Test
  void prefixAndKernelsDirChooseWhereTheSpecGoes() {
    assertEquals(Path.of("/opt/x/share/jupyter/kernels"), KernelInstaller.kernelsDirectory("--prefix", "/opt/x"));
    assertEquals(Path.of("/k"), KernelInstaller.kernelsDirectory("--kernels-dir", "/k"));
    assertEquals(KernelInstaller.kernelsDirectory(), KernelInstaller.kernelsDirectory("--user"));
  }

  @Test
  void unknownArgumentsAreRejectedWithTheUsage() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> KernelInstaller.kernelsDirectory("--sys"));
    assertEquals("expected [--user | --prefix DIR | --kernels-dir DIR], got --sys", error.getMessage());
  }

  @Test
  void theSpecStartsTheKernelOnTheGivenClassPath() throws IOException {
    Path a = Files.createFile(temp.resolve("a.jar"));
    Path b = Files.createFile(temp.resolve("b.jar"));
    Path spec = KernelInstaller.writeSpec(temp.resolve("kernels/minicnn-java"), List.of(a, b));
    JsonObject json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
    List<String> argv = json.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
    assertEquals(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
        "--add-modules", "jdk.incubator.vector", "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0",
        "-cp", a + File.pathSeparator + b, "org.minicnn.notebooks.kernel.KernelMain", "{connection_file}"), argv);
    assertEquals("java", json.get("language").getAsString());
    assertEquals("Java (minicnn)", json.get("display_name").getAsString());
  }

  @Test
  void aMissingClassPathEntryIsNamed() {
    Path missing = temp.resolve("missing.jar");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> KernelInstaller.writeSpec(temp.resolve("spec"), List.of(missing)));
    assertEquals("kernel class path entry does not exist: " + missing, error.getMessage());
  }
}
