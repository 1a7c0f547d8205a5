package dev.edge.cli.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.cli.UserException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapCommandTest {
  @TempDir Path dir;

  @Test
  void onlyDebianSuitesAreBootstrapped() {
    assertEquals("bookworm", BootstrapCommand.suite("debian:bookworm"));
    assertTrue(assertThrows(UserException.class, () -> BootstrapCommand.suite("ubuntu:jammy"))
        .getMessage().contains("Debian images only"));
    assertTrue(assertThrows(UserException.class, () -> BootstrapCommand.suite("debian"))
        .getMessage().contains("name the suite"));
  }

  @Test
  void debianArchitecturesMapToDockersPlatforms() {
    assertEquals("linux/amd64", BootstrapCommand.platform("amd64"));
    assertEquals("linux/arm64/v8", BootstrapCommand.platform("arm64"));
    assertEquals("linux/arm/v7", BootstrapCommand.platform("armhf"));
  }

  @Test
  void theReleaseDateIsTheDefaultEpoch() throws Exception {
    String release = "Origin: Debian\nSuite: stable\nCodename: bookworm\n"
        + "Date: Sat, 10 May 2025 09:39:04 UTC\nAcquire-By-Hash: yes\n";
    assertEquals(1746869944L, DebianRootfs.releaseDate(new ByteArrayInputStream(
        release.getBytes(StandardCharsets.UTF_8)), "Release"));
  }

  @Test
  void anUnreachableOrWrongMirrorIsNamedInTheError() {
    UserException down = assertThrows(UserException.class,
        () -> DebianRootfs.checkMirror("http://127.0.0.1:1/debian", "bookworm"));
    assertTrue(down.getMessage().contains("unreachable") && down.getMessage().contains(
        "--mirror"), down.getMessage());
    UserException missing = assertThrows(UserException.class,
        () -> DebianRootfs.checkMirror(dir.toUri().toString(), "bookworm"));
    assertTrue(missing.getMessage().contains("unreachable"), missing.getMessage());
  }

  @Test
  void cleaningKeepsAptsDirectoriesAndEmptiesWhatTheHostLeft() throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("var/lib/apt/lists/partial"));
    Files.writeString(root.resolve("var/lib/apt/lists/deb.debian.org_Packages"), "x");
    Files.createDirectories(root.resolve("var/log/apt"));
    Files.writeString(root.resolve("var/log/apt/history.log"), "x");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 10.0.0.1\n");
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/bash\n");
    DebianRootfs.clean(root);
    assertTrue(Files.isDirectory(root.resolve("var/lib/apt/lists/partial")));
    assertTrue(Files.notExists(root.resolve("var/lib/apt/lists/deb.debian.org_Packages")));
    assertTrue(Files.isDirectory(root.resolve("var/log/apt")));
    assertTrue(Files.notExists(root.resolve("var/log/apt/history.log")));
    assertEquals("", Files.readString(root.resolve("etc/resolv.conf")));
    assertEquals("root:x:0:0::/root:/bin/bash\n", Files.readString(root.resolve("etc/passwd")));
  }
}
