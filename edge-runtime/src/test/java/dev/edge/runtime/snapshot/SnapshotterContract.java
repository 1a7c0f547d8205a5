package dev.edge.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes.Compression;
import dev.edge.runtime.unpack.LayerUnpacker;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.UnpackResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link Snapshotter} must do; one subclass per implementation. */
abstract class SnapshotterContract {
  @TempDir Path root;

  protected abstract Snapshotter create(Path root) throws IOException;

  /**
   * The file tree an image's root file system shows for these chain ids (base first): relative
   * path to content ("dir" for directories, "-> target" for links). Implementations may mount.
   */
  protected abstract TreeMap<String, String> view(Snapshotter snapshotter, List<Digest> chain)
      throws IOException;

  static TreeMap<String, String> describe(Path top) throws IOException {
    TreeMap<String, String> tree = new TreeMap<>();
    try (Stream<Path> all = Files.walk(top)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.equals(top)) {
          continue;
        }
        String rel = top.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          tree.put(rel, "-> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(rel, "dir");
        } else {
          tree.put(rel, Files.readString(p));
        }
      }
    }
    return tree;
  }

  static byte[] tar(String... pathsAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (int i = 0; i < pathsAndContents.length; i += 2) {
        String name = pathsAndContents[i];
        byte[] content = pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        if (!name.endsWith("/")) {
          e.setSize(content.length);
        }
        tar.putArchiveEntry(e);
        if (!name.endsWith("/")) {
          tar.write(content);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Unpacks layers as the pull will: verified diff_id, committed under the chain id. */
  static List<Digest> unpackImage(Snapshotter snapshotter, byte[]... layers) throws IOException {
    List<Digest> diffIds = new ArrayList<>();
    for (byte[] layer : layers) {
      diffIds.add(Digest.sha256(layer));
    }
    List<Digest> chain = ChainIds.of(diffIds);
    LayerUnpacker unpacker = new LayerUnpacker(snapshotter.whiteouts());
    for (int i = 0; i < layers.length; i++) {
      Digest parent = i == 0 || snapshotter.layersIndependent() ? null : chain.get(i - 1);
      Active active = snapshotter.prepare("extract-" + i + "-" + System.nanoTime(), parent);
      UnpackResult result = unpacker.apply(new ByteArrayInputStream(layers[i]), Compression.NONE,
          active.dir(), Limits.defaults());
      result.requireDiffId(diffIds.get(i));
      snapshotter.commit(active, chain.get(i));
    }
    return chain;
  }

  @Test
  void twoLayersWithWhiteoutsShowTheMergedTree() throws Exception {
    Snapshotter snapshotter = create(root);
    byte[] base = tar("etc/", "", "etc/motd", "hello", "etc/passwd", "root", "opt/app/", "",
        "opt/app/old", "old", "opt/app/old2", "old2", "bin/", "");
    byte[] top = tar("etc/.wh.motd", "", "opt/app/.wh..wh..opq", "", "opt/app/new", "new",
        "bin/tool", "tool");
    List<Digest> chain = unpackImage(snapshotter, base, top);

    TreeMap<String, String> expected = new TreeMap<>();
    expected.put("etc", "dir");
    expected.put("etc/passwd", "root");
    expected.put("opt", "dir");
    expected.put("opt/app", "dir");
    expected.put("opt/app/new", "new");
    expected.put("bin", "dir");
    expected.put("bin/tool", "tool");
    assertEquals(expected, view(snapshotter, chain));
  }

  @Test
  void commitMakesTheLayerVisibleUnderItsChainIdOnly() throws Exception {
    Snapshotter snapshotter = create(root);
    Digest chainId = Digest.sha256("layer".getBytes());
    Active active = snapshotter.prepare("extract-1", null);
    Files.writeString(active.dir().resolve("f"), "data");
    assertFalse(snapshotter.exists(chainId));
    assertTrue(snapshotter.list().isEmpty());
    snapshotter.commit(active, chainId);
    assertTrue(snapshotter.exists(chainId));
    assertEquals("data", Files.readString(snapshotter.path(chainId).orElseThrow().resolve("f")));
    assertEquals(List.of(chainId), snapshotter.list());
    assertFalse(Files.exists(active.dir()));
  }

  @Test
  void aSecondCommitOfTheSameChainIdKeepsTheFirst() throws Exception {
    Snapshotter snapshotter = create(root);
    Digest chainId = Digest.sha256("layer".getBytes());
    for (String content : List.of("first", "second")) {
      Active active = snapshotter.prepare("extract-" + content, null);
      Files.writeString(active.dir().resolve("f"), content);
      snapshotter.commit(active, chainId);
      assertFalse(Files.exists(active.dir()));
    }
    assertEquals("first", Files.readString(snapshotter.path(chainId).orElseThrow().resolve("f")));
  }

  @Test
  void removeAbortAndUsage() throws Exception {
    Snapshotter snapshotter = create(root);
    Digest chainId = Digest.sha256("layer".getBytes());
    Active active = snapshotter.prepare("extract-u", null);
    Files.write(active.dir().resolve("a"), new byte[1000]);
    Files.createLink(active.dir().resolve("b"), active.dir().resolve("a"));
    Files.createDirectories(active.dir().resolve("d"));
    Files.write(active.dir().resolve("d/c"), new byte[234]);
    snapshotter.commit(active, chainId);
    assertEquals(1234, snapshotter.usage(chainId), "a hard-linked file counts once");
    assertTrue(snapshotter.remove(chainId));
    assertFalse(snapshotter.remove(chainId));
    assertFalse(snapshotter.exists(chainId));
    Active aborted = snapshotter.prepare("extract-a", null);
    snapshotter.abort(aborted);
    assertFalse(Files.exists(aborted.dir()));
  }

  @Test
  void recoverRemovesWhatACrashLeftActive() throws Exception {
    Snapshotter snapshotter = create(root);
    Active crashed = snapshotter.prepare("extract-crashed", null);
    Files.createDirectories(crashed.dir().resolve("half/written"));
    Digest kept = Digest.sha256("kept".getBytes());
    snapshotter.commit(snapshotter.prepare("extract-kept", null), kept);

    Snapshotter restarted = create(root);
    assertEquals(1, restarted.recover());
    assertFalse(Files.exists(crashed.dir()));
    assertEquals(List.of(kept), restarted.list());
  }

  static LayerSource source(String name) {
    return new LayerSource(Digest.sha256(("blob " + name).getBytes()),
        "application/vnd.oci.image.layer.v1.tar+gzip", Digest.sha256(("diff " + name).getBytes()));
  }

  static Path marker(Path root, Snapshotter snapshotter, Digest chainId) {
    return root.resolve("snapshots").resolve(snapshotter.name()).resolve("unsynced")
        .resolve(chainId.hex());
  }

  @Test
  void aDeferredCommitIsVisibleAtOnceAndLeavesAMarkerUntilTheSync() throws Exception {
    Snapshotter snapshotter = create(root);
    Digest chainId = Digest.sha256("deferred".getBytes());
    Active active = snapshotter.prepare("extract-d", null);
    Files.writeString(active.dir().resolve("f"), "data");
    snapshotter.commitDeferred(active, chainId, source("d"));
    assertTrue(snapshotter.exists(chainId));
    assertEquals("data", Files.readString(snapshotter.path(chainId).orElseThrow().resolve("f")));
    if (!snapshotter.layersIndependent()) {
      // a layer copied from its parent cannot be restored alone: committed synchronously
      assertFalse(snapshotter.hasDeferred());
      return;
    }
    assertTrue(snapshotter.hasDeferred());
    assertTrue(Files.readString(marker(root, snapshotter, chainId)).contains(
        source("d").blob().hex()));
    assertTrue(snapshotter.unsyncedFromEarlierBoots().isEmpty(), "this boot's marker");
    snapshotter.syncDeferred();
    assertFalse(snapshotter.hasDeferred());
    assertTrue(snapshotter.exists(chainId));
  }

  @Test
  void badKeysAndUnknownActivesAreRefused() throws Exception {
    Snapshotter snapshotter = create(root);
    assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare("../x", null));
    assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare("a/b", null));
    assertThrows(IllegalArgumentException.class, () -> snapshotter.commit(
        new Active("never", root.resolve("x")), Digest.sha256(new byte[0])));
  }

  @Test
  void snapshotsAreOnlyReachableByRoot() throws Exception {
    create(root);
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(root.resolve("snapshots"))));
  }

  @Test
  void chainIdsFollowTheOciFormula() {
    Digest a = Digest.sha256("a".getBytes());
    Digest b = Digest.sha256("b".getBytes());
    List<Digest> chain = ChainIds.of(List.of(a, b));
    assertEquals(a, chain.get(0));
    assertEquals(Digest.sha256((a + " " + b).getBytes(StandardCharsets.US_ASCII)), chain.get(1));
  }
}
