package dev.edge.hal.sim;

import java.io.IOException;
import java.time.Duration;

/** Chip UART on the in-process link; bytes are already paced by the {@link Wire}. */
final class LinkChipUart implements ChipUart {
  private final Wire fromHost;
  private final Wire toHost;

  LinkChipUart(Wire fromHost, Wire toHost) {
    this.fromHost = fromHost;
    this.toHost = toHost;
  }

  @Override
  public int read(byte[] buffer, Duration timeout) throws IOException {
    return fromHost.receive(buffer, 0, buffer.length, timeout, 0);
  }

  @Override
  public long arrivalNanos(int index) {
    return 0;
  }

  @Override
  public int lastReadBaud() {
    return fromHost.lastBaud();
  }

  @Override
  public void write(byte[] data, int baud) throws IOException {
    toHost.send(data, 0, data.length, baud);
  }

  @Override
  public void close() {
    fromHost.close();
    toHost.close();
  }
}
