package dev.edge.hal.sim;

import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import dev.edge.hal.serial.SerialPortException;
import java.io.IOException;
import java.time.Duration;

/** The host's end of an in-process line to a {@link SimulatedBoard}; DTR/RTS reach the board's reset circuit. */
final class SimulatedSerialPort implements SerialPort {
  private final String name;
  private final Wire toChip;
  private final Wire fromChip;
  private final BoardPins pins;
  private volatile int baud;
  private volatile boolean closed;

  SimulatedSerialPort(String name, Wire toChip, Wire fromChip, BoardPins pins, int baud) {
    this.name = name;
    this.toChip = toChip;
    this.fromChip = fromChip;
    this.pins = pins;
    this.baud = baud;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int read(byte[] buffer, int offset, int len, Duration timeout) throws IOException {
    ensureOpen();
    return fromChip.receive(buffer, offset, len, timeout, baud);
  }

  @Override
  public void write(byte[] data, int offset, int len) throws IOException {
    ensureOpen();
    toChip.send(data, offset, len, baud);
  }

  @Override
  public void drain() throws IOException {
    ensureOpen();
    try {
      Timing.sleepUntil(toChip.lastArrival());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(name + ": drain interrupted");
    }
  }

  @Override
  public void discardInput() throws IOException {
    ensureOpen();
    fromChip.clear();
  }

  @Override
  public void setBaudRate(int rate) throws IOException {
    ensureOpen();
    if (rate <= 0) {
      throw new IllegalArgumentException("baud rate must be positive: " + rate);
    }
    baud = rate;
  }

  @Override
  public int baudRate() {
    return baud;
  }

  @Override
  public LineControl setDtr(boolean asserted) throws IOException {
    ensureOpen();
    pins.setDtr(asserted);
    return LineControl.APPLIED;
  }

  @Override
  public LineControl setRts(boolean asserted) throws IOException {
    ensureOpen();
    pins.setRts(asserted);
    return LineControl.APPLIED;
  }

  @Override
  public LineControl setDtrRts(boolean dtr, boolean rts) throws IOException {
    ensureOpen();
    pins.setModemLines(dtr, rts);
    return LineControl.APPLIED;
  }

  private void ensureOpen() throws SerialPortException {
    if (closed) {
      throw new SerialPortException(name + ": port is closed");
    }
  }

  /** Closing drops DTR and RTS, as the kernel does with HUPCL. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pins.setModemLines(false, false);
    }
  }
}
