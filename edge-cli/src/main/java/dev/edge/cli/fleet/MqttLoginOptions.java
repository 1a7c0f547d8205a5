package dev.edge.cli.fleet;

import dev.edge.agent.mqtt.MqttSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How to log in to an MQTT broker: TLS files, user, password file. The operator's {@code edge fleet} commands
 * ({@link BrokerOptions}) and {@code edge daemon --mqtt} share these flags; each names the broker URL its own way.
 */
public final class MqttLoginOptions {
  @Option(names = "--mqtt-ca", paramLabel = "FILE", description = "CA certificates (PEM) to trust for mqtts://")
  Path ca;

  @Option(names = "--mqtt-cert", paramLabel = "FILE", description = "Client certificate (PEM) for mqtts://")
  Path cert;

  @Option(names = "--mqtt-key", paramLabel = "FILE", description = "The client certificate's private key (PKCS#8 PEM)")
  Path key;

  @Option(names = "--mqtt-user", paramLabel = "USER", description = "User name to log in to the broker with")
  String user;

  @Option(names = "--mqtt-password-file", paramLabel = "FILE",
      description = "File whose first line is the broker password (never the password itself on the command line)")
  Path passwordFile;

  /** The flags that are set, as flag and value: how {@code edge daemon} hands them to its own JVM. */
  public void forEachSet(BiConsumer<String, Object> flag) {
    set(flag, "--mqtt-ca", ca);
    set(flag, "--mqtt-cert", cert);
    set(flag, "--mqtt-key", key);
    set(flag, "--mqtt-user", user);
    set(flag, "--mqtt-password-file", passwordFile);
  }

  private static void set(BiConsumer<String, Object> flag, String name, Object value) {
    if (value != null) {
      flag.accept(name, value instanceof Path p ? p.toAbsolutePath() : value);
    }
  }

  /** Sets {@code flag} to {@code value} as {@link #forEachSet} gave it; false when it is not one of these flags. */
  public boolean set(String flag, String value) {
    switch (flag) {
      case "--mqtt-ca" -> ca = Path.of(value);
      case "--mqtt-cert" -> cert = Path.of(value);
      case "--mqtt-key" -> key = Path.of(value);
      case "--mqtt-user" -> user = value;
      case "--mqtt-password-file" -> passwordFile = Path.of(value);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The settings for {@code url} as these flags give them, unchecked: for flags {@link #settings} already accepted. */
  public MqttSettings settings(String url) {
    return new MqttSettings(MqttSettings.parse(url), Optional.ofNullable(ca), Optional.ofNullable(cert),
        Optional.ofNullable(key), Optional.ofNullable(user), Optional.ofNullable(passwordFile));
  }

  /**
   * The settings for {@code url} (given with {@code urlFlag}) and these flags.
   *
   * @throws ParameterException (a usage error of {@code cli}) naming the flag: a bad URL, TLS files for
   *     mqtt://, a certificate without its key, a missing file
   */
  public MqttSettings settings(CommandLine cli, String urlFlag, String url) {
    MqttSettings settings;
    try {
      settings = settings(url);
    } catch (IllegalArgumentException e) {
      // MqttSettings says "broker URL: why"; the user typed the flag
      throw new ParameterException(cli, urlFlag + e.getMessage().replaceFirst("^broker", ""));
    }
    if (!settings.tls() && (ca != null || cert != null || key != null)) {
      throw new ParameterException(cli, "--mqtt-ca, --mqtt-cert and --mqtt-key are for mqtts:// brokers, not "
          + url);
    }
    if ((cert == null) != (key == null)) {
      throw new ParameterException(cli, "--mqtt-cert and --mqtt-key go together (a client certificate and its key)");
    }
    exists(cli, "--mqtt-ca", ca);
    exists(cli, "--mqtt-cert", cert);
    exists(cli, "--mqtt-key", key);
    exists(cli, "--mqtt-password-file", passwordFile);
    return settings;
  }

  private static void exists(CommandLine cli, String flag, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw new ParameterException(cli, flag + " " + file + ": " + (Files.exists(file) ? "not readable"
          : "no such file"));
    }
  }
}
