package dev.edge.hal.serial;

import java.io.IOException;
import java.time.Duration;

/** A serial line as the flasher needs it: timed reads, writes, baud rate and the DTR/RTS modem lines. */
public interface SerialPort extends AutoCloseable {

  /** The path the port was opened by, for messages. */
  String name();

  /**
   * Reads up to {@code len} bytes, waiting at most {@code timeout} for the first one.
   *
   * @return the number of bytes read, 0 when the timeout passed without data
   * @throws PortDisconnectedException when the device went away (unplugged, simulator killed)
   */
  int read(byte[] buffer, int offset, int len, Duration timeout) throws IOException;

  /** Queues all bytes for sending; returns once the kernel (or link) has accepted them. */
  void write(byte[] data, int offset, int len) throws IOException;

  default void write(byte[] data) throws IOException {
    write(data, 0, data.length);
  }

  /** Waits until every written byte has left the port. */
  void drain() throws IOException;

  /** Throws away bytes that were received but not read yet. */
  void discardInput() throws IOException;

  void setBaudRate(int baud) throws IOException;

  int baudRate();

  /** Sets DTR; {@code asserted} is pyserial's {@code True}, i.e. the line driven low. */
  LineControl setDtr(boolean asserted) throws IOException;

  /** Sets RTS; {@code asserted} is pyserial's {@code True}, i.e. the line driven low. */
  LineControl setRts(boolean asserted) throws IOException;

  /** Sets DTR and RTS in one step, as the tight Unix reset sequence needs. */
  LineControl setDtrRts(boolean dtr, boolean rts) throws IOException;

  @Override
  void close() throws IOException;
}
