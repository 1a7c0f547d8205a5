package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.container.HostConfig.MountSpec;
import dev.edge.runtime.container.HostConfig.TmpfsOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountSpecsTest {
  @Test
  void bindWithAliasesAndReadonly() {
    assertEquals(new MountSpec("bind", "/srv", "/data", true, null),
        MountSpecs.parse("type=bind,src=/srv,dst=/data,readonly"));
    assertEquals(new MountSpec("bind", "/srv", "/data", false, null),
        MountSpecs.parse("type=bind,source=/srv,destination=/data,ro=false"));
    assertEquals(new MountSpec("bind", "/srv", "/data", true, null),
        MountSpecs.parse("type=BIND,source=/srv,target=/data,ro=1"));
  }

  @Test
  void theTypeDefaultsToVolume() {
    assertEquals(new MountSpec("volume", "cache", "/cache", false, null),
        MountSpecs.parse("source=cache,target=/cache"));
    assertEquals(new MountSpec("volume", null, "/anon", false, null),
        MountSpecs.parse("target=/anon"));
  }

  @Test
  void tmpfsSizeAndModeAreParsed() {
    assertEquals(new MountSpec("tmpfs", null, "/run", false, new TmpfsOptions(64L * 1024 * 1024,
        01777)), MountSpecs.parse("type=tmpfs,target=/run,tmpfs-size=64m,tmpfs-mode=1777"));
  }

  @Test
  void aDotRelativeBindSourceIsMadeAbsoluteAsDockerDoes() {
    MountSpec m = MountSpecs.parse("type=bind,source=./conf,target=/conf");
    assertEquals(Path.of("conf").toAbsolutePath().toString(), m.source());
  }

  @Test
  void quotedFieldsMayHoldCommas() {
    assertEquals(List.of("type=bind", "source=/a,b", "target=/c"),
        MountSpecs.csvFields("type=bind,\"source=/a,b\",target=/c"));
    assertEquals("/a,b", MountSpecs.parse("type=bind,\"source=/a,b\",target=/c").source());
  }

  @Test
  void badSpecsAreRefusedWithTheReason() {
    String[][] cases = {
        {"type=bind,source=/a", "target is required"},
        {"type=bind,target=/a", "needs a source"},
        {"type=bind,source=rel,target=/a", "not an absolute path"},
        {"type=nfs,target=/a", "unknown mount type"},
        {"type=bind,source=/a,target=/b,tmpfs-size=1m", "cannot mix"},
        {"type=tmpfs,target=/a,tmpfs-size=big", "invalid size"},
        {"type=tmpfs,target=/a,tmpfs-mode=999", "tmpfs-mode"},
        {"type=tmpfs,source=/x,target=/a", "has no source"},
        {"type=bind,source=/a,target=rel", "not an absolute path"},
        {"type=bind,source=/a,target=/b,colour=red", "unexpected key 'colour'"},
        {"type=bind,source=/a,target=/b,readonly=maybe", "invalid value for readonly"},
        {"type=bind,source=/a,target=/b,bind-propagation=rshared", "not supported"},
        {"type=bind,source=/a,target=/b,", "key=value"},
        {"type=bind,\"source=/a,target=/b", "quote"},
    };
    for (String[] c : cases) {
      BadFlagException e = assertThrows(BadFlagException.class, () -> MountSpecs.parse(c[0]),
          c[0]);
      assertTrue(e.getMessage().contains("--mount"), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
    }
  }

  @Test
  void aVolumeWithoutTmpfsOptionsHasNone() {
    assertNull(MountSpecs.parse("type=volume,src=v,dst=/v").tmpfsOptions());
  }
}
