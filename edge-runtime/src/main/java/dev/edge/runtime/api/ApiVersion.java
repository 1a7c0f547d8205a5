package dev.edge.runtime.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker Engine API versions the daemon answers to, and the {@code /v1.NN/} prefix rule.
 *
 * <p>We claim 1.44 although we follow the v1.41 document: docker CLI 29.0–29.2 refuse any daemon
 * below 1.44, while 20.10 clients negotiate down to their own 1.41. The endpoints we serve did not
 * change incompatibly between 1.41 and 1.44.
 */
public final class ApiVersion {
  public static final String CURRENT = "1.44";
  public static final String MINIMUM = "1.24";

  private static final Pattern PREFIX = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");

  private ApiVersion() {}

  /** The path without its version prefix; a version we do not serve is a 400, as in Docker. */
  public static String stripPrefix(String path) {
    Matcher m = PREFIX.matcher(path);
    if (!m.matches()) {
      return path;
    }
    String requested = m.group(1) + "." + m.group(2);
    if (compare(requested, CURRENT) > 0) {
      throw ApiException.badRequest(
          "client version " + requested + " is too new. Maximum supported API version is " + CURRENT);
    }
    if (compare(requested, MINIMUM) < 0) {
      throw ApiException.badRequest(
          "client version "
              + requested
              + " is too old. Minimum supported API version is "
              + MINIMUM
              + ", please upgrade your client to a newer version");
    }
    return m.group(3);
  }

  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
    return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
  }
}
