package dev.edge.agent.fleet;

import dev.edge.runtime.fs.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded on-disk buffer of messages that could not be published (job status and events while the broker
 * is away, and those the broker never acknowledged), one file each, named by the message's number so they go
 * out in the order they were made, whenever each was put here. Beyond the bound new messages are dropped and
 * counted: the count is reported in the gateway's status.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** One reliable publish; {@code id} orders it among all the agent's reliable messages. */
  record Message(long id, String topic, byte[] payload, int qos, boolean retained) {}

  private final Path dir;
  private final int limit;
  private final TreeMap<Long, Path> files = new TreeMap<>();
  private long next;
  private long dropped;

  Outbox(Path dir, int limit) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.limit = limit;
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.msg")) {
      s.forEach(found::add);
    }
    found.forEach(f -> files.put(number(f), f));
    next = files.isEmpty() ? 0 : files.lastKey() + 1;
  }

  /** The number for a new message: after every message buffered, including those of an earlier run. */
  synchronized long nextId() {
    return next++;
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
    Path file = dir.resolve(String.format("%019d.msg", m.id()));
    try {
      AtomicFiles.write(file, encode(m));
      files.put(m.id(), file);
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
      Map.Entry<Long, Path> first = files.firstEntry();
      try {
        return Optional.of(decode(first.getKey(), Files.readAllBytes(first.getValue())));
      } catch (IOException e) {
        LOG.warn("outbox: dropping unreadable {}: {}", first.getValue(), e.getMessage());
        dropped++;
        removeFile(files.pollFirstEntry().getValue());
      }
    }
    return Optional.empty();
  }

  /** Removes message {@code id} once the broker has it. */
  synchronized void remove(long id) {
    Path file = files.remove(id);
    if (file != null) {
      removeFile(file);
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

  private static Message decode(long id, byte[] data) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
      String topic = in.readUTF();
      int qos = in.readByte();
      boolean retained = in.readBoolean();
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new Message(id, topic, payload, qos, retained);
    }
  }
}
