package dev.edge.runtime.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume store on disk: create, find, list, remove in use or not, prune, recovery. */
class VolumeStoreTest {
  @TempDir Path dir;
  private VolumeStore store;

  @BeforeEach
  void open() throws IOException {
    store = new VolumeStore(dir.resolve("volumes"));
  }

  @Test
  void aVolumeIsADataDirectoryWithMetadataDockerShows() throws IOException {
    Volume v = store.create("cache", Map.of("team", "fw"));
    assertEquals("cache", v.name());
    assertEquals("local", v.driver());
    assertEquals("local", v.scope());
    assertEquals(dir.resolve("volumes/cache/_data").toString(), v.mountpoint());
    assertTrue(Files.isDirectory(Path.of(v.mountpoint())));
    assertEquals(Map.of("team", "fw"), v.labels());
    assertTrue(v.createdAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
        v.createdAt());
    assertFalse(v.anonymous());
  }

  @Test
  void creatingAnExistingNameReturnsItUnchanged() throws IOException {
    Volume first = store.create("cache", Map.of("a", "1"));
    Files.writeString(Path.of(first.mountpoint()).resolve("f"), "kept");
    assertEquals(first, store.create("cache", Map.of("b", "2")));
    assertEquals(first, store.ensure("cache"));
    assertTrue(Files.exists(Path.of(first.mountpoint()).resolve("f")));
  }

  @Test
  void volumesSurviveReopeningAndUnfinishedWorkIsSwept() throws IOException {
    store.create("alpha", Map.of());
    Files.createDirectories(dir.resolve("volumes/.staging-123/_data"));
    Files.createDirectories(dir.resolve("volumes/.removing-b-456/_data"));
    VolumeStore reopened = new VolumeStore(dir.resolve("volumes"));
    assertEquals(List.of("alpha"), reopened.list().stream().map(Volume::name).toList());
    try (var entries = Files.list(dir.resolve("volumes"))) {
      assertEquals(Set.of("alpha"), Set.copyOf(entries.map(p -> p.getFileName().toString())
          .toList()));
    }
  }

  @Test
  void namesDockerRefusesAreRefused() {
    for (String bad : List.of("a", "-lead", ".hidden", "has/slash", "..", "spa ce")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.create(bad, Map.of()), bad);
      assertTrue(e.getMessage().contains("includes invalid characters"), e.getMessage());
    }
  }

  @Test
  void anEmptyNameGetsARandomOneAndAnonymousVolumesAreLabelled() throws IOException {
    Volume named = store.create("", Map.of());
    assertEquals(64, named.name().length());
    assertFalse(named.anonymous());
    Volume anon = store.createAnonymous();
    assertTrue(anon.anonymous());
    assertEquals(Map.of(Volume.ANONYMOUS_LABEL, ""), anon.labels());
  }

  @Test
  void removeRefusesAVolumeInUseEvenWithForce() throws IOException {
    store.create("busy", Map.of());
    VolumeInUseException e = assertThrows(VolumeInUseException.class,
        () -> store.remove("busy", true, "busy"::equals));
    assertEquals("remove busy: volume is in use", e.getMessage());
    assertTrue(store.find("busy").isPresent());
    store.remove("busy", false, n -> false);
    assertTrue(store.find("busy").isEmpty());
    assertFalse(Files.exists(dir.resolve("volumes/busy")));
  }

  @Test
  void removingAMissingVolumeIsAnErrorUnlessForced() throws IOException {
    assertEquals("get ghost: no such volume", assertThrows(NoSuchVolumeException.class,
        () -> store.remove("ghost", false, n -> false)).getMessage());
    store.remove("ghost", true, n -> false);
    assertThrows(NoSuchVolumeException.class, () -> store.get("ghost"));
  }

  @Test
  void pruneRemovesWhatIsSelectedAndUnusedAndCountsTheBytes() throws IOException {
    Volume anon = store.createAnonymous();
    Files.write(Path.of(anon.mountpoint()).resolve("blob"), new byte[4096]);
    Volume used = store.createAnonymous();
    store.create("named", Map.of());
    VolumeStore.PruneReport report = store.prune(Volume::anonymous, used.name()::equals);
    assertEquals(List.of(anon.name()), report.deleted());
    assertEquals(4096, report.reclaimedBytes());
    assertEquals(Set.of(used.name(), "named"), Set.copyOf(store.list().stream()
        .map(Volume::name).toList()));
  }
}
