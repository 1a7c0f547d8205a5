package dev.edge.cli.fleet;

import dev.edge.agent.mqtt.MqttSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The broker flags every {@code edge fleet} command that talks MQTT shares: URL, TLS files, user, password file. */
public final class BrokerOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--broker", paramLabel = "URL", required = true,
      description = "The fleet's broker: mqtt://HOST[:PORT] or mqtts://HOST[:PORT]")
  String broker;

  @Option(names = "--mqtt-ca", paramLabel = "FILE", description = "CA certificates (PEM) to trust for mqtts://")
  Path ca;

  @Option(names = "--mqtt-cert", paramLabel = "FILE", description = "Client certificate (PEM) for mqtts://")
  Path cert;

  @Option(names = "--mqtt-key", paramLabel = "FILE", description = "The client certificate's private key (PEM)")
  Path key;

  @Option(names = "--mqtt-user", paramLabel = "USER", description = "User name to log in to the broker with")
  String user;

  @Option(names = "--mqtt-password-file", paramLabel = "FILE",
      description = "File whose first line is the broker password (never the password itself on the command line)")
  Path passwordFile;

  /**
   * The settings the flags describe.
   *
   * @throws ParameterException (a usage error) naming the flag: a bad URL, TLS files for mqtt://, a missing file
   */
  MqttSettings settings() {
    CommandLine cli = mixee.commandLine();
    MqttSettings settings;
    try {
      settings = new MqttSettings(MqttSettings.parse(broker), Optional.ofNullable(ca), Optional.ofNullable(cert),
          Optional.ofNullable(key), Optional.ofNullable(user), Optional.ofNullable(passwordFile));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, "--" + e.getMessage());
    }
    if (!settings.tls() && (ca != null || cert != null || key != null)) {
      throw new ParameterException(cli, "--mqtt-ca, --mqtt-cert and --mqtt-key are for mqtts:// brokers, not "
          + broker);
    }
    if ((cert == null) != (key == null)) {
      throw new ParameterException(cli, "--mqtt-cert and --mqtt-key go together (a client certificate and its key)");
    }
    exists("--mqtt-ca", ca);
    exists("--mqtt-cert", cert);
    exists("--mqtt-key", key);
    exists("--mqtt-password-file", passwordFile);
    return settings;
  }

  private void exists(String flag, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw new ParameterException(mixee.commandLine(), flag + " " + file + ": "
          + (Files.exists(file) ? "not readable" : "no such file"));
    }
  }
}
