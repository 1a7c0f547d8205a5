package dev.edge.runtime.monitor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns of container exits from the files conmon writes into its exit directory (one per
 * container, named by id, holding the status). Files are the channel because they survive a
 * daemon restart: exits that happened while the daemon was down are found at start.
 */
public final class ExitWatcher implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);

  private static final java.util.regex.Pattern CONTAINER_ID =
      java.util.regex.Pattern.compile("[0-9a-f]{64}");

  private final Path exitDir;
  private final BiConsumer<String, Integer> onExit;
  private final WatchService watch;
  private final Thread thread;

  /** {@code onExit} gets (container id, status) and must delete the file once recorded. */
  public ExitWatcher(Path exitDir, BiConsumer<String, Integer> onExit) throws IOException {
    this.exitDir = Files.createDirectories(exitDir);
    this.onExit = onExit;
    this.watch = exitDir.getFileSystem().newWatchService();
    exitDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY);
    this.thread = new Thread(this::loop, "container-exits");
    thread.setDaemon(true);
  }

  /** Delivers exits already on disk, then follows new ones. */
  public void start() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(exitDir)) {
      for (Path f : files) {
        deliver(f);
      }
    }
    thread.start();
  }

  /** The recorded status of a container's exit, if conmon wrote one. */
  public static java.util.Optional<Integer> read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(Integer.parseInt(text));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.warn("exit file {} unreadable: {}", file, e.toString());
      return java.util.Optional.empty();
    }
  }

  public Path dir() {
    return exitDir;
  }

  public Path fileFor(String id) {
    return exitDir.resolve(id);
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watch.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path name) {
            deliver(exitDir.resolve(name));
          } else {
            // Overflow: look at everything.
            try (DirectoryStream<Path> files = Files.newDirectoryStream(exitDir)) {
              files.forEach(this::deliver);
            }
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Closing.
    } catch (IOException e) {
      LOG.error("watching {} failed; exits will be noticed at the next start", exitDir, e);
    }
  }

  private void deliver(Path file) {
    String name = file.getFileName().toString();
    if (!CONTAINER_ID.matcher(name).matches()) {
      // conmon writes through glib's g_file_set_contents: "<id>.XXXXXX", then a rename.
      // Touching that temporary file would make the rename fail and lose the exit.
      return;
    }
    read(file).ifPresent(status -> {
      try {
        onExit.accept(name, status);
      } catch (RuntimeException e) {
        LOG.warn("handling the exit of {} failed", name, e);
      }
    });
  }

  @Override
  public void close() throws IOException {
    watch.close();
    thread.interrupt();
  }
}
