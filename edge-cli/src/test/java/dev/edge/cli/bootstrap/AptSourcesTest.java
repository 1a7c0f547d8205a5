package dev.edge.cli.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesTest {
  @TempDir Path etc;

  @Test
  void deb822SourcesGiveTheSuitesMirrorAndNeverTheSecurityOne() throws Exception {
    Files.createDirectories(etc.resolve("sources.list.d"));
    Files.writeString(etc.resolve("sources.list.d/debian.sources"), """
        Types: deb
        # http://snapshot.debian.org/archive/debian-security/20250520T000000Z
        URIs: http://deb.debian.org/debian-security
        Suites: bookworm-security
        Components: main

        Types: deb deb-src
        URIs: http://mirror.example/debian/
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
        """);
    assertEquals(Optional.of("http://mirror.example/debian"),
        AptSources.mirror(etc, "bookworm"));
    assertEquals(Optional.of("http://mirror.example/debian"), AptSources.mirror(etc, "trixie"),
        "another suite falls back to a Debian mirror of this machine");
  }

  @Test
  void oneLineSourcesWithOptionsAndDisabledStanzasAreRead() throws Exception {
    Files.createDirectories(etc.resolve("sources.list.d"));
    Files.writeString(etc.resolve("sources.list.d/off.sources"), """
        Types: deb
        URIs: http://disabled.example/debian
        Suites: bookworm
        Enabled: no
        """);
    Files.writeString(etc.resolve("sources.list"), """
        # deb http://commented.example/debian bookworm main
        deb cdrom:[Debian GNU/Linux 12]/ bookworm main
        deb [arch=arm64 signed-by=/usr/share/keyrings/x.gpg] http://ftp.example/debian bookworm main
        deb http://security.debian.org/debian-security bookworm-security main
        """);
    assertEquals(Optional.of("http://ftp.example/debian"), AptSources.mirror(etc, "bookworm"));
  }

  @Test
  void noSourcesGiveNothing() throws Exception {
    assertEquals(Optional.empty(), AptSources.mirror(etc, "bookworm"));
  }
}
