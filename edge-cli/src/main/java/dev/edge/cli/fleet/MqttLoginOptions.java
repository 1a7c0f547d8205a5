package dev.edge.cli.fleet;

import dev.edge.agent.mqtt.MqttSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

  /**
   * The settings for {@code url} (given with {@code urlFlag}) and these flags.
   *
   * @throws ParameterException (a usage error of {@code cli}) naming the flag: a bad URL, TLS files for
   *     mqtt://, a certificate without its key, a missing file
   */
  public MqttSettings settings(CommandLine cli, String urlFlag, String url) {
    MqttSettings settings;
    try {
      settings = new MqttSettings(MqttSettings.parse(url), Optional.ofNullable(ca), Optional.ofNullable(cert),
          Optional.ofNullable(key), Optional.ofNullable(user), Optional.ofNullable(passwordFile));
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
