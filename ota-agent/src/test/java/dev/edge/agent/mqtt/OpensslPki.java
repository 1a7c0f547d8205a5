package dev.edge.agent.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and certificates signed by it, made by the openssl CLI (an independent TLS stack) in
 * a directory, for tests. Keys are PKCS#8, as {@code openssl genpkey} writes them.
 */
final class OpensslPki {
  /** Our own request config, so the machine's openssl.cnf adds no extensions of its own. */
  private static final String CONFIG = """
      [req]
      distinguished_name = dn
      [dn]
      [ca_ext]
      basicConstraints = critical,CA:TRUE
      keyUsage = critical,keyCertSign,cRLSign
      subjectKeyIdentifier = hash
      """;

  /** A certificate and its key, as PEM files. */
  record Identity(Path cert, Path key) {}

  private final Path dir;
  private final Path ca;
  private final Path caKey;
  private int serial = 1;

  private OpensslPki(Path dir) {
    this.dir = dir;
    this.ca = dir.resolve("ca.crt");
    this.caKey = dir.resolve("ca.key");
  }

  /** A new CA ("CN=edge test CA") in {@code dir}. */
  static OpensslPki create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    OpensslPki pki = new OpensslPki(dir);
    Files.writeString(dir.resolve("openssl.cnf"), CONFIG);
    pki.key(pki.caKey, "EC");
    pki.openssl("req", "-x509", "-new", "-config", dir.resolve("openssl.cnf").toString(), "-extensions", "ca_ext",
        "-key", pki.caKey.toString(), "-subj", "/CN=edge test CA", "-days", "2", "-out", pki.ca.toString());
    return pki;
  }

  Path ca() {
    return ca;
  }

  /** A server certificate for {@code subjectAltName}, e.g. "DNS:localhost,IP:127.0.0.1". */
  Identity server(String name, String subjectAltName) throws IOException, InterruptedException {
    return issue(name, "CN=" + name, "EC", "extendedKeyUsage = serverAuth\nsubjectAltName = " + subjectAltName + "\n");
  }

  /** A client certificate with common name {@code cn}; {@code algorithm} is "EC" (P-256) or "RSA". */
  Identity client(String cn, String algorithm) throws IOException, InterruptedException {
    return issue(cn, "CN=" + cn, algorithm, "extendedKeyUsage = clientAuth\n");
  }

  private Identity issue(String name, String subject, String algorithm, String extensions)
      throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path ext = dir.resolve(name + ".ext");
    Path cert = dir.resolve(name + ".crt");
    key(key, algorithm);
    openssl("req", "-new", "-config", dir.resolve("openssl.cnf").toString(), "-key", key.toString(),
        "-subj", "/" + subject, "-out", csr.toString());
    Files.writeString(ext, "basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n" + extensions);
    openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
        "-set_serial", String.valueOf(serial++), "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
    return new Identity(cert, key);
  }

  private void key(Path key, String algorithm) throws IOException, InterruptedException {
    String option = algorithm.equals("RSA") ? "rsa_keygen_bits:2048" : "ec_paramgen_curve:P-256";
    openssl("genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", key.toString());
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
