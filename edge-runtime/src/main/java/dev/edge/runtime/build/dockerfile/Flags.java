package dev.edge.runtime.build.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name=value} and {@code --name} flags at the start of an instruction's arguments,
 * checked against what the instruction accepts; {@code --} ends the flags.
 */
final class Flags {
  private final Map<String, String> values;
  private final String rest;

  private Flags(Map<String, String> values, String rest) {
    this.values = values;
    this.rest = rest;
  }

  static Flags parse(String keyword, String args, Set<String> allowed)
      throws InstructionException {
    Map<String, String> values = new LinkedHashMap<>();
    String rest = args.trim();
    while (rest.startsWith("--")) {
      int space = indexOfWhitespace(rest);
      String flag = space < 0 ? rest : rest.substring(0, space);
      rest = space < 0 ? "" : rest.substring(space).trim();
      if (flag.equals("--")) {
        break;
      }
      int eq = flag.indexOf('=');
      String name = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
      String value = eq < 0 ? "true" : flag.substring(eq + 1);
      if (!allowed.contains(name)) {
        throw new InstructionException("unknown flag: --" + name + " (" + keyword + " accepts "
            + (allowed.isEmpty() ? "no flags" : String.join(", ", allowed.stream()
                .sorted().map(a -> "--" + a).toList())) + ")");
      }
      if (values.put(name, value) != null) {
        throw new InstructionException("duplicate flag specified: --" + name);
      }
    }
    return new Flags(values, rest);
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  String rest() {
    return rest;
  }

  String get(String name) {
    return values.get(name);
  }

  boolean bool(String name) throws InstructionException {
    String value = values.get(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new InstructionException("--" + name + " takes true or false, not " + value);
  }

  /** A value flag given without {@code =VALUE} is an error, not "true". */
  String value(String name) throws InstructionException {
    String value = values.get(name);
    if (value != null && value.isEmpty()) {
      throw new InstructionException("--" + name + " needs a value (--" + name + "=VALUE)");
    }
    return value;
  }
}
