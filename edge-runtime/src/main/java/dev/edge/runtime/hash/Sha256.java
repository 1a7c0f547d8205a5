package dev.edge.runtime.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.LoggerFactory;

/** SHA-256 digests: OpenSSL's when libcrypto is on the machine, else the JDK's. */
public final class Sha256 {
  private static final boolean NATIVE = probe();

  private Sha256() {}

  public static MessageDigest newDigest() {
    if (NATIVE) {
      return new NativeSha256();
    }
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** True when digests come from OpenSSL. */
  public static boolean isNative() {
    return NATIVE;
  }

  private static boolean probe() {
    if (Boolean.getBoolean("edge.sha256.jdk")) {
      return false;
    }
    try {
      if (LibCrypto.available()) {
        new NativeSha256().digest(new byte[] {1}); // one real call proves the binding
        return true;
      }
      LoggerFactory.getLogger(Sha256.class).info("libcrypto not found ({}); hashing with the JDK",
          LibCrypto.unavailableReason().getMessage());
    } catch (RuntimeException | LinkageError e) {
      LoggerFactory.getLogger(Sha256.class).warn("OpenSSL SHA-256 unusable ({}); hashing with"
          + " the JDK", e.toString());
    }
    return false;
  }
}
