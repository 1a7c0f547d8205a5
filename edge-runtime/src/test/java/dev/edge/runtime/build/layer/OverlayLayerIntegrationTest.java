package dev.edge.runtime.build.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.MediaTypes.Compression;
import dev.edge.runtime.unpack.LayerUnpacker;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.Posix;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A layer written from a real overlayfs upper directory after deletions (the kernel's own
 * whiteouts, hard-linked 0/0 devices, and opaque directories), applied back onto the lower tree.
 * Needs root and overlayfs.
 */
class OverlayLayerIntegrationTest {
  @TempDir Path temp;

  @Test
  void deletionsInAnOverlayBecomeWhiteoutsThatReproduceTheMergedView() throws Exception {
    Path lower = temp.resolve("lower");
    Path upper = temp.resolve("upper");
    Path work = temp.resolve("work");
    Path merged = temp.resolve("merged");
    for (Path dir : List.of(lower.resolve("dir"), lower.resolve("keep"), upper, work, merged)) {
      Files.createDirectories(dir);
    }
    Files.writeString(lower.resolve("gone1"), "1");
    Files.writeString(lower.resolve("gone2"), "2");
    Files.writeString(lower.resolve("dir/old"), "old");
    Files.writeString(lower.resolve("keep/file"), "keep");
    Posix.mount("overlay", merged, "overlay", 0, "lowerdir=" + lower + ",upperdir=" + upper
        + ",workdir=" + work);
    try {
      Files.delete(merged.resolve("gone1"));
      Files.delete(merged.resolve("gone2"));
      Files.delete(merged.resolve("dir/old"));
      Files.delete(merged.resolve("dir"));
      Files.createDirectory(merged.resolve("dir"));
      Files.writeString(merged.resolve("dir/new"), "new");
      Files.writeString(merged.resolve("keep/added"), "added");
    } finally {
      Posix.unmountDetached(merged);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerDigests digests = new LayerWriter(LayerOptions.defaults()).write(upper, out);

    List<String> names = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()));
         TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
        if (e.getName().startsWith(".wh.")) {
          assertTrue(e.isFile(), "whiteouts are plain files in the tar, not links: " + e.getName());
        }
      }
    }
    // Sorted by the names on disk: a whiteout sits where the file it hides would be.
    assertEquals(List.of("dir/", "dir/.wh..wh..opq", "dir/new", ".wh.gone1", ".wh.gone2",
        "keep/", "keep/added"), names);

    new LayerUnpacker(Whiteouts.DELETE).apply(new ByteArrayInputStream(out.toByteArray()),
        Compression.GZIP, lower, Limits.defaults());
    assertFalse(Files.exists(lower.resolve("gone1")));
    assertFalse(Files.exists(lower.resolve("gone2")));
    assertFalse(Files.exists(lower.resolve("dir/old")));
    assertEquals("new", Files.readString(lower.resolve("dir/new")));
    assertEquals("keep", Files.readString(lower.resolve("keep/file")));
    assertEquals("added", Files.readString(lower.resolve("keep/added")));

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    assertEquals(digests, new LayerWriter(LayerOptions.defaults()).write(upper, again));
    assertArrayEquals(out.toByteArray(), again.toByteArray());
  }

}
