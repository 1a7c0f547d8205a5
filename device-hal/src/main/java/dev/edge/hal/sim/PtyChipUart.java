package dev.edge.hal.sim;

import dev.edge.hal.serial.PseudoTerminal;
import java.io.IOException;
import java.time.Duration;

/** Chip UART on a pty master; the host's baud rate is read from the slave's termios, wire time is simulated. */
final class PtyChipUart implements ChipUart {
  /** A host that reads nothing for this long has gone; output is then dropped as a real UART would. */
  private static final Duration WRITE_GIVE_UP = Duration.ofSeconds(1);

  private final PseudoTerminal pty;
  private final Timing timing;
  private long wireFree;
  private long firstArrival;
  private long byteNanos;
  private int lastBaud;

  PtyChipUart(PseudoTerminal pty, Timing timing) {
    this.pty = pty;
    this.timing = timing;
  }

  @Override
  public int read(byte[] buffer, Duration timeout) throws IOException {
    int n = pty.read(buffer, 0, buffer.length, timeout);
    if (n <= 0) {
      return n;
    }
    lastBaud = pty.slaveBaudRate();
    long now = System.nanoTime();
    byteNanos = timing.byteNanos(lastBaud);
    firstArrival = Math.max(wireFree, now);
    wireFree = firstArrival + n * byteNanos;
    return n;
  }

  @Override
  public long arrivalNanos(int index) {
    return firstArrival + (index + 1) * byteNanos;
  }

  @Override
  public int lastReadBaud() {
    return lastBaud;
  }

  @Override
  public void write(byte[] data, int baud) throws IOException {
    long done = System.nanoTime() + data.length * timing.byteNanos(baud);
    try {
      Timing.sleepUntil(done);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    byte[] out = data;
    if (!ChipUart.compatible(baud, pty.slaveBaudRate())) {
      out = data.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] = ChipUart.garble(out[i]);
      }
    }
    try {
      pty.write(out, 0, out.length, WRITE_GIVE_UP);
    } catch (dev.edge.hal.serial.PortDisconnectedException e) {
      throw e;
    } catch (IOException e) {
      // nobody reads the port: the bytes go nowhere, as on a real line
    }
  }

  @Override
  public void close() {
    pty.close();
  }
}
