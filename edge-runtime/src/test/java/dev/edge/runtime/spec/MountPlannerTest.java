package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.volume.Volume;
import dev.edge.runtime.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -v}, {@code --mount}, {@code --tmpfs} and image VOLUMEs, with Docker's errors. */
class MountPlannerTest {
  @TempDir Path dir;
  private VolumeStore volumes;
  private MountPlanner planner;
  private Path src;

  @BeforeEach
  void store() throws IOException {
    volumes = new VolumeStore(dir.resolve("volumes"));
    planner = new MountPlanner(volumes);
    src = Files.createDirectories(dir.resolve("src"));
  }

  static HostConfig mounts(List<String> binds, List<HostConfig.MountSpec> mounts,
      Map<String, String> tmpfs) {
    return new HostConfig(binds, mounts, tmpfs, null, null, false, null, false, null, null, 0,
        0, 0, 0, 0, 0, null, false, null, null, null, false, null, null, null, 0, null, null,
        null);
  }

  private List<ContainerMount> binds(String... binds) throws IOException {
    return planner.plan(mounts(List.of(binds), null, null), Map.of());
  }

  private String error(HostConfig hc) {
    return assertThrows(ContainerSpecException.class, () -> planner.plan(hc, Map.of()))
        .getMessage();
  }

  private String bindError(String bind) {
    return error(mounts(List.of(bind), null, null));
  }

  @Test
  void aReadOnlyBindIsAnRbindWithRoAndPrivatePropagation() throws IOException {
    ContainerMount m = binds(src + ":/data:ro").get(0);
    assertEquals(ContainerMount.Type.BIND, m.type());
    assertEquals(src.toString(), m.source());
    assertEquals("/data", m.destination());
    assertTrue(m.readOnly());
    assertEquals(List.of("rbind", "ro", "rprivate"), m.options());
    assertEquals(new OciSpec.Mount("/data", "bind", src.toString(),
        List.of("rbind", "ro", "rprivate")), m.toOci());
    assertEquals(Map.of("Type", "bind", "Source", src.toString(), "Destination", "/data",
        "Mode", "ro", "RW", false, "Propagation", "rprivate"), m.inspectView());
  }

  @Test
  void aBindWithAPropagationModeKeepsIt() throws IOException {
    ContainerMount m = binds(src + ":/data/:rw,rslave,z").get(0);
    assertFalse(m.readOnly());
    assertEquals("/data", m.destination());
    assertEquals(List.of("rbind", "rslave"), m.options());
    assertEquals("rslave", SpecBuilder.rootfsPropagation(List.of(m)));
  }

  @Test
  void aMissingHostPathIsRefusedInDockersWords() {
    assertEquals("invalid volume specification: '/no/such/dir:/x': invalid mount config for"
        + " type \"bind\": bind source path does not exist: /no/such/dir",
        bindError("/no/such/dir:/x"));
    assertEquals("invalid mount config for type \"bind\": bind source path does not exist:"
        + " /no/such/dir", error(mounts(null, List.of(new HostConfig.MountSpec("bind",
            "/no/such/dir", "/x", false, null)), null)));
  }

  @Test
  void badDestinationsAreRefused() {
    assertEquals("invalid volume specification: '" + src + ":data': invalid mount config for"
        + " type \"bind\": invalid mount path: 'data' mount path must be absolute",
        bindError(src + ":data"));
    assertEquals("invalid volume specification: '" + src + ":/': invalid mount config for"
        + " type \"bind\": invalid specification: destination can't be '/'",
        bindError(src + ":/"));
    assertTrue(bindError(src + ":/proc/sys").contains("cannot be mounted because it is located"
        + " inside \"/proc\""));
  }

  @Test
  void malformedSpecsAreRefused() {
    assertEquals("invalid volume specification: ''", bindError(""));
    assertTrue(bindError("a:b:c:d").startsWith("invalid volume specification: 'a:b:c:d'"));
    assertTrue(bindError("/data:rw").startsWith("invalid volume specification: '/data:rw'"));
    assertEquals("invalid volume specification: '" + src + ":/x:rw,ro': invalid mode: rw,ro",
        bindError(src + ":/x:rw,ro"));
    assertTrue(bindError(src + ":/x:sideways").endsWith("invalid mode: sideways"));
    assertTrue(bindError(src + ":/x:nocopy").contains("VolumeOptions must not be specified"));
    assertTrue(bindError("cache:/x:rshared").contains("BindOptions must not be specified"));
  }

  @Test
  void duplicateDestinationsAreRefusedAcrossAllKinds() {
    assertEquals("Duplicate mount point: /data", error(mounts(List.of(src + ":/data"),
        List.of(new HostConfig.MountSpec("tmpfs", null, "/data/", false, null)), null)));
    assertEquals("Duplicate mount point: /data", error(mounts(List.of("v1:/data"), null,
        Map.of("/data", ""))));
  }

  @Test
  void aNameIsANamedVolumeCreatedOnFirstUse() throws IOException {
    ContainerMount m = binds("cache:/root/.cache").get(0);
    assertEquals(ContainerMount.Type.VOLUME, m.type());
    assertEquals("cache", m.volumeName());
    assertEquals(volumes.dataPath("cache").toString(), m.source());
    assertTrue(m.copyUp());
    assertTrue(volumes.find("cache").isPresent());
    assertEquals(m.source(), binds("cache:/other:ro,nocopy").get(0).source());
    assertFalse(binds("cache:/third:nocopy").get(0).copyUp());
  }

