package dev.edge.runtime.build.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes.Compression;
import dev.edge.runtime.unpack.LayerUnpacker;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.Posix;
import dev.edge.runtime.unpack.UnpackResult;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Instant OLD = Instant.parse("2020-01-02T03:04:05Z");
  private static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, (byte) 0xff,
      (byte) 0x80, 0, 0, 0, 0, 0, 0};
  private static final String LONG_NAME = "d".repeat(60) + "/" + "f".repeat(70) + ".txt";
  @TempDir Path temp;

  private record Written(LayerDigests digests, byte[] blob) {}

  private static Written write(Path root, LayerOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerDigests digests = new LayerWriter(options).write(root, out);
    return new Written(digests, out.toByteArray());
  }

  /** The same tree, created children-first and in reverse when {@code reversed}. */
  private Path tree(String name, boolean reversed, Instant mtime) throws IOException {
    Path root = temp.resolve(name);
    List<String> files = new ArrayList<>(List.of("b/z.txt", "a/1", "a/2", "c", "é.txt",
        LONG_NAME));
    if (reversed) {
      java.util.Collections.reverse(files);
    }
    for (String file : files) {
      Path path = root.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "content of " + file);
    }
    Files.createSymbolicLink(root.resolve("link"), Path.of("a/1"));
    Files.createLink(root.resolve("hard"), root.resolve("c"));
    Posix.chmod(root.resolve("a"), 0750);
    for (Path p : Files.walk(root).sorted(java.util.Comparator.reverseOrder()).toList()) {
      Posix.setTimesNoFollow(p, mtime.getEpochSecond(), 123);
    }
    return root;
  }

  @Test
  void theSameTreeGivesTheSameDigestsTwiceAndWhateverTheCreationOrder() throws Exception {
    Path first = tree("first", false, OLD);
    Path second = tree("second", true, OLD);
    Written a = write(first, LayerOptions.defaults());
    Written again = write(first, LayerOptions.defaults());
    Written b = write(second, LayerOptions.defaults());
    assertEquals(a.digests(), again.digests());

    assertArrayEquals(a.blob(), b.blob());
    assertEquals(a.digests(), b.digests());
    assertEquals(Digest.sha256(a.blob()), a.digests().digest());
    assertEquals(a.blob().length, a.digests().size());
    assertEquals(Digest.sha256(new GZIPInputStream(new ByteArrayInputStream(a.blob()))
        .readAllBytes()), a.digests().diffId());
  }

  @Test
  void anUncompressedLayerIsTheSameTarWithItsDiffIdAsItsDigest() throws Exception {
    Path root = tree("plain", false, OLD);
    Written gzip = write(root, LayerOptions.defaults());
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    LayerDigests digests = new LayerWriter(LayerOptions.defaults()).writeUncompressed(root,
        plain);
    assertEquals(gzip.digests().diffId(), digests.diffId());
    assertEquals(digests.diffId(), digests.digest());
    assertEquals(plain.size(), digests.size());
    assertEquals(gzip.digests().entries(), digests.entries());
    assertEquals(dev.edge.runtime.image.Digest.sha256(plain.toByteArray()), digests.digest());
  }

  @Test
  void sourceDateEpochClampsNewerMtimesSoTheyStopMattering() throws Exception {
    LayerOptions clamped = LayerOptions.fromEnvironment(Long.toString(OLD.getEpochSecond()));
    Written now = write(tree("now", false, Instant.now()), clamped);
    Written later = write(tree("later", false, Instant.now().plusSeconds(3600)), clamped);
    assertEquals(now.digests(), later.digests());
    assertEquals(OLD.getEpochSecond(), entries(now.blob()).get("c").getModTime().getTime() / 1000);
    Written unclamped = write(tree("unclamped", false, Instant.now().plusSeconds(7200)),
        LayerOptions.defaults());
    assertNotEquals(now.digests(), unclamped.digests());
    Written older = write(tree("older", false, OLD.minusSeconds(10)), clamped);
    assertEquals(OLD.getEpochSecond() - 10,
        entries(older.blob()).get("c").getModTime().getTime() / 1000);
  }

  @Test
  void entriesAreSortedParentsFirstWithDockersHeaderConventions() throws Exception {
    Written layer = write(tree("t", false, OLD), LayerOptions.defaults());
    List<String> names = new ArrayList<>(entries(layer.blob()).keySet());
    assertEquals(List.of("a/", "a/1", "a/2", "b/", "b/z.txt", "c", "d".repeat(60) + "/",
        LONG_NAME, "hard", "link", "é.txt"), names);
    Map<String, TarArchiveEntry> entries = entries(layer.blob());
    assertTrue(entries.get("hard").isLink());
    assertEquals("c", entries.get("hard").getLinkName());
    assertEquals("a/1", entries.get("link").getLinkName());
    assertEquals(0750, entries.get("a/").getMode());
    assertEquals("", entries.get("c").getUserName());
    assertEquals(OLD.getEpochSecond(), entries.get("c").getModTime().getTime() / 1000);
    byte[] header = java.util.Arrays.copyOf(layer.blob(), 10);
    assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, header);
  }

  @Test
  void everyKindOfEntryRoundTripsThroughOurUnpacker() throws Exception {
    Path root = temp.resolve("upper");
    Files.createDirectories(root.resolve("home/user"));
    Files.writeString(root.resolve("home/user/notes"), "hello");
    Posix.lchown(root.resolve("home/user"), 1000, 1001);
    Posix.lchown(root.resolve("home/user/notes"), 1000, 1001);
    Posix.chmod(root.resolve("home/user/notes"), 0640);
    Files.writeString(root.resolve("suid"), "#!/bin/sh\n");
    Posix.chmod(root.resolve("suid"), 04755);
    Files.createFile(root.resolve("empty"));
    Files.writeString(root.resolve("ping"), "binary");
    Posix.lsetxattr(root.resolve("ping"), Xattrs.CAPABILITY, CAPABILITY);
    Posix.lsetxattr(root.resolve("ping"), "user.origin", "edge".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(root.resolve("sh"), Path.of("/bin/busybox"));
    Files.createLink(root.resolve("notes-link"), root.resolve("home/user/notes"));
    Posix.mkfifo(root.resolve("fifo"), 0640);
    Path longFile = root.resolve(LONG_NAME);
    Files.createDirectories(longFile.getParent());
    Files.writeString(longFile, "long");
    Posix.lsetxattr(longFile, "user.k", new byte[] {0, (byte) 0xff, 'x'});
    Posix.mknod(root.resolve("gone"), Posix.S_IFCHR, 0);
    Files.createDirectories(root.resolve("opq/kept"));
    Posix.lsetxattr(root.resolve("opq"), Xattrs.OVERLAY_OPAQUE, "y".getBytes());
    for (Path p : Files.walk(root).sorted(java.util.Comparator.reverseOrder()).toList()) {
      Posix.setTimesNoFollow(p, OLD.getEpochSecond(), 0);
    }
    Written layer = write(root, LayerOptions.defaults());

    Map<String, TarArchiveEntry> entries = entries(layer.blob());
    assertTrue(entries.containsKey(".wh.gone"));
    assertEquals(LayerWriter.WHITEOUT_MODE, entries.get(".wh.gone").getMode());
    assertEquals(0, entries.get(".wh.gone").getModTime().getTime());
    assertEquals(0, entries.get("opq/.wh..wh..opq").getModTime().getTime());
    List<String> order = new ArrayList<>(entries.keySet());
    assertEquals(order.indexOf("opq/") + 1, order.indexOf("opq/.wh..wh..opq"));

    Path target = temp.resolve("unpacked");
    UnpackResult result = new LayerUnpacker(Whiteouts.OVERLAY).apply(
        new ByteArrayInputStream(layer.blob()), Compression.GZIP, target, Limits.defaults());
    assertEquals(layer.digests().diffId(), result.diffId());
    assertEquals(layer.digests().entries(), result.entries());
    assertEquals("hello", Files.readString(target.resolve("home/user/notes")));
    assertEquals(1000, unix(target.resolve("home/user/notes")).get("uid"));
    assertEquals(1001, unix(target.resolve("home/user")).get("gid"));
    assertEquals(0640, mode(target.resolve("home/user/notes")));
    assertEquals(04755, mode(target.resolve("suid")));
    assertEquals(0, Files.size(target.resolve("empty")));
    assertArrayEquals(CAPABILITY, Posix.lgetxattr(target.resolve("ping"), Xattrs.CAPABILITY));
    assertArrayEquals("edge".getBytes(), Posix.lgetxattr(target.resolve("ping"), "user.origin"));
    assertArrayEquals(new byte[] {0, (byte) 0xff, 'x'},
        Posix.lgetxattr(target.resolve(LONG_NAME), "user.k"));
    assertEquals("long", Files.readString(target.resolve(LONG_NAME)));
    assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(target.resolve("sh")));
    assertEquals(unix(target.resolve("home/user/notes")).get("ino"),
        unix(target.resolve("notes-link")).get("ino"));
    assertTrue(Files.readAttributes(target.resolve("fifo"),
        java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW).isOther());
    Map<String, Object> gone = unix(target.resolve("gone"));
    assertEquals(Posix.S_IFCHR, (Integer) gone.get("mode") & 0170000);
    assertEquals(0L, gone.get("rdev"));
    assertArrayEquals("y".getBytes(), Posix.lgetxattr(target.resolve("opq"),
        Xattrs.OVERLAY_OPAQUE));
    assertTrue(Files.isDirectory(target.resolve("opq/kept")));
    assertEquals(OLD.getEpochSecond(),
        Files.getLastModifiedTime(target.resolve("suid"), NOFOLLOW).toInstant().getEpochSecond());

    Written rewritten = write(target, LayerOptions.defaults());
    assertEquals(layer.digests(), rewritten.digests(), "unpack then write gives the same layer");
  }

  @Test
  void whiteoutsAndOpaqueDirectoriesDeleteLowerContentWhenApplied() throws Exception {
    Path lower = temp.resolve("lower");
    Files.createDirectories(lower.resolve("opq/old"));
    Files.writeString(lower.resolve("gone"), "x");
    Files.writeString(lower.resolve("stays"), "x");
    Path upper = temp.resolve("upper");
    Files.createDirectories(upper.resolve("opq"));
    Files.writeString(upper.resolve("opq/new"), "n");
    Posix.lsetxattr(upper.resolve("opq"), Xattrs.OVERLAY_OPAQUE, "y".getBytes());
    Posix.mknod(upper.resolve("gone"), Posix.S_IFCHR, 0);
    Written layer = write(upper, LayerOptions.defaults());
    new LayerUnpacker(Whiteouts.DELETE).apply(new ByteArrayInputStream(layer.blob()),
        Compression.GZIP, lower, Limits.defaults());
    assertFalse(Files.exists(lower.resolve("gone"), NOFOLLOW));
    assertFalse(Files.exists(lower.resolve("opq/old"), NOFOLLOW));
    assertTrue(Files.exists(lower.resolve("opq/new")));
    assertTrue(Files.exists(lower.resolve("stays")));
  }

  @Test
  void devicesKeepTheirNumbersAndSocketsAreLeftOut() throws Exception {
    Path root = temp.resolve("dev");
    Files.createDirectories(root);
    Posix.mknod(root.resolve("null"), Posix.S_IFCHR | 0666, (1L << 8) | 3);
    Files.writeString(root.resolve("file"), "f");
    try (var channel = java.nio.channels.ServerSocketChannel.open(
        java.net.StandardProtocolFamily.UNIX)) {
      channel.bind(java.net.UnixDomainSocketAddress.of(root.resolve("sock")));
      Map<String, TarArchiveEntry> entries = entries(write(root, LayerOptions.defaults()).blob());
      assertEquals(List.of("file", "null"), new ArrayList<>(entries.keySet()));
      assertTrue(entries.get("null").isCharacterDevice());
      assertEquals(1, entries.get("null").getDevMajor());
      assertEquals(3, entries.get("null").getDevMinor());
    }
  }

  @Test
  void gnuTarReadsTheLayer() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")), "GNU tar is not installed");
    Path layerFile = temp.resolve("layer.tar.gz");
    Files.write(layerFile, write(tree("t", false, OLD), LayerOptions.defaults()).blob());
    Process tar = new ProcessBuilder("/usr/bin/tar", "-tzf", layerFile.toString())
        .redirectErrorStream(true).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, tar.waitFor(), listing);
    assertTrue(listing.contains(LONG_NAME + "\n"), listing);
    assertTrue(listing.contains("é.txt\n"), listing);
  }

  @Test
  void anEmptyDirectoryIsAnEmptyButValidLayer() throws Exception {
    Path root = temp.resolve("empty");
    Files.createDirectories(root);
    Written layer = write(root, LayerOptions.defaults());
    assertEquals(0, layer.digests().entries());
    byte[] tar = new GZIPInputStream(new ByteArrayInputStream(layer.blob())).readAllBytes();
    assertEquals(1024, tar.length, "two zero blocks, no record padding, as Go writes");
  }

  private static Map<String, TarArchiveEntry> entries(byte[] blob) throws IOException {
    Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob));
         TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        out.put(e.getName(), e);
      }
    }
    return out;
  }

  private static Map<String, Object> unix(Path path) throws IOException {
    return Files.readAttributes(path, "unix:mode,uid,gid,rdev,ino", NOFOLLOW);
  }

  private static int mode(Path path) throws IOException {
    return (Integer) unix(path).get("mode") & 07777;
  }

  @SuppressWarnings("unused")
  private static FileTime time(Instant instant) {
    return FileTime.from(instant);
  }
}
