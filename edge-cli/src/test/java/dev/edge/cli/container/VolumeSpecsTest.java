package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeSpecsTest {
  @Test
  void absoluteSourcesAndNamedVolumesAreBinds() {
    VolumeSpecs v = new VolumeSpecs().add("/srv/data:/data").add("/etc/hosts:/h:ro")
        .add("cache:/cache:rw,nocopy");
    assertEquals(List.of("/srv/data:/data", "/etc/hosts:/h:ro", "cache:/cache:rw,nocopy"),
        v.binds());
    assertTrue(v.anonymous().isEmpty());
  }

  @Test
  void aLoneTargetIsAnAnonymousVolume() {
    VolumeSpecs v = new VolumeSpecs().add("/scratch");
    assertEquals(Map.of("/scratch", Map.of()), v.anonymous());
    assertTrue(v.binds().isEmpty());
  }

  @Test
  void aRelativeHostPathIsRefusedAsDockerDoes() {
    for (String bad : new String[] {"./src:/src", "src/x:/src", "~/x:/x", "a:/a"}) {
      BadFlagException e = assertThrows(BadFlagException.class,
          () -> new VolumeSpecs().add(bad), bad);
      assertTrue(e.getMessage().contains("-v, --volume"), e.getMessage());
      assertTrue(e.getMessage().contains("use an absolute path"), e.getMessage());
    }
  }

  @Test
  void badTargetsAndModesAreRefused() {
    for (String bad : new String[] {"/a:rel", "/a:/b:rx", "/a:/b:ro,rw", "relative", "/a:",
        "/a:/b:ro:x", ""}) {
      assertThrows(BadFlagException.class, () -> new VolumeSpecs().add(bad), bad);
    }
  }
}
