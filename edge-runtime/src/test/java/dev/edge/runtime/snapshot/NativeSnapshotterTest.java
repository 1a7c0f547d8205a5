package dev.edge.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NativeSnapshotterTest extends SnapshotterContract {
  @Override
  protected Snapshotter create(Path root) throws IOException {
    return new NativeSnapshotter(root.resolve("snapshots"));
  }

  @Override
  protected TreeMap<String, String> view(Snapshotter snapshotter, List<Digest> chain)
      throws IOException {
    Mount mount = snapshotter.mounts(chain).get(0);
    assertEquals("bind", mount.type());
    return describe(Path.of(mount.source()));
  }

  @Test
  void eachSnapshotIsAFullCopyThatKeepsHardLinksAndOwners() throws Exception {
    Snapshotter snapshotter = create(root);
    Digest base = Digest.sha256("base".getBytes());
    Active first = snapshotter.prepare("extract-base", null);
    Path file = java.nio.file.Files.writeString(first.dir().resolve("f"), "x");
    java.nio.file.Files.createLink(first.dir().resolve("g"), file);
    java.nio.file.Files.setAttribute(file, "unix:uid", 4321);
    snapshotter.commit(first, base);
    Active second = snapshotter.prepare("extract-top", base);
    assertEquals(4321, java.nio.file.Files.getAttribute(second.dir().resolve("f"), "unix:uid"));
    assertEquals(2, java.nio.file.Files.getAttribute(second.dir().resolve("g"), "unix:nlink"));
  }
}
