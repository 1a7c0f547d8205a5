package dev.edge.agent.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The fleet's Ed25519 keys, with the JDK's own provider, in the PEM files OpenSSL writes and reads
 * ({@code openssl genpkey -algorithm ed25519}): the private key as PKCS#8, the public key as SubjectPublicKeyInfo.
 * A key's id is the first 16 hex digits of the SHA-256 of its encoded public key, so a signed document names
 * the key that can check it.
 */
public final class FleetKeys {
  static final String ALGORITHM = "Ed25519";

  private FleetKeys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (Java 15 or later has)", e);
    }
  }

  /**
   * Writes {@code PREFIX.key} (mode 0600, never over an existing file) and {@code PREFIX.pub}.
   *
   * @throws FileAlreadyExistsException when {@code PREFIX.key} exists: a fleet key is not replaced by accident
   */
  public static void write(KeyPair pair, Path prefix) throws IOException {
    Path key = Path.of(prefix + ".key");
    Path pub = Path.of(prefix + ".pub");
    if (Files.exists(key)) {
      throw new FileAlreadyExistsException(key.toString(), null, "a private key is there already");
    }
    Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardOpenOption.TRUNCATE_EXISTING);
    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
  }

  public static PrivateKey readPrivate(Path file) throws IOException {
    byte[] der = der(file, "PRIVATE KEY");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 private key (" + e.getMessage() + ")", e);
    }
  }

  public static PublicKey readPublic(Path file) throws IOException {
    byte[] der = der(file, "PUBLIC KEY");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
    }
  }

  /** The id a signed document carries to name the key that checks it. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(Path file, String type) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException(file + ": no '" + begin + "' block (expected a PEM file as `edge fleet keygen` or"
          + " `openssl genpkey -algorithm ed25519` writes)");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": the PEM block is not base64: " + e.getMessage(), e);
    }
  }
}
