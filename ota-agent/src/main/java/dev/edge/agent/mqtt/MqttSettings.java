package dev.edge.agent.mqtt;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * How to reach the broker, as the daemon's and the fleet CLI's flags give it: {@code mqtt://HOST:PORT} or
 * {@code mqtts://HOST:PORT} (TLS, port 8883 by default), an optional CA file, client certificate and key (PEM),
 * user name and a file holding the password (never the password itself on a command line).
 */
public record MqttSettings(URI broker, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                           Optional<String> username, Optional<Path> passwordFile) {

  /** Plain settings for {@code broker}, no TLS material and no credentials. */
  public static MqttSettings of(String broker) {
    return new MqttSettings(parse(broker), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the URL
   */
  public static URI parse(String broker) {
    URI uri;
    try {
      uri = new URI(broker);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("broker " + broker + ": " + e.getMessage());
    }
    String scheme = uri.getScheme();
    if (!"mqtt".equals(scheme) && !"mqtts".equals(scheme)) {
      throw new IllegalArgumentException("broker " + broker + ": use mqtt://HOST:PORT or mqtts://HOST:PORT");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("broker " + broker + ": no host");
    }
    return uri;
  }

  public boolean tls() {
    return "mqtts".equals(broker.getScheme());
  }

  /** The URI as Paho names it: {@code tcp://} or {@code ssl://}, with the default port filled in. */
  public String pahoUri() {
    int port = broker.getPort() > 0 ? broker.getPort() : tls() ? 8883 : 1883;
    String host = broker.getHost().contains(":") && !broker.getHost().startsWith("[")
        ? "[" + broker.getHost() + "]" : broker.getHost();
    return (tls() ? "ssl://" : "tcp://") + host + ":" + port;
  }

  /** Connect options with these credentials and, for mqtts, TLS with hostname verification. */
  public MqttConnectOptions connectOptions() throws IOException {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (username.isPresent()) {
      o.setUserName(username.get());
    }
    if (passwordFile.isPresent()) {
      o.setPassword(readPassword(passwordFile.get()).toCharArray());
    }
    if (tls()) {
      o.setSocketFactory(TlsContexts.socketFactory(caFile, certFile, keyFile));
      o.setHttpsHostnameVerificationEnabled(true);
    } else if (caFile.isPresent() || certFile.isPresent() || keyFile.isPresent()) {
      throw new IOException("TLS files were given for " + broker + ", which is not mqtts://");
    } else {
      o.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    }
    return o;
  }

  /** The first line, without its line end: a file written on Windows ends it with CR LF. */
  private static String readPassword(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("password file " + file + ": cannot read (" + e + ")", e);
    }
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
