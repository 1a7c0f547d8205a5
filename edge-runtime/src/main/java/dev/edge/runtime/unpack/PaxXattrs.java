package dev.edge.runtime.unpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code SCHILY.xattr.NAME=value} records of a raw PAX header, values kept as raw bytes.
 * Records are {@code "<length> <key>=<value>\n"} where length counts the whole record (POSIX).
 */
final class PaxXattrs {
  private static final String PREFIX = "SCHILY.xattr.";

  private PaxXattrs() {}

  /** Name to raw value; malformed records end the parse (the tar reader rejects them anyway). */
  static Map<String, byte[]> parse(byte[] pax) {
    Map<String, byte[]> xattrs = new LinkedHashMap<>();
    int pos = 0;
    while (pos < pax.length) {
      int space = indexOf(pax, (byte) ' ', pos, pax.length);
      if (space < 0) {
        break;
      }
      int length = parseLength(pax, pos, space);
      int end = pos + length;
      if (length <= 0 || end > pax.length || pax[end - 1] != '\n') {
        break;
      }
      int equals = indexOf(pax, (byte) '=', space + 1, end - 1);
      if (equals < 0) {
        break;
      }
      String key = new String(pax, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
        xattrs.put(key.substring(PREFIX.length()), Arrays.copyOfRange(pax, equals + 1, end - 1));
      }
      pos = end;
    }
    return xattrs;
  }

  private static int parseLength(byte[] pax, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      if (pax[i] < '0' || pax[i] > '9' || value > pax.length) {
        return -1;
      }
      value = value * 10 + (pax[i] - '0');
    }
    return value;
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
