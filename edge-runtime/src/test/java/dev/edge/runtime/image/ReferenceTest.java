package dev.edge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReferenceTest {
  private static final String HEX = "a".repeat(64);

  @ParameterizedTest
  @CsvSource({
      "alpine, docker.io/library/alpine:latest",
      "alpine:3.19, docker.io/library/alpine:3.19",
      "library/alpine, docker.io/library/alpine:latest",
      "docker.io/alpine, docker.io/library/alpine:latest",
      "index.docker.io/library/alpine:1, docker.io/library/alpine:1",
      "me/esp8266-sdk, docker.io/me/esp8266-sdk:latest",
      "127.0.0.1:5000/tc:1, 127.0.0.1:5000/tc:1",
      "localhost/tc, localhost/tc:latest",
      "localhost:5000/a/b/c:v1.2-rc_3, localhost:5000/a/b/c:v1.2-rc_3",
      "ghcr.io/espressif/idf, ghcr.io/espressif/idf:latest",
  })
  void normalisesAsDockerDoes(String input, String expected) {
    assertEquals(expected, Reference.parse(input).toString());
  }

  @Test
  void digestsPinTheContentAndDropTheDefaultTag() {
    Reference r = Reference.parse("busybox@sha256:" + HEX);
    assertNull(r.tag());
    assertEquals("sha256:" + HEX, r.tagOrDigest());
    Reference both = Reference.parse("127.0.0.1:5000/tc:1@sha256:" + HEX);
    assertEquals("1", both.tag());
    assertEquals(HEX, both.digest().hex());
  }

  @Test
  void familiarNamesAreWhatTheDockerCliShows() {
    assertEquals("alpine", Reference.parse("docker.io/library/alpine").familiarName());
    assertEquals("me/tc:1", Reference.parse("me/tc:1").familiar());
    assertEquals("127.0.0.1:5000/tc", Reference.parse("127.0.0.1:5000/tc").familiarName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "library/Upper", "alpine:", "a:b:c", "alpine@sha256:zz",
      "bad_host:5000:x/y", "-leading", "a//b", "alpine:" + "t" + "oolongtag-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void invalidReferencesAreRejectedWithTheReason(String input) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Reference.parse(input));
    assertTrue(e.getMessage().startsWith("invalid reference format"), e.getMessage());
  }
}
