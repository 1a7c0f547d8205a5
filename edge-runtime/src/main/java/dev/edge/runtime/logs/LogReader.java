package dev.edge.runtime.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log file for {@code docker logs}: {@code --tail}, {@code --since},
 * {@code --until} and {@code --follow}. conmon rotates by replacing the file when it reaches
 * its size limit, so a follower that sees a new inode (or a shorter file) starts over on it.
 */
public final class LogReader {
  /** How often a follower looks for new records; Docker's json-file follower uses inotify. */
  private static final long FOLLOW_POLL_MILLIS = 100;

  private final Path file;

  public LogReader(Path file) {
    this.file = file;
  }

  /** Receives records in order; returns false to stop reading. */
  public interface Sink {
    boolean accept(LogEntry entry) throws IOException;
  }

  /** What to read. {@code tail} < 0 means all. */
  public record Query(int tail, Instant since, Instant until, boolean follow) {}

  /**
   * Sends the selected records to {@code sink}; when following, keeps going until {@code
   * running} turns false and the file has nothing more.
   */
  public void read(Query query, Sink sink, BooleanSupplier running) throws IOException {
    long offset = 0;
    Object inode = inode();
    if (query.tail() >= 0) {
      offset = startOfLastLines(query.tail());
    }
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    while (true) {
      long[] position = {offset};
      boolean more = readFrom(position, pending, query, sink);
      if (!more) {
        return;
      }
      offset = position[0];
      if (!query.follow()) {
        return;
      }
      boolean alive = running.getAsBoolean();
      Object now = inode();
      if (now != null && !now.equals(inode) || size() < offset) {
        inode = now; // rotated: the new file starts over
        offset = 0;
        pending.reset();
        continue;
      }
      if (!alive && size() == offset) {
        return;
      }
      try {
        Thread.sleep(FOLLOW_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Reads whole lines from {@code position}; returns false if the sink asked to stop. */
  private boolean readFrom(long[] position, ByteArrayOutputStream pending, Query query,
      Sink sink) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      if (raf.length() <= position[0]) {
        return true;
      }
      raf.seek(position[0]);
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = raf.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            LogEntry e = LogEntry.parse(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            if (e != null && selected(e, query) && !sink.accept(e)) {
              return false;
            }
            if (e != null && query.until() != null && e.time().isAfter(query.until())) {
              return false;
            }
          } else {
            pending.write(buf[i]);
          }
        }
        position[0] += n;
      }
      // A torn last line stays pending, so it is not counted as read.
      position[0] -= pending.size();
      pending.reset();
      return true;
    } catch (NoSuchFileException e) {
      return true; // between conmon's rotation steps, or not written yet
    } catch (java.io.FileNotFoundException e) {
      return true;
    }
  }

  private static boolean selected(LogEntry e, Query q) {
    return (q.since() == null || !e.time().isBefore(q.since()))
        && (q.until() == null || !e.time().isAfter(q.until()));
  }

  /** The offset where the last {@code lines} full lines begin. */
  private long startOfLastLines(int lines) throws IOException {
    if (lines == 0) {
      return size();
    }
    Deque<Long> starts = new ArrayDeque<>();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long lineStart = 0;
      byte[] buf = new byte[64 * 1024];
      long pos = 0;
      int n;
      // Track starts of records that end a line (F); partial pieces belong to the next F.
      while ((n = raf.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            long next = pos + i + 1;
            starts.addLast(lineStart);
            if (starts.size() > lines) {
              starts.removeFirst();
            }
            lineStart = next;
          }
        }
        pos += n;
      }
      return starts.isEmpty() ? length : starts.peekFirst();
    } catch (java.io.FileNotFoundException e) {
      return 0;
    }
  }

  private long size() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private Object inode() {
    try {
      return Files.getAttribute(file, "unix:ino");
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
