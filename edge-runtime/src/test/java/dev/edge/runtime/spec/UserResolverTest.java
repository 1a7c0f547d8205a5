package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User, group and supplementary groups from the image's own account files, with runc's rules. */
class UserResolverTest {
  static final String PASSWD = """
      root:x:0:0:root:/root:/bin/sh
      # a comment line
      daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
      builder:x:1000:1000:Firmware builder:/home/builder:/bin/sh
      broken:x:notanumber:7::/x:/bin/sh
      """;
  static final String GROUP = """
      root:x:0:
      tty:x:5:
      dialout:x:20:builder,daemon
      builder:x:1000:
      plugdev:x:46:builder
      """;

  @TempDir Path rootfs;

  @BeforeEach
  void accounts() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), PASSWD);
    Files.writeString(rootfs.resolve("etc/group"), GROUP);
  }

  @Test
  void aNameResolvesToItsIdsHomeAndGroupMemberships() {
    ResolvedUser u = UserResolver.resolve(rootfs, "builder", List.of());
    assertEquals(new ResolvedUser(1000, 1000, List.of(20L, 46L), "/home/builder"), u);
  }

  @Test
  void anEmptyUserIsRoot() {
    assertEquals(new ResolvedUser(0, 0, List.of(), "/root"),
        UserResolver.resolve(rootfs, "", List.of()));
  }

  @Test
  void aUidWithoutAnEntryIsTakenAsItIsWithGroupZero() {
    assertEquals(new ResolvedUser(4242, 0, List.of(), "/"),
        UserResolver.resolve(rootfs, "4242", List.of()));
  }

  @Test
  void aUidWithAnEntryTakesTheEntrysGroupAndHome() {
    assertEquals(new ResolvedUser(1, 1, List.of(20L), "/usr/sbin"),
        UserResolver.resolve(rootfs, "1", List.of()));
  }

  @Test
  void anExplicitGroupByNameOrNumberReplacesThePrimaryAndDropsMemberships() {
    assertEquals(new ResolvedUser(1000, 5, List.of(), "/home/builder"),
        UserResolver.resolve(rootfs, "builder:tty", List.of()));
    assertEquals(new ResolvedUser(1000, 777, List.of(), "/home/builder"),
        UserResolver.resolve(rootfs, "1000:777", List.of()));
  }

  @Test
  void groupAddTakesNamesAndNumbersWithoutDuplicates() {
    ResolvedUser u = UserResolver.resolve(rootfs, "builder", List.of("tty", "20", "9999"));
    assertEquals(List.of(20L, 46L, 5L, 9999L), u.additionalGids());
  }

  @Test
  void anUnknownUserNamesTheUserAndTheImageFile() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "nobody", List.of()));
    assertEquals("unable to find user nobody: no matching entries in passwd file /etc/passwd"
        + " of the image", e.getMessage());
  }

  @Test
  void aLineWithABrokenUidIsNeverTakenAsRoot() {
    assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "broken", List.of()));
  }

  @Test
  void unknownGroupsAreRefusedByName() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "builder:wheel", List.of()));
    assertEquals("unable to find group wheel: no matching entries in group file /etc/group of"
        + " the image", e.getMessage());
    assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "builder", List.of("docker")));
  }

  @Test
  void idsOutsideRuncsRangeAreRefused() {
    assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "4294967296", List.of()));
    assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "-1", List.of()));
    assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "0:2147483648", List.of()));
  }

  @Test
  void anImageWithoutPasswdAllowsNumbersOnly() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    assertEquals(new ResolvedUser(1000, 1000, List.of(), "/"),
        UserResolver.resolve(rootfs, "1000:1000", List.of()));
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "builder", List.of()));
    assertEquals("unable to find user builder: the image has no /etc/passwd", e.getMessage());
  }

  @Test
  void aPasswdLinkPointingAtTheHostIsReadInsideTheImage() throws IOException {
    // The image's /etc/passwd is a link to /etc/shadow-like host path; it must resolve to the
    // image's own file of that name, which here says builder is uid 4000.
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createDirectories(rootfs.resolve("host/etc"));
    Files.writeString(rootfs.resolve("host/etc/passwd"), "builder:x:4000:4000::/b:/bin/sh\n");
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../../host/etc/passwd"));
    assertEquals(4000, UserResolver.resolve(rootfs, "builder", List.of()).uid());
  }

  @Test
  void aPasswdThatIsAFifoIsRefusedRatherThanBlockingTheDaemon() throws IOException {
    Files.delete(rootfs.resolve("etc/passwd"));
    Posix.mkfifo(rootfs.resolve("etc/passwd"), 0644);
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> UserResolver.resolve(rootfs, "builder", List.of()));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }
}
