package dev.edge.runtime.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of edge these classes were built as. */
public final class EdgeVersion {
  private static final String VERSION = load();

  private EdgeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = EdgeVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
