package dev.edge.agent.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/** TLS for the broker connection from PEM files. */
final class TlsContexts {
  private TlsContexts() {}

  static SSLSocketFactory socketFactory(Optional<Path> ca, Optional<Path> cert, Optional<Path> key)
      throws IOException {
    throw new IOException("mqtts:// is not wired yet");
  }
}
