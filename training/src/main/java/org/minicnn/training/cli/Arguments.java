package org.minicnn.training.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments split into positional ones and {@code --flag value} / {@code --flag=value}
 * pairs; {@code --help} and {@code -h} are recognised anywhere. Flags without value ({@code switches})
 * take none.
 */
final class Arguments {

  final List<String> positional = new ArrayList<>();
  final Map<String, String> flags = new LinkedHashMap<>();
  boolean help;

  /**
   * @param allowed flags that take a value
   * @param switches flags that take none (stored with the value "true")
   * @throws UsageException for an unknown flag, a flag given twice, or a missing value
   */
  static Arguments parse(List<String> args, Set<String> allowed, Set<String> switches, String usage)
      throws UsageException {
    return parse(args, allowed, switches, Set.of(), usage);
  }

  /**
   * As {@link #parse(List, Set, Set, String)}, except that the flags in {@code repeatable} may be given
   * several times; their values are joined by one blank, in order.
   */
  static Arguments parse(List<String> args, Set<String> allowed, Set<String> switches, Set<String> repeatable,
      String usage) throws UsageException {
    Arguments a = new Arguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        a.help = true;
      } else if (arg.startsWith("-") && arg.length() > 1 && !isNumber(arg)) {
        String name = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (eq > 0) {
          name = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        }
        if (switches.contains(name)) {
          if (value != null) {
            throw new UsageException(name + " takes no value, got '" + value + "'", usage);
          }
          value = "true";
        } else if (!allowed.contains(name)) {
          throw new UsageException("unknown option " + name, usage);
        } else if (value == null) {
          if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException(name + " needs a value", usage);
          }
          value = args.get(++i);
        }
        if (a.flags.containsKey(name)) {
          if (!repeatable.contains(name)) {
            throw new UsageException(name + " is given twice", usage);
          }
          value = a.flags.get(name) + " " + value;
        }
        a.flags.put(name, value);
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
