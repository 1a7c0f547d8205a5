package dev.edge.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTest {
  @Test
  void pathNamesKeepTheirReferenceSeparators() {
    assertEquals("127.0.0.1:5000/tc@sha256:ab", Query.path("127.0.0.1:5000/tc@sha256:ab"));
    assertEquals("web", Query.path("web"));
    assertEquals("a%20b%3Fc%23d", Query.path("a b?c#d"));
  }

  @Test
  void filterFlagsBecomeDockersFiltersJson() {
    assertEquals("{\"status\":{\"exited\":true,\"created\":true},\"label\":{\"a=b\":true}}",
        URLDecoder.decode(Query.filters(List.of("status=exited", "label=a=b", "status=created")),
            StandardCharsets.UTF_8));
    assertEquals("", Query.filters(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Query.filters(List.of("novalue")));
  }
}
