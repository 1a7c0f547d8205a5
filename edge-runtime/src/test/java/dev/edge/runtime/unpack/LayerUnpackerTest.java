package dev.edge.runtime.unpack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  @TempDir Path temp;

  private UnpackResult unpack(byte[] layer, Compression compression, Whiteouts form, Path target)
      throws IOException {
    return new LayerUnpacker(form).apply(new ByteArrayInputStream(layer), compression, target,
        Limits.defaults());
  }

  static Map<String, Object> unix(Path path) throws IOException {
    return Files.readAttributes(path, "unix:mode,uid,gid,rdev,nlink,ino,lastModifiedTime",
        NOFOLLOW);
  }

  static int mode(Path path) throws IOException {
    return (Integer) unix(path).get("mode");
  }

  static long mtimeSeconds(Path path) throws IOException {
    return Files.getLastModifiedTime(path, NOFOLLOW).toInstant().getEpochSecond();
  }

  @Test
  void everyEntryTypeIsWrittenWithOwnerModeTimeAndXattrs() throws Exception {
    byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0x80, 0, 0,
        0, 0, 0, 0};
    byte[] pax = concat(TestLayer.paxRecord("SCHILY.xattr.user.origin", "edge".getBytes()),
        TestLayer.paxRecord("SCHILY.xattr.security.capability", capability),
        TestLayer.paxRecord("SCHILY.xattr.trusted.overlay.opaque", "y".getBytes()));
    TestLayer layer = new TestLayer()
        .dir("./", 0755)
        .dir("home/user", 0750, 1000, 1001)
        .file("home/user/notes", "hello".getBytes(), 0640, 1000, 1001)
        .dir("tmp", 01777)
        .dir("srv", 02775)
        .file("bin/busybox", "#!busybox".getBytes(), 04755, 0, 0)
        .symlink("bin/sh", "/bin/busybox")
        .symlink("bin/relative", "busybox")
        .hardlink("bin/ash", "bin/busybox")
        .fifo("run/pipe")
        .fileWithRawPax("bin/ping", pax, "ping");
    byte[] tar = layer.tar();
    Path target = temp.resolve("layer");

    UnpackResult result = unpack(TestLayer.gzip(tar), Compression.GZIP, Whiteouts.OVERLAY, target);

    assertEquals(Digest.sha256(tar), result.diffId());
    assertEquals(tar.length, result.size());
    assertEquals(11, result.entries());
    assertEquals("hello", Files.readString(target.resolve("home/user/notes")));
    Map<String, Object> notes = unix(target.resolve("home/user/notes"));
    assertEquals(0100640, notes.get("mode"));
    assertEquals(1000, notes.get("uid"));
    assertEquals(1001, notes.get("gid"));
    assertEquals(040750, mode(target.resolve("home/user")));
    assertEquals(1000, unix(target.resolve("home/user")).get("uid"));
    assertEquals(041777, mode(target.resolve("tmp")));
    assertEquals(042775, mode(target.resolve("srv")));
    assertEquals(0104755, mode(target.resolve("bin/busybox")), "setuid survives chown");
    assertEquals("/bin/busybox", Files.readSymbolicLink(target.resolve("bin/sh")).toString());
    assertEquals("busybox", Files.readSymbolicLink(target.resolve("bin/relative")).toString());
    assertEquals(unix(target.resolve("bin/busybox")).get("ino"),
        unix(target.resolve("bin/ash")).get("ino"));
    assertTrue(Files.readAttributes(target.resolve("run/pipe"), BasicFileAttributes.class,
        NOFOLLOW).isOther());
    assertEquals(0010640, mode(target.resolve("run/pipe")));
    long expected = TestLayer.MTIME.getEpochSecond();
    for (String path : new String[] {"home/user/notes", "home/user", "home", "bin/sh", "tmp", ""}) {
      if (!path.equals("home")) {
        assertEquals(expected, mtimeSeconds(target.resolve(path)), path);
      }
    }
    Path ping = target.resolve("bin/ping");
    assertArrayEquals("edge".getBytes(), Posix.lgetxattr(ping, "user.origin"));
    assertArrayEquals(capability, Posix.lgetxattr(ping, "security.capability"),
        "binary xattr values survive byte for byte");
    assertNull(Posix.lgetxattr(ping, "trusted.overlay.opaque"), "an image may not forge"
        + " overlayfs metadata");
    assertEquals(1, result.skippedXattrs());
  }

  @Test
  void overlayWhiteoutsAreZeroZeroCharacterDevicesAndOpaqueXattrsWhateverTheirOrder()
      throws Exception {
    byte[] layer = new TestLayer()
        .dir("etc", 0755)
        .file("etc/.wh.motd", "")
        .dir("opt/app", 0755)
        .file("opt/app/new", "new")
        .file("opt/app/.wh..wh..opq", "")
        .file("kept", "mine")
        .file(".wh.kept", "")
        .file("var/lib/.wh.gone", "")
        .file(".wh..wh..plnk/123.456", "aufs bookkeeping")
        .gzip();
    Path target = temp.resolve("upper");

    unpack(layer, Compression.GZIP, Whiteouts.OVERLAY, target);

    assertTrue(WhiteoutWriter.isOverlayWhiteout(target.resolve("etc/motd")));
    assertEquals(0, (Long) unix(target.resolve("etc/motd")).get("rdev"));
    assertTrue(WhiteoutWriter.isOverlayWhiteout(target.resolve("var/lib/gone")));
    assertArrayEquals("y".getBytes(), Posix.lgetxattr(target.resolve("opt/app"),
        "trusted.overlay.opaque"));
    assertEquals("new", Files.readString(target.resolve("opt/app/new")));
    assertEquals("mine", Files.readString(target.resolve("kept")),
        "a whiteout hides lower layers only, never its own layer's file");
    assertFalse(Files.exists(target.resolve("etc/.wh.motd"), NOFOLLOW));
    assertFalse(Files.exists(target.resolve("opt/app/.wh..wh..opq"), NOFOLLOW));
    assertFalse(Files.exists(target.resolve(".wh..wh..plnk"), NOFOLLOW));
  }

  @Test
  void deleteFormWhiteoutsRemoveLowerContentButSpareThisLayers() throws Exception {
    Path target = temp.resolve("copy");
    unpack(new TestLayer().file("a", "lower").file("d/x", "lower").file("d/y", "lower")
        .file("keep", "lower").gzip(), Compression.GZIP, Whiteouts.DELETE, target);

    unpack(new TestLayer().file(".wh.a", "").file("d/new", "upper").file("d/.wh..wh..opq", "")
        .file("b", "upper").file(".wh.b", "").gzip(), Compression.GZIP, Whiteouts.DELETE,
        target);

    assertFalse(Files.exists(target.resolve("a"), NOFOLLOW));
    assertFalse(Files.exists(target.resolve("d/x"), NOFOLLOW));
    assertFalse(Files.exists(target.resolve("d/y"), NOFOLLOW));
    assertEquals("upper", Files.readString(target.resolve("d/new")));
    assertEquals("upper", Files.readString(target.resolve("b")));
    assertEquals("lower", Files.readString(target.resolve("keep")));
  }

  @Test
  void aLaterEntryForTheSamePathReplacesTheEarlierOneWhateverTheirTypes() throws Exception {
    Path target = temp.resolve("layer");
    byte[] unread = "AUFS metadata the unpacker skips unread: an odd size".getBytes(UTF_8);
    unpack(new TestLayer()
        .file("f", "first").file("f", "second")
        .file("to-link", "file").symlink("to-link", "/etc/passwd")
        .symlink("to-file", "/etc/passwd").file("to-file", "file now")
        .dir("to-file-from-dir", 0755).file("to-file-from-dir/child", "gone")
        .file("to-file-from-dir", "file now")
        .file("linked", "target").file("to-hardlink", "file").hardlink("to-hardlink", "linked")
        .rawEntry(".wh..wh.plnk/1.2", TarConstants.LF_NORMAL, unread)
        .file("after", "read after an entry skipped unread").gzip(),
        Compression.GZIP, Whiteouts.OVERLAY, target);

    assertEquals("second", Files.readString(target.resolve("f")));
    assertEquals("/etc/passwd", Files.readSymbolicLink(target.resolve("to-link")).toString());
    assertFalse(Files.isSymbolicLink(target.resolve("to-file")));
    assertEquals("file now", Files.readString(target.resolve("to-file"), UTF_8));
    assertEquals("file now", Files.readString(target.resolve("to-file-from-dir")));
    assertEquals(unix(target.resolve("linked")).get("ino"),
        unix(target.resolve("to-hardlink")).get("ino"));
    assertFalse(Files.exists(target.resolve(".wh..wh.plnk"), NOFOLLOW));
    assertEquals("read after an entry skipped unread",
        Files.readString(target.resolve("after")));
  }

  @Test
  void zstdAndUncompressedLayersUnpackToTheSameDiffId() throws Exception {
    TestLayer layer = new TestLayer().file("a", "zstd works");
    byte[] tar = layer.tar();
    TestLayer again = new TestLayer().file("a", "zstd works");
    UnpackResult zstd = unpack(again.zstd(), Compression.ZSTD, Whiteouts.OVERLAY,
        temp.resolve("z"));
    UnpackResult plain = unpack(tar, Compression.NONE, Whiteouts.OVERLAY, temp.resolve("n"));
    assertTrue(Decompressors.zstdAvailable());
    assertEquals(Digest.sha256(tar), zstd.diffId());
    assertEquals(zstd.diffId(), plain.diffId());
    assertEquals("zstd works", Files.readString(temp.resolve("z/a")));
  }

  @Test
  void theDiffIdCoversTrailingPaddingAndTheWholeStreamIsConsumed() throws Exception {
    byte[] tar = new TestLayer().file("a", "x").tar();
    byte[] padded = Arrays.copyOf(tar, tar.length + 10 * 512);
    byte[] gz = TestLayer.gzip(padded);
    ByteArrayInputStream in = new ByteArrayInputStream(gz);
    UnpackResult result = new LayerUnpacker(Whiteouts.OVERLAY).apply(in, Compression.GZIP,
        temp.resolve("p"), Limits.defaults());
    assertEquals(Digest.sha256(padded), result.diffId());
    assertEquals(0, in.available(), "a tee behind the unpacker sees every byte");
  }

  @Test
  void aLayerThatIsNotGzipIsReportedAsSuch() {
    UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
        () -> unpack("plain text".getBytes(), Compression.GZIP, Whiteouts.OVERLAY,
            temp.resolve("x")));
    assertTrue(e.getMessage().contains("not gzip"), e.getMessage());
  }

  @Test
  void diffIdVerificationNamesBothDigests() throws Exception {
    UnpackResult result = unpack(new TestLayer().file("a", "x").gzip(), Compression.GZIP,
        Whiteouts.OVERLAY, temp.resolve("v"));
    Digest config = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    DiffIdMismatchException e = assertThrows(DiffIdMismatchException.class,
        () -> result.requireDiffId(config));
    assertTrue(e.getMessage().contains(config.toString()));
    assertTrue(e.getMessage().contains(result.diffId().toString()));
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
