package dev.edge.agent.fleet;

import dev.edge.runtime.fs.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded on-disk buffer of messages that could not be published (job status and events while the broker
 * is away), one file each, named by a sequence number so they go out in the order they were made. Beyond the
 * bound new messages are dropped and counted: the count is reported in the gateway's status.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** One buffered publish. */
  record Message(String topic, byte[] payload, int qos, boolean retained) {}

  private final Path dir;
  private final int limit;
  private final Deque<Path> files = new ArrayDeque<>();
  private long next;
  private long dropped;

  Outbox(Path dir, int limit) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.limit = limit;
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.msg")) {
      s.forEach(found::add);
    }
    found.sort(null);
    files.addAll(found);
    next = found.isEmpty() ? 0 : number(found.get(found.size() - 1)) + 1;
  }

  private static long number(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".msg".length()));
  }

  /** Buffers {@code m}; false (and counted) when the outbox is full or the disk refuses. */
  synchronized boolean offer(Message m) {
    if (files.size() >= limit) {
      dropped++;
      return false;
    }
    Path file = dir.resolve(String.format("%019d.msg", next++));
    try {
      AtomicFiles.write(file, encode(m));
      files.addLast(file);
      return true;
    } catch (IOException e) {
      dropped++;
      LOG.warn("outbox: cannot keep a message for {}: {}", m.topic(), e.getMessage());
      return false;
    }
  }

  /** The oldest message, left in place until {@link #remove}. */
  synchronized Optional<Message> peek() {
    while (!files.isEmpty()) {
      Path file = files.peekFirst();
      try {
        return Optional.of(decode(Files.readAllBytes(file)));
      } catch (IOException e) {
        LOG.warn("outbox: dropping unreadable {}: {}", file, e.getMessage());
        dropped++;
        removeFile(files.removeFirst());
      }
    }
    return Optional.empty();
  }

  synchronized void remove() {
    if (!files.isEmpty()) {
      removeFile(files.removeFirst());
    }
  }

  synchronized boolean isEmpty() {
    return files.isEmpty();
  }

  synchronized int size() {
    return files.size();
  }

  synchronized long dropped() {
    return dropped;
  }

  private static void removeFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("outbox: cannot remove {}: {}", file, e.getMessage());
    }
  }

  private static byte[] encode(Message m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(m.payload().length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(m.topic());
      out.writeByte(m.qos());
      out.writeBoolean(m.retained());
      out.writeInt(m.payload().length);
      out.write(m.payload());
    }
    return bytes.toByteArray();
  }

  private static Message decode(byte[] data) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
      String topic = in.readUTF();
      int qos = in.readByte();
      boolean retained = in.readBoolean();
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new Message(topic, payload, qos, retained);
    }
  }
}
