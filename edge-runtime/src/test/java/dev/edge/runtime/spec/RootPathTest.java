package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths inside an image resolve as a chrooted process sees them, never onto the host. */
class RootPathTest {
  @TempDir Path root;

  @Test
  void anAbsoluteLinkStartsAgainAtTheRoot() throws IOException {
    Files.createDirectories(root.resolve("real/etc"));
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/real/etc"));
    assertEquals(root.resolve("real/etc/passwd"), RootPath.resolve(root, "/etc/passwd"));
  }

  @Test
  void dotDotStopsAtTheRoot() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../../etc/shadow"));
    assertEquals(root.resolve("etc/shadow"), RootPath.resolve(root, "/etc/passwd"));
    assertEquals(root.resolve("x"), RootPath.resolve(root, "/../../x"));
  }

  @Test
  void relativeLinksResolveFromTheirDirectory() throws IOException {
    Files.createDirectories(root.resolve("usr/lib"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    assertEquals(root.resolve("usr/lib/x.so"), RootPath.resolve(root, "lib/x.so"));
  }

  @Test
  void aLinkLoopIsAnErrorNotAHang() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("/b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
    IOException e = assertThrows(IOException.class, () -> RootPath.resolve(root, "/a/x"));
    assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
  }

  @Test
  void missingComponentsAreKeptAsGiven() throws IOException {
    assertEquals(root.resolve("no/such/dir"), RootPath.resolve(root, "/no/./such//dir/"));
  }
}
