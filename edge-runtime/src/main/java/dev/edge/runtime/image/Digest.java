package dev.edge.runtime.image;

import dev.edge.runtime.hash.Sha256;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:ab12…}; only sha256 and sha512 are accepted. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    boolean valid = switch (algorithm) {
      case "sha256" -> SHA256.matcher(hex).matches();
      case "sha512" -> SHA512.matcher(hex).matches();
      default -> false;
    };
    if (!valid) {
      throw new IllegalArgumentException("invalid digest " + algorithm + ":" + hex);
    }
  }

  /** Parses {@code sha256:<64 hex>}; anything else is an IllegalArgumentException. */
  public static Digest parse(String value) {
    int colon = value == null ? -1 : value.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid digest " + value + ": expected sha256:<hex>");
    }
    return new Digest(value.substring(0, colon), value.substring(colon + 1));
  }

  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  public static Digest ofSha256(MessageDigest finished) {
    return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
  }

  /** A SHA-256 digest, OpenSSL's where available (see {@link Sha256}). */
  public static MessageDigest newSha256() {
    return Sha256.newDigest();
  }

  /** The first 12 hex digits, as Docker shows image and layer ids. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
