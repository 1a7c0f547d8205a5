package dev.edge.runtime.unpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file calls, bound by direct mapping: results and errno reach the caller. */
class PosixTest {
  @TempDir Path dir;

  @Test
  void chmodLchownAndTimesChangeWhatTheyName() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("l"), file);
    Posix.chmod(file, 0640);
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Posix.lchown(link, 1234, 5678);
    assertEquals(1234, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    assertEquals(0, Files.getAttribute(file, "unix:uid"), "the target keeps its owner");
    Posix.setTimesNoFollow(link, 1_000_000_000L, 123_456_789);
    assertEquals(1_000_000_000L, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS)
        .toInstant().getEpochSecond());
    assertEquals(123_456_789, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS)
        .toInstant().getNano());
    assertTrue(Files.getLastModifiedTime(file).toInstant().getEpochSecond() > 1_000_000_000L);
  }

  @Test
  void failuresNameTheCallThePathAndTheCause() {
    Path missing = dir.resolve("missing");
    for (IOException e : new IOException[] {
        assertThrows(IOException.class, () -> Posix.chmod(missing, 0644)),
        assertThrows(IOException.class, () -> Posix.lchown(missing, 0, 0)),
        assertThrows(IOException.class, () -> Posix.setTimesNoFollow(missing, 0, 0))}) {
      assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
      assertEquals(2, Posix.errno(e));
    }
  }
}