  @Test
  void aVolumeNameDockerWouldRefuseIsRefusedBeforeAnythingIsMade() throws IOException {
    String e = bindError("./relative:/x");
    assertTrue(e.contains("includes invalid characters for a local volume name"), e);
    assertTrue(e.contains("If you intended to pass a host directory, use absolute path"), e);
    assertEquals(List.of(), volumes.list());
  }

  @Test
  void imageVolumesBecomeAnonymousVolumesUnlessTheUserCoversThem() throws IOException {
    List<ContainerMount> ms = planner.plan(mounts(List.of(src + ":/data"), null, null),
        Map.of("/data", Map.of(), "/var/lib/db/", Map.of()));
    assertEquals(2, ms.size());
    ContainerMount anon = ms.get(1);
    assertEquals("/var/lib/db", anon.destination());
    assertTrue(volumes.get(anon.volumeName()).anonymous());
    assertEquals(64, anon.volumeName().length());
    assertTrue(anon.copyUp());
  }

  @Test
  void aRestartReusesTheAnonymousVolumesMadeBefore() throws IOException {
    HostConfig hc = mounts(List.of("/scratch"), null, null);
    ContainerMount first = planner.plan(hc, Map.of("/db", Map.of())).get(1);
    ContainerMount again = planner.plan(hc, Map.of("/db", Map.of()),
        Map.of("/db", first.volumeName())).get(1);
    assertEquals(first.volumeName(), again.volumeName());
    volumes.remove(first.volumeName(), false, n -> false);
    assertNotEquals(first.volumeName(), planner.plan(hc, Map.of("/db", Map.of()),
        Map.of("/db", first.volumeName())).get(1).volumeName(), "a removed one is made anew");
  }

  @Test
  void aDestinationOnlyBindIsAnAnonymousVolume() throws IOException {
    ContainerMount m = binds("/scratch").get(0);
    assertEquals(ContainerMount.Type.VOLUME, m.type());
    assertTrue(volumes.get(m.volumeName()).anonymous());
  }

  @Test
  void mountEntriesOfEachType() throws IOException {
    List<ContainerMount> ms = planner.plan(mounts(null, List.of(
        new HostConfig.MountSpec("bind", src.toString(), "/b", true, null),
        new HostConfig.MountSpec("volume", "named", "/v", false, null),
        new HostConfig.MountSpec("volume", null, "/anon", false, null),
        new HostConfig.MountSpec("tmpfs", null, "/t", false,
            new HostConfig.TmpfsOptions(64L << 20, 01777))), null), Map.of());
    assertEquals(List.of("rbind", "ro", "rprivate"), ms.get(0).options());
    assertEquals("named", ms.get(1).volumeName());
    assertTrue(volumes.get(ms.get(2).volumeName()).anonymous());
    assertEquals(new OciSpec.Mount("/t", "tmpfs", "tmpfs", List.of("noexec", "nosuid", "nodev",
        "rprivate", "size=64m", "mode=1777")), ms.get(3).toOci());
  }

  @Test
  void badMountEntriesAreRefused() {
    assertEquals("invalid mount config for type \"nfs\": mount type unknown", error(mounts(null,
        List.of(new HostConfig.MountSpec("nfs", "x", "/x", false, null)), null)));
    assertEquals("invalid mount config for type \"tmpfs\": field Source must not be specified",
        error(mounts(null, List.of(new HostConfig.MountSpec("tmpfs", "x", "/x", false, null)),
            null)));
    assertEquals("invalid mount config for type \"bind\": field Source must not be empty",
        error(mounts(null, List.of(new HostConfig.MountSpec("bind", "", "/x", false, null)),
            null)));
    assertEquals("invalid mount config for type \"volume\": field Target must not be empty",
        error(mounts(null, List.of(new HostConfig.MountSpec("volume", "v", null, false, null)),
            null)));
    assertEquals("invalid mount config for type \"bind\": field TmpfsOptions must not be"
        + " specified", error(mounts(null, List.of(new HostConfig.MountSpec("bind",
            src.toString(), "/x", false, new HostConfig.TmpfsOptions(1L, null))), null)));
  }

  @Test
  void tmpfsEntriesTakeDockersDefaultsAndTheirOptions() throws IOException {
    ContainerMount m = planner.plan(mounts(null, null, Map.of("/run", "size=16m,exec")),
        Map.of()).get(0);
    assertEquals(List.of("nosuid", "nodev", "rprivate", "size=16m", "exec"), m.options());
    assertEquals("invalid tmpfs option \"loud\"", error(mounts(null, null,
        Map.of("/run", "loud"))));
  }

  @Test
  void aFailedPlanRemovesTheAnonymousVolumesItMade() throws IOException {
    // The named volume's directory is taken by a file, so making it fails after the
    // anonymous volume for /first was created.
    Files.writeString(dir.resolve("volumes/blocked"), "in the way");
    assertThrows(IOException.class, () -> planner.plan(mounts(List.of("/first",
        "blocked:/second"), null, null), Map.of()));
    assertEquals(List.of(), volumes.list().stream().map(Volume::name).toList());
  }

  @Test
  void checkFindsTheSameErrorsWithoutCreatingVolumes() throws IOException {
    MountPlanner.check(mounts(List.of("fresh:/x", src + ":/y"), null, null));
    assertEquals(List.of(), volumes.list());
    assertThrows(ContainerSpecException.class,
        () -> MountPlanner.check(mounts(List.of("/no/such:/x"), null, null)));
  }
}
