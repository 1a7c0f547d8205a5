package dev.edge.runtime.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Docker's volume filters in both JSON forms. */
class VolumeFiltersTest {
  static Volume volume(String name, Map<String, String> labels) {
    return new Volume(name, "local", "/v/" + name + "/_data", "2026-01-01T00:00:00Z", labels,
        "local", null);
  }

  private final Volume web = volume("web-data", Map.of("app", "web", "tier", "front"));
  private final Volume anon = volume("f".repeat(64), Map.of(Volume.ANONYMOUS_LABEL, ""));

  @Test
  void listFiltersByNameLabelDriverAndDangling() {
    Predicate<String> inUse = "web-data"::equals;
    assertTrue(VolumeFilters.forList("{\"name\":[\"web\"]}").listed(inUse).test(web));
    assertFalse(VolumeFilters.forList("{\"name\":[\"db\"]}").listed(inUse).test(web));
    assertTrue(VolumeFilters.forList("{\"label\":{\"app=web\":true,\"tier\":true}}")
        .listed(inUse).test(web));
    assertFalse(VolumeFilters.forList("{\"label\":[\"app=web\",\"tier=back\"]}").listed(inUse)
        .test(web));
    assertFalse(VolumeFilters.forList("{\"dangling\":[\"true\"]}").listed(inUse).test(web));
    assertTrue(VolumeFilters.forList("{\"dangling\":[\"1\"]}").listed(inUse).test(anon));
    assertTrue(VolumeFilters.forList("{\"dangling\":[\"false\"]}").listed(inUse).test(web));
    assertTrue(VolumeFilters.forList("{\"driver\":[\"local\"]}").listed(inUse).test(web));
    assertTrue(VolumeFilters.forList("").listed(inUse).test(web));
  }

  @Test
  void pruneTakesAnonymousVolumesUnlessAllIsAsked() {
    assertTrue(VolumeFilters.forPrune(null).pruned().test(anon));
    assertFalse(VolumeFilters.forPrune(null).pruned().test(web));
    assertTrue(VolumeFilters.forPrune("{\"all\":[\"true\"]}").pruned().test(web));
    assertFalse(VolumeFilters.forPrune("{\"all\":[\"true\"],\"label!\":[\"app=web\"]}")
        .pruned().test(web));
    assertTrue(VolumeFilters.forPrune("{\"all\":[\"true\"],\"label\":[\"tier\"]}").pruned()
        .test(web));
  }

  @Test
  void unknownKeysAndBadValuesAreRefused() {
    assertEquals("invalid filter 'colour'", assertThrows(IllegalArgumentException.class,
        () -> VolumeFilters.forList("{\"colour\":[\"red\"]}")).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> VolumeFilters.forList("{\"dangling\":[\"maybe\"]}").listed(n -> false));
    assertThrows(IllegalArgumentException.class, () -> VolumeFilters.forPrune("{\"name\":[]}"));
    assertThrows(IllegalArgumentException.class, () -> VolumeFilters.forList("not json"));
  }
}
