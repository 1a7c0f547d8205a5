package dev.edge.runtime.network;

/** IPv4 literals and CIDR prefixes, parsed without any name lookup. */
final class Ipv4 {
  private Ipv4() {}

  /** The address as a 32-bit value; only dotted-quad literals are accepted. */
  static int parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("invalid IPv4 address: " + text);
    }
    int value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("invalid IPv4 address: " + text);
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException("invalid IPv4 address: " + text);
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  static String format(int address) {
    return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "."
        + ((address >>> 8) & 0xff) + "." + (address & 0xff);
  }

  /** Whether {@code text} is an IPv4 literal. */
  static boolean isLiteral(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The network mask of a prefix length, e.g. 0xffff0000 for 16. */
  static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }
}
