package dev.edge.cli.fleet;

import dev.edge.agent.mqtt.MqttSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The broker flags every {@code edge fleet} command that talks MQTT shares: URL, TLS files, user, password file. */
public final class BrokerOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--broker", paramLabel = "URL", required = true,
      description = "The fleet's broker: mqtt://HOST[:PORT] or mqtts://HOST[:PORT]")
  String broker;

  @Mixin
  MqttLoginOptions login = new MqttLoginOptions();

  /**
   * The settings the flags describe.
   *
   * @throws ParameterException (a usage error) naming the flag: a bad URL, TLS files for mqtt://, a missing file
   */
  MqttSettings settings() {
    return login.settings(mixee.commandLine(), "--broker", broker);
  }
}
