package dev.edge.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final ApiHandler handler = ex -> {};

  @Test
  void namedParametersMatchOneSegment() {
    Router router = new Router().get("/containers/{id}/json", handler);
    Router.Match m = router.match("GET", "/containers/abc123/json");
    assertTrue(m.found());
    assertEquals(Map.of("id", "abc123"), m.params());
    assertFalse(router.match("GET", "/containers/a/b/json").found());
  }

  @Test
  void starParametersTakeImageNamesWithSlashesAndPorts() {
    Router router = new Router().get("/images/{name*}/json", handler);
    Router.Match m = router.match("GET", "/images/127.0.0.1:5000/tc/esp:1/json");
    assertEquals("127.0.0.1:5000/tc/esp:1", m.params().get("name"));
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() {
    Router router = new Router().get("/info", handler);
    assertEquals(404, router.match("GET", "/nope").missStatus());
    assertEquals(405, router.match("POST", "/info").missStatus());
  }

  @Test
  void literalPartsAreNotRegexes() {
    Router router = new Router().get("/a.b", handler);
    assertFalse(router.match("GET", "/aXb").found());
    assertTrue(router.match("GET", "/a.b").found());
  }
}
