package dev.edge.runtime.spec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Recognises IP address literals without ever asking DNS. */
final class IpLiterals {
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+(%[\\w.-]+)?");

  private IpLiterals() {}

  static boolean isIpv4(String s) {
    return IPV4.matcher(s).matches();
  }

  static boolean isIpv6(String s) {
    if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
      return false;
    }
    try {
      // A string of only hex digits, colons and dots is parsed as a literal, never looked up.
      return InetAddress.getByName(s) != null;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static boolean isIp(String s) {
    return isIpv4(s) || isIpv6(s);
  }

  static boolean isLoopback(String s) {
    return s.startsWith("127.") && isIpv4(s) || s.equals("::1") || s.equals("0:0:0:0:0:0:0:1");
  }
}
