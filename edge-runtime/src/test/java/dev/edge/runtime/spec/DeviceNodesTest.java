package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device} read from real host nodes: /dev/null, nodes made with mknod, directories. */
class DeviceNodesTest {
  @TempDir Path dir;

  private static HostConfig.DeviceMapping map(String host, String inside, String perms) {
    return new HostConfig.DeviceMapping(host, inside, perms);
  }

  @Test
  void aCharacterDeviceKeepsItsNumbersModeAndOwner() {
    List<DeviceNodes.Grant> grants = DeviceNodes.fromMapping(map("/dev/null", "/dev/mynull",
        "rw"));
    OciSpec.Device d = grants.get(0).device();
    assertEquals(new OciSpec.Device("/dev/mynull", "c", 1, 3, 0666, 0L, 0L), d);
    assertEquals(new OciSpec.DeviceRule(true, "c", 1L, 3L, "rw"), grants.get(0).rule());
  }

  @Test
  void theContainerPathAndPermissionsDefaultAsTheCliFillsThem() {
    DeviceNodes.Grant g = DeviceNodes.fromMapping(map("/dev/zero", "", "")).get(0);
    assertEquals("/dev/zero", g.device().path());
    assertEquals("rwm", g.rule().access());
  }

  @Test
  void aLinkToADeviceIsFollowedAsDockerFollowsSerialByIdLinks() throws IOException {
    Files.createSymbolicLink(dir.resolve("usb-serial"), Path.of("/dev/zero"));
    DeviceNodes.Grant g = DeviceNodes.fromMapping(map(dir + "/usb-serial", "/dev/ttyUSB0",
        "rwm")).get(0);
    assertEquals(new OciSpec.Device("/dev/ttyUSB0", "c", 1, 5, 0666, 0L, 0L), g.device());
    Files.delete(dir.resolve("usb-serial"));
  }

  @Test
  void aDirectoryGivesEveryDeviceUnderItWithLargeNumbersDecoded() throws IOException {
    Files.createDirectories(dir.resolve("bus/usb"));
    // 4095:1048575 exercises both halves of the kernel's dev_t split.
    long dev = makedev(4095, 1048575);
    Posix.mknod(dir.resolve("bus/usb/001"), DeviceNodes.S_IFCHR | 0660, dev);
    Posix.chmod(dir.resolve("bus/usb/001"), 0660); // past the umask
    Posix.mknod(dir.resolve("bus/002"), DeviceNodes.S_IFCHR | 0600, makedev(189, 2));
    Files.writeString(dir.resolve("bus/readme"), "not a device");
    List<DeviceNodes.Grant> grants = DeviceNodes.fromMapping(map(dir + "/bus", "/dev/bus",
        "r"));
    assertEquals(2, grants.size());
    assertEquals(new OciSpec.Device("/dev/bus/002", "c", 189, 2, 0600, 0L, 0L),
        grants.get(0).device());
    assertEquals(new OciSpec.Device("/dev/bus/usb/001", "c", 4095, 1048575, 0660, 0L, 0L),
        grants.get(1).device());
  }

  @Test
  void aPtyIsBoundFromItsDevptsBecauseAnotherNodeOfItWouldNotOpen() {
    try (TestPty pty = new TestPty()) {
      DeviceNodes.Grant g = DeviceNodes.fromMapping(map(pty.slave().toString(), "/dev/ttyUSB0",
          "rwm")).get(0);
      assertEquals(pty.slave().toString(), g.bindSource());
      assertEquals(new OciSpec.Mount("/dev/ttyUSB0", "bind", pty.slave().toString(),
          List.of("rbind", "rprivate")), g.bindMount());
      assertEquals(136, g.rule().major() & ~0x7L); // Unix98 pty slaves: majors 136 to 143
    }
    assertNull(DeviceNodes.fromMapping(map("/dev/null", "", "")).get(0).bindSource());
  }

  @Test
  void aFifoIsCreatedButNeedsNoCgroupRule() throws IOException {
    Posix.mkfifo(dir.resolve("pipe"), 0644);
    DeviceNodes.Grant g = DeviceNodes.fromMapping(map(dir + "/pipe", "/run/pipe", "rwm"))
        .get(0);
    assertEquals("p", g.device().type());
    assertNull(g.rule());
  }

  @Test
  void aMissingPathOrAPlainFileIsAClearError() throws IOException {
    ContainerSpecException missing = assertThrows(ContainerSpecException.class,
        () -> DeviceNodes.fromMapping(map("/dev/ttyUSB99", "/dev/ttyUSB0", "rwm")));
    assertEquals("error gathering device information while adding custom device"
        + " \"/dev/ttyUSB99\": no such file or directory", missing.getMessage());
    Files.writeString(dir.resolve("file"), "x");
    ContainerSpecException plain = assertThrows(ContainerSpecException.class,
        () -> DeviceNodes.fromMapping(map(dir + "/file", "/dev/x", "rwm")));
    assertTrue(plain.getMessage().endsWith("not a device node"), plain.getMessage());
    Files.createDirectories(dir.resolve("empty"));
    assertThrows(ContainerSpecException.class,
        () -> DeviceNodes.fromMapping(map(dir + "/empty", "/dev/x", "rwm")));
  }

  @Test
  void badPermissionsAndRelativePathsAreRefused() {
    assertThrows(ContainerSpecException.class,
        () -> DeviceNodes.fromMapping(map("/dev/null", "/dev/null", "rwx")));
    assertThrows(ContainerSpecException.class,
        () -> DeviceNodes.fromMapping(map("dev/null", "/dev/null", "rwm")));
    assertThrows(ContainerSpecException.class,
        () -> DeviceNodes.fromMapping(map("/dev/null", "null", "rwm")));
  }

  @Test
  void privilegedContainersGetTheHostsDevNodesButNotItsConsoleOrPts() throws IOException {
    List<OciSpec.Device> all = DeviceNodes.hostDevices(Path.of("/dev"));
    assertTrue(all.stream().anyMatch(d -> d.path().equals("/dev/null")));
    assertTrue(all.stream().noneMatch(d -> d.path().equals("/dev/console")));
    assertTrue(all.stream().noneMatch(d -> d.path().startsWith("/dev/pts/")));
  }

  /** glibc's makedev. */
  static long makedev(long major, long minor) {
    return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL)
        | ((minor & ~0xffL) << 12);
  }
}
