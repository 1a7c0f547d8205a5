package dev.edge.runtime.volume;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Docker's rule for local volume names, and the random names of anonymous volumes. */
public final class VolumeNames {
  /** Docker's {@code RestrictedNameChars}; it also keeps names safe as one path component. */
  public static final String ALLOWED = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
  private static final Pattern VALID = Pattern.compile("^" + ALLOWED + "+$");
  private static final int ANONYMOUS_NAME_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private VolumeNames() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** Refuses a name Docker's local driver would refuse, in Docker's words. */
  public static void validate(String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException("create " + name + ": \"" + name + "\" includes invalid"
          + " characters for a local volume name, only \"" + ALLOWED + "\" are allowed. If you"
          + " intended to pass a host directory, use absolute path");
    }
  }

  /** 64 hex digits, as Docker names anonymous volumes. */
  public static String random() {
    byte[] bytes = new byte[ANONYMOUS_NAME_BYTES];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
