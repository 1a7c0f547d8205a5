package dev.edge.runtime.build.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.distribution.RootfsImporter;
import dev.edge.runtime.distribution.RootfsImporter.ImportRefusedException;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.image.fixtures.TarBuilder;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.unpack.Limits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsImportTest {
  private static final Platform AMD64 = new Platform("linux", "amd64", "");
  @TempDir Path dir;
  private ImageStore store;
  private RootfsImport importer;

  @BeforeEach
  void open() throws IOException {
    store = ImageStore.open(dir.resolve("root"));
    importer = new RootfsImport(store, dir.resolve("root/build/import"), AMD64,
        Limits.defaults());
  }

  private static byte[] rootfs(String motd) throws IOException {
    return new TarBuilder().dir("etc", 0755)
        .file("etc/motd", motd.getBytes(StandardCharsets.UTF_8), 0644)
        .dir("bin", 0755).file("bin/tool", new byte[] {1, 2, 3}, 0755)
        .symlink("bin/alias", "tool").build();
  }

  private Digest importBytes(byte[] body, String name, Instant epoch, String... changes)
      throws IOException {
    RootfsImporter.Request request = new RootfsImporter.Request(
        name == null ? null : Reference.parse(name), List.of(changes), null, null, epoch);
    try (RootfsImporter.Received received = importer.receive(request,
        new ByteArrayInputStream(body))) {
      return received.commit();
    }
  }

  @Test
  void plainGzipAndBzip2TarsGiveTheSameImageWithAFixedEpoch() throws Exception {
    byte[] tar = rootfs("hello\n");
    Instant epoch = Instant.ofEpochSecond(1_700_000_000L);
    Digest plain = importBytes(tar, "imported:plain", epoch, "CMD [\"sh\"]");
    Digest gzip = importBytes(TarBuilder.gzip(tar), "imported:gzip", epoch, "CMD [\"sh\"]");
    ByteArrayOutputStream bz = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bz)) {
      out.write(tar);
    }
    Digest bzip2 = importBytes(bz.toByteArray(), "imported:bzip2", epoch, "CMD [\"sh\"]");
    assertEquals(plain, gzip, "the layer is rewritten, so the compression of the body is gone");
    assertEquals(plain, bzip2);
    assertNotEquals(plain, importBytes(rootfs("other\n"), null, epoch, "CMD [\"sh\"]"));

    ImageRecord record = store.index().resolve("imported:plain");
    assertEquals(plain, record.imageId());
    assertEquals(1, record.chainIds().size());
    assertEquals(AMD64, record.platform());
    Path snapshot = store.snapshots().path(record.chainIds().get(0)).orElseThrow();
    assertEquals("hello\n", Files.readString(snapshot.resolve("etc/motd")));
    assertEquals(1_700_000_000_000L, Files.getLastModifiedTime(snapshot.resolve("etc/motd"))
        .toMillis(), "file times are clamped to the epoch");
    assertTrue(Files.isSymbolicLink(snapshot.resolve("bin/alias")));
    try (var left = Files.list(dir.resolve("root/build/import"))) {
      assertEquals(0, left.count(), "nothing is left in the import's scratch directory");
    }
  }

  @Test
  void badBodiesAreRefusedWithTheReasonAndLeaveNothing() throws Exception {
    ImportRefusedException empty = assertThrows(ImportRefusedException.class,
        () -> importBytes(new byte[0], "x:y", null));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    ImportRefusedException text = assertThrows(ImportRefusedException.class,
        () -> importBytes("not a tar at all\n".getBytes(StandardCharsets.UTF_8), "x:y", null));
    assertTrue(text.getMessage().contains("not a tar"), text.getMessage());
    byte[] garbage = new byte[4096];
    new java.util.Random(1).nextBytes(garbage);
    ImportRefusedException random = assertThrows(ImportRefusedException.class,
        () -> importBytes(garbage, "x:y", null));
    assertTrue(random.getMessage().contains("not a readable root file system tar"),
        random.getMessage());
    byte[] gz = TarBuilder.gzip(rootfs("x"));
    ImportRefusedException cut = assertThrows(ImportRefusedException.class,
        () -> importBytes(java.util.Arrays.copyOf(gz, gz.length / 2), "x:y", null));
    assertTrue(cut.getMessage().contains("not a readable"), cut.getMessage());
    byte[] escape = new TarBuilder().file("../../etc/evil", new byte[] {1}, 0644).build();
    assertThrows(ImportRefusedException.class, () -> importBytes(escape, "x:y", null));
    assertTrue(store.index().records().isEmpty());
    try (var left = Files.list(dir.resolve("root/build/import"))) {
      assertEquals(0, left.count());
    }
  }
}
