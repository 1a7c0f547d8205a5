package dev.edge.runtime.json;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a plain tree (maps, collections, strings, integral numbers, doubles, booleans and
 * nulls) as JSON with no library at all. The daemon's idle endpoints ({@code /_ping},
 * {@code /version}, {@code /info}, errors) answer with such trees. Every class a JVM loads stays
 * resident (~9 KB each, measured): an ObjectMapper would bring databind's ~400 classes into a
 * daemon that may never need them, and even jackson-core's generator ~75 (its factory's links
 * load every parser), ~0.9 MB. The output is byte for byte what {@link Json#mapper()} writes for
 * the same tree, null map entries left out included; PlainJsonTest holds the two side by side.
 */
public final class PlainJson {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PlainJson() {}

  /** True when {@code value} holds nothing but the types this class writes. */
  public static boolean isPlain(Object value) {
    if (value == null || value instanceof CharSequence || value instanceof Boolean
        || value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof Double || value instanceof Float) {
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String) || !isPlain(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof Collection<?> items) {
      for (Object item : items) {
        if (!isPlain(item)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** {@code tree} as UTF-8 JSON; a value {@link #isPlain} rejects is an IllegalArgumentException. */
  public static byte[] bytes(Object tree) {
    StringBuilder out = new StringBuilder(512);
    write(out, tree);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence s) {
      string(out, s);
    } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
        || value instanceof Short || value instanceof Byte) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      number(out, (Number) value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("plain JSON: map key " + e.getKey() + " is not a string");
        }
        if (e.getValue() == null) {
          continue; // the mapper's NON_NULL inclusion leaves null entries out of maps too
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, key);
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof Collection<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, item);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("plain JSON: cannot write a " + value.getClass().getName());
    }
  }

  /** As Jackson writes them: NaN and the infinities as strings (its WRITE_NAN_AS_STRINGS default). */
  private static void number(StringBuilder out, Number n) {
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.append('"').append(n).append('"');
    } else {
      out.append(n); // Double.toString and Float.toString, as Jackson's generator uses
    }
  }

  /** RFC 8259 escaping as Jackson does it: short forms where JSON has them, else uppercase \\uXXXX. */
  private static void string(StringBuilder out, CharSequence s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            // Jackson escapes both halves of a pair too (COMBINE_UNICODE_SURROGATES_IN_UTF8 is off)
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
