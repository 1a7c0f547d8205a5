package dev.edge.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a plain tree (maps, collections, strings, integral numbers, doubles, booleans and
 * nulls) with jackson-core's generator alone. The daemon's idle endpoints ({@code /_ping},
 * {@code /version}, {@code /info}, errors) answer with such trees: writing them through an
 * ObjectMapper would load databind's ~400 classes into a daemon that may never need them, and
 * every loaded class stays resident (~9 KB each, measured). The output is byte for byte what
 * {@link Json#mapper()} writes for the same tree, null map entries left out included.
 */
public final class PlainJson {
  private static final JsonFactory FACTORY = new JsonFactory();

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
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof CharSequence s) {
      g.writeString(s.toString());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Long n) {
      g.writeNumber(n);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).intValue());
    } else if (value instanceof Double || value instanceof Float) {
      g.writeNumber(((Number) value).doubleValue());
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("plain JSON: map key " + e.getKey() + " is not a string");
        }
        if (e.getValue() == null) {
          continue; // the mapper's NON_NULL inclusion leaves null entries out of maps too
        }
        g.writeFieldName(key);
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Collection<?> items) {
      g.writeStartArray();
      for (Object item : items) {
        write(g, item);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("plain JSON: cannot write a " + value.getClass().getName());
    }
  }
}
