package dev.edge.cli.image;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query-string encoding for image names and values sent to the daemon. */
final class Names {
  private Names() {}

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Splits {@code name[:tag]} at the tag's colon, leaving registry ports alone. */
  static String[] splitTag(String reference) {
    int at = reference.indexOf('@');
    if (at >= 0) {
      return new String[] {reference.substring(0, at), reference.substring(at + 1)};
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    if (colon > slash) {
      return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
    }
    return new String[] {reference, ""};
  }
}
