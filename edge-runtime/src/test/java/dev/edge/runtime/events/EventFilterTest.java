package dev.edge.runtime.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
  private final Event start = Event.of("container", "start", "0123456789abcdef",
      Map.of("name", "web", "image", "busybox", "tier", "front"), 1L);

  private static EventFilter parse(String json) throws Exception {
    return EventFilter.parse(Json.mapper().readTree(json));
  }

  @Test
  void acceptsBothDockerWireForms() throws Exception {
    assertTrue(parse("{\"type\":{\"container\":true}}").matches(start));
    assertTrue(parse("{\"type\":[\"container\"]}").matches(start));
    assertFalse(parse("{\"type\":[\"image\"]}").matches(start));
  }

  @Test
  void keysAreAndedAndValuesOred() throws Exception {
    assertTrue(parse("{\"type\":[\"container\"],\"event\":[\"die\",\"start\"]}").matches(start));
    assertFalse(parse("{\"type\":[\"container\"],\"event\":[\"die\"]}").matches(start));
  }

  @Test
  void containerMatchesByNameIdOrIdPrefix() throws Exception {
    assertTrue(parse("{\"container\":[\"web\"]}").matches(start));
    assertTrue(parse("{\"container\":[\"0123456789ab\"]}").matches(start));
    assertFalse(parse("{\"container\":[\"db\"]}").matches(start));
  }

  @Test
  void labelsMatchByKeyOrKeyAndValue() throws Exception {
    assertTrue(parse("{\"label\":[\"tier\"]}").matches(start));
    assertTrue(parse("{\"label\":[\"tier=front\"]}").matches(start));
    assertFalse(parse("{\"label\":[\"tier=back\"]}").matches(start));
  }

  @Test
  void unknownFilterKeyIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("{\"colour\":[\"red\"]}"));
    assertTrue(e.getMessage().contains("colour"));
  }
}
