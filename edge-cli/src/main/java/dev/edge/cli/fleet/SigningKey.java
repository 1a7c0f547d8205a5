package dev.edge.cli.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.fleet.FleetKeys;
import dev.edge.agent.fleet.JobDocuments;
import dev.edge.agent.fleet.SignedJobs;
import dev.edge.cli.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;

/**
 * The operator's fleet key as {@code edge fleet keygen} wrote it: {@code PREFIX.key} and, beside it,
 * {@code PREFIX.pub}, whose id every signed job names. Completes and signs a job document per gateway.
 */
record SigningKey(Path file, PrivateKey privateKey, PublicKey publicKey, String keyId) {
  private static final byte[] PROBE = "edge fleet key pair check".getBytes(StandardCharsets.US_ASCII);

  /**
   * Reads {@code key} ({@code PREFIX.key}, or {@code PREFIX} when only {@code PREFIX.key} exists) and the
   * public key beside it, and checks that the two belong together.
   *
   * @throws UserException naming the file that is missing or wrong
   */
  static SigningKey load(Path key) {
    Path file = !Files.exists(key) && Files.exists(Path.of(key + ".key")) ? Path.of(key + ".key") : key;
    Path pub = publicKeyBeside(file);
    try {
      PrivateKey privateKey = FleetKeys.readPrivate(file);
      PublicKey publicKey;
      try {
        publicKey = FleetKeys.readPublic(pub);
      } catch (NoSuchFileException e) {
        throw new UserException("--key " + file + ": the public key " + pub + " is not beside it (edge fleet keygen"
            + " writes both; its id names the key in every signed job)", SendCommand.EXIT_USAGE);
      }
      if (!belongTogether(privateKey, publicKey)) {
        throw new UserException("--key " + file + ": " + pub + " is not its public key (gateways trusting "
            + FleetKeys.keyId(publicKey) + " would refuse every job)", SendCommand.EXIT_USAGE);
      }
      return new SigningKey(file, privateKey, publicKey, FleetKeys.keyId(publicKey));
    } catch (NoSuchFileException e) {
      throw new UserException("--key " + key + ": no such file (create a key with `edge fleet keygen --out PREFIX`)",
          SendCommand.EXIT_USAGE);
    } catch (IOException e) {
      throw new UserException("--key " + file + ": " + e.getMessage(), SendCommand.EXIT_USAGE);
    }
  }

  /** {@code PREFIX.pub} for {@code PREFIX.key}; {@code FILE.pub} for a key file not named so. */
  static Path publicKeyBeside(Path key) {
    String name = key.getFileName().toString();
    String prefix = name.endsWith(".key") ? name.substring(0, name.length() - ".key".length()) : name;
    return key.resolveSibling(prefix + ".pub");
  }

  /** The signed envelope of {@code job} completed for {@code gateway}, valid from {@code now} for {@code ttl}. */
  byte[] envelope(ObjectNode job, String gateway, Instant now, Duration ttl, long seq) {
    byte[] envelope = SignedJobs.sign(JobDocuments.complete(job, gateway, now, ttl, seq), privateKey, keyId);
    if (envelope.length > SignedJobs.MAX_BYTES) {
      throw new UserException("the signed job is " + envelope.length + " bytes; gateways refuse more than "
          + SignedJobs.MAX_BYTES + " (send large content by URL and SHA-256 instead)", SendCommand.EXIT_USAGE);
    }
    return envelope;
  }

  private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
    try {
      Signature signer = Signature.getInstance(privateKey.getAlgorithm());
      signer.initSign(privateKey);
      signer.update(PROBE);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(publicKey.getAlgorithm());
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
