package dev.edge.runtime.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.MediaTypes.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each hostile layer gives a clear refusal and writes nothing outside the target. */
class MaliciousLayerTest {
  @TempDir Path temp;
  private Path target;
  private Path outside;
  private Path victim;

  @BeforeEach
  void setUp() throws IOException {
    target = temp.resolve("a/b/layer");
    outside = Files.createDirectories(temp.resolve("outside"));
    victim = Files.writeString(outside.resolve("victim"), "host file");
    Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions
        .fromString("rw-------"));
  }

  private LayerRefusedException refused(byte[] gzipLayer, Limits limits) {
    return assertThrows(LayerRefusedException.class, () -> new LayerUnpacker(Whiteouts.OVERLAY)
        .apply(new ByteArrayInputStream(gzipLayer), Compression.GZIP, target, limits));
  }

  private LayerRefusedException refused(byte[] gzipLayer) {
    return refused(gzipLayer, Limits.defaults());
  }

  /** Nothing appeared outside the target, and the host file is untouched. */
  private void assertOutsideUntouched() throws IOException {
    try (Stream<Path> all = Files.walk(temp)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        boolean allowed = p.startsWith(target) || p.equals(temp) || p.equals(outside)
            || p.equals(victim) || target.startsWith(p);
        assertTrue(allowed, "written outside the layer: " + p);
      }
    }
    assertEquals("host file", Files.readString(victim));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(victim)));
    assertEquals(1, (Integer) Files.getAttribute(victim, "unix:nlink"));
  }

  @Test
  void dotDotTraversalIsRefused() throws Exception {
    LayerRefusedException e = refused(new TestLayer().file("../../../outside/evil", "x").gzip());
    assertEquals("../../../outside/evil", e.entry());
    assertTrue(e.reason().contains(".."), e.getMessage());
    assertOutsideUntouched();
  }

  @Test
  void absolutePathIsRefused() throws Exception {
    LayerRefusedException e = refused(rawTar(outside.resolve("evil").toString(), "x"));
    assertTrue(e.reason().contains("absolute"), e.getMessage());
    assertOutsideUntouched();
  }

  @Test
  void writingThroughASymlinkedParentIsRefused() throws Exception {
    LayerRefusedException e = refused(new TestLayer().symlink("etc", outside.toString())
        .file("etc/victim", "overwritten").gzip());
    assertEquals("etc/victim", e.entry());
    assertTrue(e.reason().contains("symlink"), e.getMessage());
    assertOutsideUntouched();
  }

  @Test
  void aRelativeSymlinkedParentIsRefusedToo() throws Exception {
    refused(new TestLayer().symlink("up", "../../../outside").file("up/new", "x").gzip());
    assertOutsideUntouched();
  }

  @Test
  void whiteoutThroughASymlinkedParentIsRefused() throws Exception {
    refused(new TestLayer().symlink("etc", outside.toString()).file("etc/.wh.victim", "")
        .gzip());
    assertOutsideUntouched();
  }

  @Test
  void hardlinkToEtcShadowIsRefused() throws Exception {
    long linksBefore = (Integer) Files.getAttribute(Path.of("/etc/shadow"), "unix:nlink");
    LayerRefusedException absolute = refused(new TestLayer().hardlink("shadow", "/etc/shadow")
        .gzip());
    assertTrue(absolute.reason().contains("not in this layer"), absolute.getMessage());
    LayerRefusedException relative = refused(new TestLayer()
        .hardlink("shadow", "../../../../../../../../etc/shadow").gzip());
    assertTrue(relative.reason().contains(".."), relative.getMessage());
    LayerRefusedException viaLink = refused(new TestLayer().symlink("etc", "/etc")
        .hardlink("shadow", "etc/shadow").gzip());
    assertTrue(viaLink.reason().contains("symlink"), viaLink.getMessage());
    assertEquals(linksBefore, (long) (Integer) Files.getAttribute(Path.of("/etc/shadow"),
        "unix:nlink"));
    assertOutsideUntouched();
  }

  @Test
  void chmodAndChownNeverGoThroughALink() throws Exception {
    new LayerUnpacker(Whiteouts.OVERLAY).apply(new ByteArrayInputStream(new TestLayer()
            .symlink("f", victim.toString())
            .file("f", "replaces the link".getBytes(), 06777, 1234, 1234)
            .symlink("d", outside.toString())
            .dir("d", 0777, 1234, 1234)
            .gzip()), Compression.GZIP, target, Limits.defaults());
    assertEquals("replaces the link", Files.readString(target.resolve("f")));
    assertTrue(Files.isDirectory(target.resolve("d"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(0, (Integer) Files.getAttribute(outside, "unix:uid"));
    assertOutsideUntouched();
  }

  @Test
  void deviceNodesFromTheImageAreSkippedAndCounted() throws Exception {
    UnpackResult result = new LayerUnpacker(Whiteouts.OVERLAY).apply(new ByteArrayInputStream(
            new TestLayer().device("dev/sda", TarConstants.LF_BLK, 8, 0)
                .device("dev/mem", TarConstants.LF_CHR, 1, 1)
                .device("dev/null0", TarConstants.LF_CHR, 0, 0)
                .file("ok", "x").gzip()),
        Compression.GZIP, target, Limits.defaults());
    assertEquals(3, result.skippedDevices());
    assertFalse(Files.exists(target.resolve("dev/sda"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(target.resolve("dev/mem"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(target.resolve("dev/null0"), LinkOption.NOFOLLOW_LINKS),
        "even a 0/0 device from the image is not a whiteout we made");
    assertTrue(Files.exists(target.resolve("ok")));
  }

  @Test
  void aGzipBombStopsAtTheByteLimit() throws Exception {
    int bomb = 64 << 20;
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
        new GZIPOutputStream(compressed))) {
      TarArchiveEntry e = new TarArchiveEntry("zeros");
      e.setSize(bomb);
      tar.putArchiveEntry(e);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < bomb / zeros.length; i++) {
        tar.write(zeros);
      }
      tar.closeArchiveEntry();
    }
    assertTrue(compressed.size() < 200_000, "a real bomb: " + compressed.size());
    LayerRefusedException e = refused(compressed.toByteArray(),
        Limits.defaults().withMaxUncompressedBytes(8 << 20));
    assertEquals("zeros", e.entry());
    assertTrue(e.reason().contains("maxUncompressedBytes"), e.getMessage());
    assertTrue(Files.size(target.resolve("zeros")) <= 8 << 20);
    assertOutsideUntouched();
  }

  @Test
  void tooManyEntriesIsRefused() throws Exception {
    TestLayer layer = new TestLayer();
    for (int i = 0; i < 101; i++) {
      layer.file("f" + i, "");
    }
    LayerRefusedException e = refused(layer.gzip(), Limits.defaults().withMaxEntries(100));
    assertEquals("f100", e.entry());
    assertTrue(e.reason().contains("maxEntries"), e.getMessage());
  }

  @Test
  void aHugePaxHeaderIsRefusedBeforeItIsBuffered() throws Exception {
    byte[] comment = TestLayer.paxRecord("comment", new byte[200_000]);
    LayerRefusedException e = refused(new TestLayer().fileWithRawPax("f", comment, "x").gzip(),
        Limits.defaults().withMaxHeaderBytes(64 * 1024));
    assertTrue(e.reason().contains("maxHeaderBytes"), e.getMessage());
    assertTrue(e.reason().contains("PAX"), e.getMessage());
  }

  @Test
  void aHugeGnuLongNameIsRefused() throws Exception {
    byte[] name = ("x".repeat(100_000) + "\0").getBytes(StandardCharsets.US_ASCII);
    LayerRefusedException e = refused(TestLayer.gzip(new TestLayer()
        .rawEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, name).file("f", "x")
        .tar()), Limits.defaults().withMaxHeaderBytes(64 * 1024));
    assertTrue(e.reason().contains("GNU long-name"), e.getMessage());
  }

  @Test
  void aPathLongerThanTheLimitIsRefused() throws Exception {
    LayerRefusedException e = refused(new TestLayer().file("d/".repeat(100) + "f", "x").gzip(),
        Limits.defaults().withMaxPathBytes(100));
    assertTrue(e.reason().contains("maxPathBytes"), e.getMessage());
  }

  @Test
  void ownersBeyondInt32AreRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry e = new TarArchiveEntry("f");
      e.setUserId(4_294_967_296L);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    }
    LayerRefusedException e = refused(bytes.toByteArray());
    assertTrue(e.reason().contains("owner"), e.getMessage());
  }

  @Test
  void truncatedLayersFailRatherThanUnpackHalfSilently() throws Exception {
    byte[] gz = new TestLayer().file("f", new byte[100_000], 0644, 0, 0).gzip();
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
    assertThrows(IOException.class, () -> new LayerUnpacker(Whiteouts.OVERLAY).apply(
        new ByteArrayInputStream(cut), Compression.GZIP, target, Limits.defaults()));
  }

  /** A tar whose single entry has exactly this name (the builder would not write "/..."). */
  private static byte[] rawTar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      byte[] header = new byte[512];
      byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
      put(header, 100, String.format("%07o", 0644));
      put(header, 108, "0000000");
      put(header, 116, "0000000");
      put(header, 124, String.format("%011o", content.length()));
      put(header, 136, String.format("%011o", 0));
      header[156] = '0';
      put(header, 257, "ustar");
      put(header, 263, "00");
      java.util.Arrays.fill(header, 148, 156, (byte) ' ');
      long sum = 0;
      for (byte b : header) {
        sum += b & 0xff;
      }
      put(header, 148, String.format("%06o", sum));
      header[154] = 0;
      gz.write(header);
      byte[] data = new byte[512];
      byte[] contentBytes = content.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(contentBytes, 0, data, 0, contentBytes.length);
      gz.write(data);
      gz.write(new byte[1024]);
    }
    return bytes.toByteArray();
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] v = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(v, 0, header, offset, v.length);
  }
}
