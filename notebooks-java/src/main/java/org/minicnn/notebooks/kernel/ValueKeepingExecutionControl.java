package org.minicnn.notebooks.kernel;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's own JVM and keeps each snippet's value as an object.
 *
 * <p>JShell reports a snippet's value only as a string; to render a chart or an image the kernel needs
 * the object itself. {@link #invoke(Method)} stores the value under a fresh key and hands JShell the
 * key as the "value string"; {@link #takeValue(String)} exchanges the key for the object. Classes load
 * through a loader whose parent is the application class loader, so cells share the kernel's classes
 * (the project's jars, the Jupyter statics behind {@code display}).
 */
final class ValueKeepingExecutionControl extends DirectExecutionControl {
  private final Map<String, Object> values = new HashMap<>();
  private long nextKey;

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    Object value = doitMethod.invoke(null);
    String key = "minicnn-value-" + nextKey++;
    values.put(key, value);
    return key;
  }

  /** The object a snippet evaluated to; {@code object} may be null (a Java {@code null} value). */
  record Value(Object object) {}

  /** Removes and returns the value stored under {@code key}, or null when {@code key} is not one of ours. */
  Value takeValue(String key) {
    if (!values.containsKey(key)) {
      return null;
    }
    return new Value(values.remove(key));
  }

  /** Forgets the values of earlier snippets, which were never asked for. */
  void forgetValues() {
    values.clear();
  }

  /** A provider handing JShell one fixed instance, so the kernel can read its values. */
  static ExecutionControlProvider providerOf(ValueKeepingExecutionControl control) {
    return new ExecutionControlProvider() {
      @Override
      public String name() {
        return "minicnn-direct";
      }

      @Override
      public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return control;
      }
    };
  }
}
