package dev.edge.runtime.container;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers the daemon knows, by id and by name, each kept in ROOT/containers/ID/. The
 * record is written atomically after every change, so a crash leaves the old or the new state.
 */
public final class ContainerStore {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerStore.class);
  private static final String RECORD = "container.json";

  private final Path home;
  private final Map<String, Container> byId = new LinkedHashMap<>();
  private final Map<String, String> idByName = new HashMap<>();

  public ContainerStore(Path home) throws IOException {
    this.home = Files.createDirectories(home);
    load();
  }

  public Path dir(String id) {
    return home.resolve(id);
  }

  private void load() throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(home, Files::isDirectory)) {
      for (Path dir : dirs) {
        Path record = dir.resolve(RECORD);
        if (!Files.exists(record)) {
          // Created directory, crash before the record: nothing references it.
          LOG.info("removing unfinished container directory {}", dir);
          FileTrees.delete(dir);
          continue;
        }
        try {
          Container c = Json.mapper().readValue(record.toFile(), Container.class);
          c.dir = dir;
          byId.put(c.id, c);
          idByName.put(c.name, c.id);
        } catch (IOException e) {
          LOG.error("container record {} unreadable, skipped: {}", record, e.toString());
        }
      }
    }
  }

  /** Reserves the name and id and writes the first record; a taken name is a 409. */
  public synchronized void add(Container c) throws IOException {
    String holder = idByName.get(c.name);
    if (holder != null) {
      throw ApiException.conflict("Conflict. The container name \"/" + c.name
          + "\" is already in use by container \"" + holder
          + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
    c.dir = Files.createDirectories(dir(c.id));
    byId.put(c.id, c);
    idByName.put(c.name, c.id);
    try {
      save(c);
    } catch (IOException e) {
      byId.remove(c.id);
      idByName.remove(c.name);
      throw e;
    }
  }

  public synchronized boolean nameTaken(String name) {
    return idByName.containsKey(name);
  }

  /** Writes the container's record; callers hold the container's lock. */
  public void save(Container c) throws IOException {
    AtomicFiles.write(dir(c.id).resolve(RECORD), Json.mapper().writeValueAsBytes(c));
  }

  public synchronized void remove(Container c) throws IOException {
    byId.remove(c.id);
    idByName.remove(c.name);
    FileTrees.delete(dir(c.id));
  }

  /**
   * Docker's lookup: a full id, a name (with or without its slash), or an unambiguous id
   * prefix. Unknown is a 404, ambiguous a 400.
   */
  public synchronized Container resolve(String ref) {
    return find(ref).orElseThrow(() -> ApiException.notFound("No such container: " + ref));
  }

  public synchronized Optional<Container> find(String ref) {
    String name = ref.startsWith("/") ? ref.substring(1) : ref;
    Container exact = byId.get(ref);
    if (exact != null) {
      return Optional.of(exact);
    }
    String byName = idByName.get(name);
    if (byName != null) {
      return Optional.of(byId.get(byName));
    }
    if (ref.isEmpty() || !ref.matches("[0-9a-f]+")) {
      return Optional.empty();
    }
    List<Container> matches = new ArrayList<>();
    for (Container c : byId.values()) {
      if (c.id.startsWith(ref)) {
        matches.add(c);
      }
    }
    if (matches.size() > 1) {
      throw ApiException.badRequest("multiple containers found with provided prefix: " + ref);
    }
    return matches.stream().findFirst();
  }

  /** Newest first, as {@code docker ps} lists them. */
  public synchronized List<Container> all() {
    List<Container> list = new ArrayList<>(byId.values());
    list.sort(Comparator.comparing((Container c) -> c.created).reversed());
    return list;
  }
}
