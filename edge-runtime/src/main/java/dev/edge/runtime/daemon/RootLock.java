package dev.edge.runtime.daemon;

import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a daemon root, so two daemons never share one. The kernel drops the lock
 * when the process dies, so a crash never leaves a stale lock behind.
 */
public final class RootLock implements AutoCloseable {
  static final String FILE = "edge.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RootLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static RootLock acquire(Path root) throws DaemonStartException {
    Path file = root.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(root);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new DaemonStartException("cannot use root " + root + ": " + IoErrors.describe(e), e);
    }
    try {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holderOf(file);
        channel.close();
        throw new DaemonStartException("another edge daemon" + holder + " is using root " + root
            + "; stop it, or give this one its own --root");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new RootLock(channel, lock);
    } catch (IOException e) {
      throw new DaemonStartException("cannot lock root " + root + ": " + IoErrors.describe(e), e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very JVM
    }
  }

  private static String holderOf(Path file) {
    try {
      String pid = Files.readString(file).strip();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
