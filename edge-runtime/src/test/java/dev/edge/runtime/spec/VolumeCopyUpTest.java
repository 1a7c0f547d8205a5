package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's copy-up of the image's content into an empty volume, metadata and links kept. */
class VolumeCopyUpTest {
  @TempDir Path dir;
  private Path rootfs;
  private Path data;

  @BeforeEach
  void image() throws IOException {
    rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Path db = Files.createDirectories(rootfs.resolve("var/lib/db"));
    Files.writeString(db.resolve("seed.sql"), "create table t;");
    Posix.lchown(db.resolve("seed.sql"), 1000, 1000);
    Posix.chmod(db.resolve("seed.sql"), 04750);
    Files.setLastModifiedTime(db.resolve("seed.sql"), FileTime.fromMillis(1_000_000_000_000L));
    Files.createLink(db.resolve("seed-link.sql"), db.resolve("seed.sql"));
    Files.createSymbolicLink(db.resolve("current"), Path.of("/etc/passwd"));
    Files.createDirectories(db.resolve("sub"));
    Posix.mkfifo(db.resolve("sub/fifo"), 0600);
    Posix.lchown(db, 999, 998);
    Posix.chmod(db, 0700);
    data = Files.createDirectories(dir.resolve("volume/_data"));
  }

  private static ContainerMount volume(Path source, String destination, boolean copyUp) {
    return new ContainerMount(ContainerMount.Type.VOLUME, source.toString(), destination, false,
        "v", "", "", List.of("rbind", "rprivate"), copyUp);
  }

  @Test
  void anEmptyVolumeReceivesTheImagesContentWithOwnersModesTimesAndLinks() throws IOException {
    VolumeCopyUp.populate(List.of(volume(data, "/var/lib/db", true)), rootfs);
    Path seed = data.resolve("seed.sql");
    assertEquals("create table t;", Files.readString(seed));
    assertEquals(1000, Files.getAttribute(seed, "unix:uid"));
    assertEquals(04750, (Integer) Files.getAttribute(seed, "unix:mode") & 07777);
    assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(seed).toMillis());
    assertEquals(Files.getAttribute(seed, "unix:ino"),
        Files.getAttribute(data.resolve("seed-link.sql"), "unix:ino"));
    assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(data.resolve("current")));
    assertTrue((Boolean) Files.getAttribute(data.resolve("sub/fifo"), "unix:isOther",
        LinkOption.NOFOLLOW_LINKS));
    assertEquals(999, Files.getAttribute(data, "unix:uid"));
    assertEquals(0700, (Integer) Files.getAttribute(data, "unix:mode") & 07777);
  }

  @Test
  void aVolumeWithContentOrNocopyIsLeftAlone() throws IOException {
    Files.writeString(data.resolve("mine"), "kept");
    VolumeCopyUp.populate(List.of(volume(data, "/var/lib/db", true)), rootfs);
    assertFalse(Files.exists(data.resolve("seed.sql")));
    Path other = Files.createDirectories(dir.resolve("other/_data"));
    VolumeCopyUp.populate(List.of(volume(other, "/var/lib/db", false)), rootfs);
    assertFalse(Files.exists(other.resolve("seed.sql")));
  }

  @Test
  void aMissingImagePathLeavesTheVolumeEmpty() throws IOException {
    VolumeCopyUp.populate(List.of(volume(data, "/nowhere", true)), rootfs);
    try (var s = Files.list(data)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void theSourceIsFoundInsideTheImageEvenThroughALinkToTheHost() throws IOException {
    // /data -> /var/lib/db inside the image, not the host's /var/lib/db.
    Files.createSymbolicLink(rootfs.resolve("data"), Path.of("/var/lib/db"));
    VolumeCopyUp.populate(List.of(volume(data, "/data", true)), rootfs);
    assertTrue(Files.exists(data.resolve("seed.sql")));
  }

  @Test
  void aFileWhereTheVolumeGoesIsRefused() throws IOException {
    Files.writeString(rootfs.resolve("config"), "x");
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> VolumeCopyUp.populate(List.of(volume(data, "/config", true)), rootfs));
    assertEquals("cannot mount volume over existing file, file exists /config", e.getMessage());
  }
}
