package dev.edge.runtime.unpack;

import java.nio.charset.StandardCharsets;

/** Turns a tar entry name into a clean relative path, refusing anything that could escape. */
final class EntryNames {
  private EntryNames() {}

  /**
   * {@code a/b/c} for {@code ./a//b/c/}, the empty string for the root ({@code ./}); absolute
   * names and any {@code ..} component are refused rather than cleaned, because no honest image
   * builder writes them.
   */
  static String clean(String entry, String name, Limits limits) throws LayerRefusedException {
    if (name.indexOf('\0') >= 0) {
      throw new LayerRefusedException(entry, "path contains a NUL byte");
    }
    if (name.startsWith("/")) {
      throw new LayerRefusedException(entry, "absolute path");
    }
    return join(entry, name, limits);
  }

  /**
   * A hard-link target: an absolute target is taken relative to the layer root (kaniko writes
   * them) and then checked like any name; it still has to exist inside the layer.
   */
  static String cleanLinkTarget(String entry, String target, Limits limits)
      throws LayerRefusedException {
    if (target.indexOf('\0') >= 0) {
      throw new LayerRefusedException(entry, "hard-link target contains a NUL byte");
    }
    String relative = target;
    while (relative.startsWith("/")) {
      relative = relative.substring(1);
    }
    String clean = join(entry, relative, limits);
    if (clean.isEmpty()) {
      throw new LayerRefusedException(entry, "hard link to the layer root");
    }
    return clean;
  }

  private static String join(String entry, String name, Limits limits)
      throws LayerRefusedException {
    if (name.getBytes(StandardCharsets.UTF_8).length > limits.maxPathBytes()) {
      throw new LayerRefusedException(entry, "path longer than " + limits.maxPathBytes()
          + " bytes (Limits.maxPathBytes)");
    }
    StringBuilder clean = new StringBuilder(name.length());
    for (String component : name.split("/")) {
      if (component.isEmpty() || component.equals(".")) {
        continue;
      }
      if (component.equals("..")) {
        throw new LayerRefusedException(entry, "path contains \"..\" and could escape the layer"
            + " root");
      }
      if (component.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_NAME_BYTES) {
        throw new LayerRefusedException(entry, "a path component is longer than "
            + Limits.MAX_NAME_BYTES + " bytes");
      }
      if (clean.length() > 0) {
        clean.append('/');
      }
      clean.append(component);
    }
    return clean.toString();
  }

  static String parentOf(String clean) {
    int slash = clean.lastIndexOf('/');
    return slash < 0 ? "" : clean.substring(0, slash);
  }

  static String baseName(String clean) {
    return clean.substring(clean.lastIndexOf('/') + 1);
  }

  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }
}
