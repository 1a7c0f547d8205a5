package dev.edge.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIndexTest {
  private static final Predicate<String> UNUSED = id -> false;
  @TempDir Path root;

  static ImageRecord image(String seed, Instant created) {
    Digest config = Digest.sha256(("config " + seed).getBytes());
    Digest layer = Digest.sha256(("layer " + seed).getBytes());
    Digest diffId = Digest.sha256(("diff " + seed).getBytes());
    return ImageRecord.of(Digest.sha256(("manifest " + seed).getBytes()),
        MediaTypes.OCI_MANIFEST, null, Descriptor.of(MediaTypes.OCI_CONFIG, config, 100),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, layer, 1000)), List.of(diffId),
        Platform.parse("linux/arm64"), created, 4000, Map.of("org.example", "x"));
  }

  static Reference ref(String s) {
    return Reference.parse(s);
  }

  static List<ImageDeleteResponse> untagged(String... names) {
    return java.util.Arrays.stream(names).map(ImageDeleteResponse::untagged).toList();
  }

  @Test
  void addTagsAndListsWithDockersFields() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord old = image("old", Instant.parse("2020-01-01T00:00:00Z"));
    ImageRecord fresh = image("new", Instant.parse("2024-01-01T00:00:00Z"));
    index.add(old, List.of(ref("alpine"), ref("alpine@" + old.manifest())));
    index.add(fresh, List.of(ref("127.0.0.1:5000/tc:1")));

    List<ImageSummary> list = index.list();
    assertEquals(List.of(fresh.id(), old.id()), list.stream().map(ImageSummary::id).toList());
    ImageSummary alpine = list.get(1);
    assertEquals(List.of("alpine:latest"), alpine.repoTags());
    assertEquals(List.of("alpine@" + old.manifest()), alpine.repoDigests());
    assertEquals(1577836800L, alpine.created());
    assertEquals(4000, alpine.size());
    assertEquals(List.of("127.0.0.1:5000/tc:1"), list.get(0).repoTags());
    assertEquals(old, index.resolve("alpine:latest"));
    assertEquals(old, index.resolve("docker.io/library/alpine"));
    assertEquals(old, index.resolve(old.id()));
    assertEquals(old, index.resolve(old.imageId().hex().substring(0, 12)));
    assertEquals(old, index.resolve("alpine@" + old.manifest()));
    assertThrows(NoSuchImageException.class, () -> index.resolve("busybox"));
  }

  @Test
  void theIndexSurvivesARestart() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord image = image("a", Instant.now());
    index.add(image, List.of(ref("a:1")));
    ImageIndex reopened = new ImageIndex(root.resolve("images"));
    assertEquals(image, reopened.resolve("a:1"));
    assertEquals(List.of("a:1"), reopened.repoTags(image.imageId()));
  }

  @Test
  void aReopenedIndexCountsItsRecordsWithoutReadingThemAndReadsThemAtFirstUse() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    index.add(image("a", Instant.now()), List.of(ref("a:1")));
    index.add(image("b", Instant.now()), List.of(ref("b:1")));
    Path unreadable = root.resolve("images/records/" + "0".repeat(64) + ".json");
    Files.writeString(unreadable, "{not json");

    ImageIndex reopened = new ImageIndex(root.resolve("images"));
    assertEquals(3, reopened.size(), "one per record file, before any is read");
    assertEquals(2, reopened.records().size(), "the unreadable one is skipped once read");
    assertEquals(2, reopened.size());
  }

  @Test
  void anUnreadableReferenceFileFailsTheFirstUseNamingItNotTheDaemonsStart() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    index.add(image("a", Instant.now()), List.of(ref("a:1")));
    Files.writeString(root.resolve("images/references.json"), "{\"references\": [");

    ImageIndex reopened = new ImageIndex(root.resolve("images"));
    java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
        () -> reopened.resolve("a:1"));
    assertTrue(e.getMessage().startsWith("image index " + root.resolve("images/references.json") + ": "),
        e.getMessage());
    assertThrows(java.io.UncheckedIOException.class, reopened::records, "and every use after");
  }

  @Test
  void taggingMovesATagAndLeavesTheOldImageDangling() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord one = image("1", Instant.now());
    ImageRecord two = image("2", Instant.now());
    index.add(one, List.of(ref("app:latest")));
    index.add(two, List.of());
    index.tag(ref("app:latest"), two.imageId());
    assertEquals(two, index.resolve("app"));
    assertEquals(List.of(), index.repoTags(one.imageId()));
    assertTrue(index.get(one.imageId()).isPresent(), "dangling, not deleted");
    assertThrows(NoSuchImageException.class,
        () -> index.tag(ref("x:1"), Digest.sha256("nothing".getBytes())));
    assertThrows(IllegalArgumentException.class,
        () -> index.tag(ref("x@" + one.manifest()), one.imageId()));
  }

  @Test
  void removingOneOfSeveralTagsOnlyUntags() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord image = image("x", Instant.now());
    index.add(image, List.of(ref("app:1"), ref("app:2")));
    assertEquals(untagged("app:1"), index.remove("app:1", false, UNUSED));
    assertEquals(List.of("app:2"), index.repoTags(image.imageId()));
    assertTrue(index.get(image.imageId()).isPresent());
  }

  @Test
  void removingTheLastTagDeletesTheImageAndItsRepoDigests() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord image = image("x", Instant.now());
    index.add(image, List.of(ref("app:1"), ref("app@" + image.manifest())));
    List<ImageDeleteResponse> responses = index.remove("app:1", false, UNUSED);
    assertEquals(List.of(ImageDeleteResponse.untagged("app:1"),
        ImageDeleteResponse.untagged("app@" + image.manifest()),
        ImageDeleteResponse.deleted(image.id())), responses);
    assertTrue(index.get(image.imageId()).isEmpty());
    assertTrue(index.list().isEmpty());
    assertFalse(Files.exists(root.resolve("images/records/" + image.imageId().hex() + ".json")));
    assertThrows(NoSuchImageException.class, () -> index.remove("app:1", false, UNUSED));
  }

  @Test
  void removingAnImageAContainerUsesIsRefusedUnlessForced() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord image = image("x", Instant.now());
    index.add(image, List.of(ref("app:1")));
    Predicate<String> used = id -> id.equals(image.id());
    ImageConflictException byTag = assertThrows(ImageConflictException.class,
        () -> index.remove("app:1", false, used));
    assertTrue(byTag.getMessage().contains("must force"), byTag.getMessage());
    assertThrows(ImageConflictException.class, () -> index.remove(image.id(), false, used));
    assertEquals(List.of("app:1"), index.repoTags(image.imageId()), "nothing changed");

    assertEquals(List.of(ImageDeleteResponse.untagged("app:1"),
        ImageDeleteResponse.deleted(image.id())), index.remove("app:1", true, used));
    assertTrue(index.get(image.imageId()).isEmpty());
  }

  @Test
  void removingByIdWithTagsInSeveralRepositoriesNeedsForce() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord image = image("x", Instant.now());
    index.add(image, List.of(ref("a:1"), ref("b:1")));
    ImageConflictException e = assertThrows(ImageConflictException.class,
        () -> index.remove(image.id(), false, UNUSED));
    assertTrue(e.getMessage().contains("multiple repositories"), e.getMessage());
    List<ImageDeleteResponse> forced = index.remove(image.imageId().shortHex(), true, UNUSED);
    assertEquals(3, forced.size());
    assertEquals(ImageDeleteResponse.deleted(image.id()), forced.get(2));
  }

  @Test
  void removingByIdWithOneTagUntagsAndDeletes() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord image = image("x", Instant.now());
    index.add(image, List.of(ref("a:1")));
    assertEquals(List.of(ImageDeleteResponse.untagged("a:1"),
        ImageDeleteResponse.deleted(image.id())), index.remove(image.id(), false, UNUSED));
  }

  @Test
  void pruneRemovesOnlyUnusedDanglingImages() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord tagged = image("t", Instant.now());
    ImageRecord dangling = image("d", Instant.now());
    ImageRecord danglingUsed = image("u", Instant.now());
    index.add(tagged, List.of(ref("t:1")));
    index.add(dangling, List.of());
    index.add(danglingUsed, List.of());
    assertEquals(List.of(dangling.imageId()),
        index.pruneDangling(id -> id.equals(danglingUsed.id())));
    assertEquals(2, index.records().size());
  }

  @Test
  void buildStepsAreHiddenWhileAChildStandsOnThemAndGoWithTheirResult() throws Exception {
    ImageIndex index = new ImageIndex(root.resolve("images"));
    ImageRecord base = image("base", Instant.parse("2020-01-01T00:00:00Z"));
    ImageRecord step = image("step", Instant.parse("2021-01-01T00:00:00Z"))
        .withParent(base.imageId());
    ImageRecord result = image("result", Instant.parse("2022-01-01T00:00:00Z"))
        .withParent(step.imageId());
    index.add(base, List.of(ref("busybox")));
    index.add(step, List.of());
    index.add(result, List.of(ref("built:1")));

    assertEquals(List.of(result.id(), base.id()),
        index.list().stream().map(ImageSummary::id).toList());
    assertEquals(3, index.list(true).size());
    assertEquals(List.of(), index.pruneDangling(UNUSED), "a step with a child is not dangling");
    assertThrows(ImageConflictException.class, () -> index.remove(step.id(), true, UNUSED),
        "an image with dependent children cannot be deleted, even forced");

    List<ImageDeleteResponse> removed = index.remove("built:1", false, UNUSED);
    assertEquals(List.of(ImageDeleteResponse.untagged("built:1"),
        ImageDeleteResponse.deleted(result.id()), ImageDeleteResponse.deleted(step.id())),
        removed, "the untagged step beneath goes too; the tagged base stays");
    assertEquals(List.of(base.id()), index.list(true).stream().map(ImageSummary::id).toList());

    ImageIndex reloaded = new ImageIndex(root.resolve("images"));
    assertEquals(base, reloaded.resolve("busybox"));
  }
}
