package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.container.HostConfig.DeviceMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSpecsTest {
  @Test
  void aHostPathAloneKeepsItsPathWithAllPermissions() {
    assertEquals(List.of(new DeviceMapping("/dev/ttyUSB0", "/dev/ttyUSB0", "rwm")),
        DeviceSpecs.parse("/dev/ttyUSB0"));
  }

  @Test
  void aSecondPartIsPermissionsOrTheContainerPath() {
    assertEquals(List.of(new DeviceMapping("/dev/ttyUSB0", "/dev/ttyUSB0", "rw")),
        DeviceSpecs.parse("/dev/ttyUSB0:rw"));
    assertEquals(List.of(new DeviceMapping("/dev/ttyUSB0", "/dev/ttyS9", "rwm")),
        DeviceSpecs.parse("/dev/ttyUSB0:/dev/ttyS9"));
    assertEquals(List.of(new DeviceMapping("/dev/ttyUSB0", "/dev/ttyS9", "r")),
        DeviceSpecs.parse("/dev/ttyUSB0:/dev/ttyS9:r"));
  }

  @Test
  void aTrailingStarAddsEveryMatchingDevice() {
    List<DeviceMapping> ttys = DeviceSpecs.parse("/dev/tty*");
    assertFalse(ttys.isEmpty());
    assertTrue(ttys.stream().allMatch(d -> d.pathOnHost().startsWith("/dev/tty")
        && d.pathOnHost().equals(d.pathInContainer())));
    assertTrue(DeviceSpecs.parse("/dev/no-such-device-prefix*").isEmpty());
  }

  @Test
  void badSpecsAreRefused() {
    for (String bad : new String[] {"", "dev/ttyUSB0", "/dev/a:rel", "/dev/a:/dev/b:rwx",
        "/dev/a:/dev/b:rr", "/dev/a:/b:rw:x", "/dev/tty*:/dev/x"}) {
      BadFlagException e = assertThrows(BadFlagException.class, () -> DeviceSpecs.parse(bad),
          bad);
      assertTrue(e.getMessage().contains("\"--device\" flag"), e.getMessage());
    }
  }
}
