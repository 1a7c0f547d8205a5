package dev.edge.runtime.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.IoErrors;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images and the references (tags, repo digests) that name them, with Docker's semantics, in
 * its directory ({@code ROOT/images}): {@code records/<id hex>.json} per image and
 * {@code references.json},
 * each replaced atomically. A record is written before any reference to it and its references
 * are dropped before it is deleted, so a crash never leaves a reference to nothing.
 *
 * <p>The files are read at first use, not when the daemon starts: they are read with databind,
 * whose ~800 classes would otherwise stay resident in every daemon whose root holds an image,
 * whether or not anyone asks about images (7 MB measured, a restarted daemon's RSS 60.5 MB
 * against 53 MB on an empty root). {@link #size} answers {@code /info} by counting the files.
 */
public final class ImageIndex {
  private static final Logger LOG = LoggerFactory.getLogger(ImageIndex.class);
  private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");
  private static final String REFERENCES = "references.json";
  private final Path records;
  private final Path referencesFile;
  private final Map<Digest, ImageRecord> images = new HashMap<>();
  /** Normalised reference ({@code docker.io/library/alpine:latest}) to image id. */
  private final TreeMap<String, Digest> references = new TreeMap<>();
  private boolean loaded;

  /** The on-disk form of the reference map. */
  private record ReferencesFile(@JsonProperty("references") Map<String, String> references) {}

  /** @param home the index's own directory, normally {@code ROOT/images} */
  public ImageIndex(Path home) throws IOException {
    this.records = Files.createDirectories(home.resolve("records"));
    this.referencesFile = home.resolve(REFERENCES);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(records, ".*.tmp")) {
      for (Path temp : temps) {
        Files.delete(temp);
      }
    }
  }

  /**
   * How many images there are: before the files are first read, the number of record files
   * (one per image; one that turns out unreadable is skipped, with a warning, once read).
   */
  public synchronized int size() {
    if (loaded) {
      return images.size();
    }
    int count = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(records, "*.json")) {
      for (Path ignored : files) {
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("image index " + records + ": " + IoErrors.describe(e), e);
    }
    return count;
  }

  /**
   * Adds or replaces an image and points the given references at it: a tag moves from whatever
   * image it named before (which may become dangling), a digest reference is recorded as a repo
   * digest.
   */
  public synchronized void add(ImageRecord record, Collection<Reference> names) throws IOException {
    loaded();
    AtomicFiles.write(recordFile(record.imageId()), Json.mapper().writeValueAsBytes(record));
    images.put(record.imageId(), record);
    for (Reference name : names) {
      references.put(key(name), record.imageId());
    }
    saveReferences();
  }

  /** {@code docker tag}: points {@code tag} at the image, moving it if it named another. */
  public synchronized void tag(Reference tag, Digest imageId) throws IOException {
    loaded();
    if (tag.tag() == null || tag.digest() != null) {
      throw new IllegalArgumentException("tag " + tag + ": a tag reference (name:tag) is needed");
    }
    if (!images.containsKey(imageId)) {
      throw new NoSuchImageException(imageId.toString());
    }
    references.put(key(tag), imageId);
    saveReferences();
  }

  public synchronized Optional<ImageRecord> get(Digest imageId) {
    loaded();
    return Optional.ofNullable(images.get(imageId));
  }

  /**
   * Finds an image as the docker CLI names it: a reference ({@code alpine},
   * {@code host:5000/x:1}, {@code x@sha256:…}), a full id, or an unambiguous id prefix.
   */
  public synchronized ImageRecord resolve(String nameOrId) {
    loaded();
    Digest id = resolveId(nameOrId);
    if (id == null) {
      throw new NoSuchImageException(nameOrId);
    }
    return images.get(id);
  }

  public synchronized List<ImageRecord> records() {
    loaded();
    return List.copyOf(images.values());
  }

  /** Tags naming the image, familiar form ({@code alpine:latest}), sorted. */
  public synchronized List<String> repoTags(Digest imageId) {
    loaded();
    return namesOf(imageId, false);
  }

  /** {@code name@sha256:<manifest>} references, familiar form, sorted. */
  public synchronized List<String> repoDigests(Digest imageId) {
    loaded();
    return namesOf(imageId, true);
  }

  /** {@code GET /images/json}: newest first, as Docker lists them, without intermediates. */
  public synchronized List<ImageSummary> list() {
    loaded();
    return list(false);
  }

  /**
   * {@code GET /images/json?all=}: with {@code all} false, an untagged image that a build made
   * another image from is an intermediate step and is left out, as Docker does.
   */
  public synchronized List<ImageSummary> list(boolean all) {
    loaded();
    List<ImageSummary> summaries = new ArrayList<>();
    java.util.Set<String> parents = parents();
    for (ImageRecord record : images.values()) {
      Digest id = record.imageId();
      if (!all && repoTags(id).isEmpty() && parents.contains(id.toString())) {
        continue;
      }
      summaries.add(new ImageSummary(id.toString(), "", repoTags(id), repoDigests(id),
          record.createdInstant().getEpochSecond(), record.size(), ImageSummary.NOT_COMPUTED,
          record.size(), record.labels(), ImageSummary.NOT_COMPUTED));
    }
    summaries.sort(Comparator.comparingLong(ImageSummary::created).reversed()
        .thenComparing(ImageSummary::id));
    return summaries;
  }

  /**
   * {@code docker rmi}: untags, and deletes the image record when its last reference goes.
   *
   * @param inUse whether a container uses the image id ({@code sha256:…})
   * @throws NoSuchImageException when nothing matches
   * @throws ImageConflictException when Docker would refuse without force
   */
  public synchronized List<ImageDeleteResponse> remove(String nameOrId, boolean force,
      Predicate<String> inUse) throws IOException {
    loaded();
    Reference named = referenceNamed(nameOrId);
    Digest id = named != null ? references.get(key(named)) : resolveId(nameOrId);
    if (id == null) {
      throw new NoSuchImageException(nameOrId);
    }
    List<ImageDeleteResponse> responses = new ArrayList<>();
    boolean used = inUse.test(id.toString());
    List<String> refs = referencesTo(id);
    if (named != null) {
      if (!force && used && isSingleRepositoryWithAtMostOneTag(refs)) {
        throw new ImageConflictException("conflict: unable to remove repository reference \""
            + nameOrId + "\" (must force) - a container is using its referenced image "
            + id.shortHex());
      }
      untag(key(named), responses);
      if (named.digest() == null && tagsIn(named.name(), id).isEmpty()) {
        // Docker drops a repository's digest references with its last tag.
        for (String ref : referencesTo(id)) {
          if (isDigestReference(ref) && nameOf(ref).equals(named.name())) {
            untag(ref, responses);
          }
        }
      }
      if (!referencesTo(id).isEmpty() || (used && !force)) {
        saveReferences();
        return responses;
      }
    } else {
      if (!force && !refs.isEmpty() && !isSingleRepositoryWithAtMostOneTag(refs)) {
        throw new ImageConflictException("conflict: unable to delete " + id.shortHex()
            + " (must be forced) - image is referenced in multiple repositories");
      }
      if (!force && used) {
        throw new ImageConflictException("conflict: unable to delete " + id.shortHex()
            + " (must be forced) - image is being used by a container");
      }
      if (hasChildren(id)) {
        throw new ImageConflictException("conflict: unable to delete " + id.shortHex()
            + " (cannot be forced) - image has dependent child images");
      }
      for (String ref : refs) {
        untag(ref, responses);
      }
    }
    if (hasChildren(id)) {
      saveReferences(); // untagged only: a build's later steps still stand on it
      return responses;
    }
    saveReferences();
    Digest parent = parentOf(delete(id, responses));
    // Docker's rmi also removes the build steps beneath, while nothing else needs them.
    while (parent != null && images.containsKey(parent) && referencesTo(parent).isEmpty()
        && !hasChildren(parent) && !inUse.test(parent.toString())) {
      parent = parentOf(delete(parent, responses));
    }
    return responses;
  }

  private ImageRecord delete(Digest id, List<ImageDeleteResponse> responses) throws IOException {
    ImageRecord record = images.remove(id);
    Files.deleteIfExists(recordFile(id));
    AtomicFiles.fsyncDirectory(records);
    responses.add(ImageDeleteResponse.deleted(id.toString()));
    return record;
  }

  private static Digest parentOf(ImageRecord record) {
    return record == null || record.parent() == null ? null : Digest.parse(record.parent());
  }

  /** Whether a build made another image from this one. */
  public synchronized boolean hasChildren(Digest id) {
    loaded();
    return parents().contains(id.toString());
  }

  /** The ids that some image names as its parent. */
  private java.util.Set<String> parents() {
    java.util.Set<String> parents = new java.util.HashSet<>();
    for (ImageRecord record : images.values()) {
      if (record.parent() != null) {
        parents.add(record.parent());
      }
    }
    return parents;
  }


  /** {@code docker image prune}: deletes untagged images no container uses; returns their ids. */
  public synchronized List<Digest> pruneDangling(Predicate<String> inUse) throws IOException {
    loaded();
    List<Digest> removed = new ArrayList<>();
    for (Digest id : List.copyOf(images.keySet())) {
      if (images.containsKey(id) && repoTags(id).isEmpty() && !hasChildren(id)
          && !inUse.test(id.toString())) {
        for (ImageDeleteResponse r : remove(id.toString(), true, inUse)) {
          if (r.deleted() != null) {
            removed.add(Digest.parse(r.deleted()));
          }
        }
      }
    }
    return removed;
  }

  private void untag(String ref, List<ImageDeleteResponse> responses) {
    references.remove(ref);
    responses.add(ImageDeleteResponse.untagged(Reference.parse(ref).familiar()));
  }

  private Digest resolveId(String nameOrId) {
    String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
    if (hex.length() == 64 && HEX_PREFIX.matcher(hex).matches()) {
      Digest id = new Digest("sha256", hex);
      return images.containsKey(id) ? id : null;
    }
    Reference named = referenceNamed(nameOrId);
    if (named != null && references.containsKey(key(named))) {
      return references.get(key(named));
    }
    if (!HEX_PREFIX.matcher(hex).matches()) {
      return null;
    }
    Digest match = null;
    for (Digest id : images.keySet()) {
      if (id.hex().startsWith(hex)) {
        if (match != null) {
          throw new ImageConflictException("image id prefix " + hex + " is ambiguous: it"
              + " matches " + match.shortHex() + " and " + id.shortHex());
        }
        match = id;
      }
    }
    return match;
  }

  /** The reference, when the input parses as one and names a known reference. */
  private Reference referenceNamed(String input) {
    try {
      Reference reference = Reference.parse(input);
      return references.containsKey(key(reference)) ? reference : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private List<String> referencesTo(Digest id) {
    List<String> refs = new ArrayList<>();
    references.forEach((ref, target) -> {
      if (target.equals(id)) {
        refs.add(ref);
      }
    });
    return refs;
  }

  private List<String> tagsIn(String name, Digest id) {
    return referencesTo(id).stream()
        .filter(ref -> !isDigestReference(ref) && nameOf(ref).equals(name)).toList();
  }

  private List<String> namesOf(Digest id, boolean digests) {
    return referencesTo(id).stream().filter(ref -> isDigestReference(ref) == digests)
        .map(ref -> Reference.parse(ref).familiar()).sorted().toList();
  }

  /** Docker's isSingleReference: one repository, at most one tag (empty is not single). */
  private static boolean isSingleRepositoryWithAtMostOneTag(List<String> refs) {
    if (refs.isEmpty()) {
      return false;
    }
    long tags = refs.stream().filter(ref -> !isDigestReference(ref)).count();
    long names = refs.stream().map(ImageIndex::nameOf).distinct().count();
    return tags <= 1 && names == 1;
  }

  private static boolean isDigestReference(String ref) {
    return ref.contains("@");
  }

  private static String nameOf(String ref) {
    Reference parsed = Reference.parse(ref);
    return parsed.name();
  }

  /** One key per reference: {@code name:tag}, or {@code name@digest} when a digest is given. */
  static String key(Reference reference) {
    return reference.digest() != null ? reference.name() + "@" + reference.digest()
        : reference.name() + ":" + reference.tag();
  }

  private Path recordFile(Digest id) {
    return records.resolve(id.hex() + ".json");
  }

  private void saveReferences() throws IOException {
    Map<String, String> out = new TreeMap<>();
    references.forEach((ref, id) -> out.put(ref, id.toString()));
    AtomicFiles.write(referencesFile, Json.mapper().writeValueAsBytes(new ReferencesFile(out)));
  }

  /** Reads the files once; an unreadable reference file fails this call and the next ones, naming it. */
  private void loaded() {
    if (loaded) {
      return;
    }
    try {
      load();
    } catch (IOException | RuntimeException e) {
      images.clear();
      references.clear();
      IOException cause = e instanceof IOException io ? io : new IOException(e);
      throw new UncheckedIOException("image index " + referencesFile + ": "
          + IoErrors.describe(cause), cause);
    }
    loaded = true;
  }

  private void load() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(records, "*.json")) {
      for (Path file : files) {
        try {
          ImageRecord record = Json.mapper().readValue(file.toFile(), ImageRecord.class);
          images.put(record.imageId(), record);
        } catch (IOException | RuntimeException e) {
          LOG.warn("image index: ignoring unreadable record {}: {}", file, e.getMessage());
        }
      }
    }
    if (!Files.exists(referencesFile)) {
      return;
    }
    ReferencesFile file = Json.mapper().readValue(referencesFile.toFile(), ReferencesFile.class);
    file.references().forEach((ref, id) -> {
      Digest digest = Digest.parse(id);
      if (images.containsKey(digest)) {
        references.put(ref, digest);
      } else {
        LOG.warn("image index: dropping reference {} to missing image {}", ref, id);
      }
    });
  }
}
