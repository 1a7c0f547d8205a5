package dev.edge.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestAndPlatformTest {
  @Test
  void sha256OfBytesMatchesTheKnownValue() {
    assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        Digest.sha256("hello".getBytes(StandardCharsets.US_ASCII)).toString());
  }

  @Test
  void malformedDigestsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:abc"));
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:" + "a".repeat(32)));
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + "A".repeat(64)));
    assertThrows(IllegalArgumentException.class, () -> Digest.parse(null));
  }

  @Test
  void platformsParseWithAndWithoutVariant() {
    assertEquals(new Platform("linux", "arm", "v7"), Platform.parse("linux/arm/v7"));
    assertEquals("linux/arm64", Platform.parse("linux/arm64").toString());
    assertThrows(IllegalArgumentException.class, () -> Platform.parse("arm64"));
  }

  @Test
  void layerCompressionFollowsTheMediaType() {
    assertEquals(MediaTypes.Compression.GZIP,
        MediaTypes.layerCompression(MediaTypes.DOCKER_LAYER_GZIP));
    assertEquals(MediaTypes.Compression.ZSTD, MediaTypes.layerCompression(MediaTypes.OCI_LAYER_ZSTD));
    assertThrows(IllegalArgumentException.class,
        () -> MediaTypes.layerCompression("application/x-unknown"));
  }
}
