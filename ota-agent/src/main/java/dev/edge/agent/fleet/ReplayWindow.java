package dev.edge.agent.fleet;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code seq}s this gateway has accepted, per fleet key, each kept until its document expires: a replayed
 * document is then either remembered here or already expired. Kept on disk ({@code replay.json}, replaced
 * atomically but not fsynced) and rebuilt at start from the job records too, which are fsynced when a job is
 * accepted: a job whose record survived a crash has its seq remembered, and one whose record did not never ran,
 * so running it when it comes again is still running it once. One fsync fewer on every job's way in.
 */
final class ReplayWindow {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayWindow.class);

  private final Path file;
  /** "keyId:seq" to the instant the document expires. */
  private final Map<String, String> seen;

  ReplayWindow(Path file) throws IOException {
    this.file = file;
    Map<String, String> loaded = new HashMap<>();
    if (Files.exists(file)) {
      try {
        loaded = Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
      } catch (IOException e) {
        // Refusing to start would take the gateway off the fleet; the expiry check still bounds replays.
        LOG.warn("replay window {} is unreadable ({}); starting empty", file, e.getMessage());
      }
    }
    this.seen = loaded;
  }

  /**
   * Records {@code seq} of {@code keyId} as used until {@code expiresAt}.
   *
   * @return false if it was used already (a replay)
   */
  synchronized boolean admit(String keyId, long seq, Instant expiresAt, Instant now) throws IOException {
    seen.values().removeIf(expiry -> !Instant.parse(expiry).isAfter(now));
    String key = keyId + ":" + seq;
    if (seen.containsKey(key)) {
      return false;
    }
    seen.put(key, expiresAt.toString());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, Json.mapper().writeValueAsBytes(seen));
    AtomicFiles.moveAtomically(temp, file);
    return true;
  }

  /** A seq known from a job record. */
  synchronized void remember(String keyId, long seq, Instant expiresAt) {
    seen.putIfAbsent(keyId + ":" + seq, expiresAt.toString());
  }

  synchronized int size() {
    return seen.size();
  }
}
