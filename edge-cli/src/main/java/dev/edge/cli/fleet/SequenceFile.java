package dev.edge.cli.fleet;

import dev.edge.cli.UserException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

/**
 * The {@code seq} numbers of one fleet key on this machine, kept in {@code KEY.seq} beside the key: each is
 * {@code max(now in microseconds, last + 1)}, so they increase strictly even when the clock steps back, and
 * stay unique after the file is lost as long as the clock is right. The file is locked while a number is
 * taken, so two sends at once (two processes, or two threads of this one) never get the same number.
 */
final class SequenceFile {
  /** The number is written at a fixed width, in one write at offset 0: there is never a half-truncated file. */
  private static final int WIDTH = 20;
  /** {@link FileLock}s belong to the process; threads of this JVM take turns here first. */
  private static final Object JVM_LOCK = new Object();

  private final Path file;
  private final Clock clock;

  SequenceFile(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** {@code KEY.seq} for the private key {@code key}. */
  static SequenceFile beside(Path key, Clock clock) {
    return new SequenceFile(key.resolveSibling(key.getFileName() + ".seq"), clock);
  }

  Path file() {
    return file;
  }

  /**
   * Reserves {@code count} consecutive numbers and returns the first.
   *
   * @throws UserException when the file cannot be written or holds something that is not a number
   */
  long reserve(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count);
    }
    synchronized (JVM_LOCK) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        long first = Math.max(micros(clock.instant()), read(channel) + 1);
        long last = Math.addExact(first, count - 1);
        byte[] text = String.format("%0" + WIDTH + "d%n", last).getBytes(StandardCharsets.US_ASCII);
        channel.write(ByteBuffer.wrap(text), 0);
        channel.force(false);
        return first;
      } catch (IOException e) {
        throw new UserException("job sequence file " + file + ": " + e.getMessage()
            + " (signed jobs need a number that never repeats; the file sits beside the key and must be writable)");
      }
    }
  }

  private long read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read until full or at the end
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new UserException("job sequence file " + file + " holds '" + text + "', not a number; it records the"
          + " last seq signed with this key: put back a number at least as large as that one (a guess well above"
          + " it is safe, one below it lets gateways refuse the next jobs as replays)");
    }
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }
}
