package dev.edge.agent.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DescriptorPinTest {
  static final Digest DIGEST = Digest.parse("sha256:" + "cd".repeat(32));

  private static FirmwareDescriptor parse(String yaml) throws DescriptorException {
    return DescriptorParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "edge-firmware.yaml");
  }

  @Test
  void lockRewritesOnlyTheImageLine() throws Exception {
    String yaml = DescriptorParserTest.VALID.replace("toolchain:\n", "# the tools\ntoolchain:  # pinned by lock\n")
        .replace("image: 127.0.0.1:5000/esp8266-debian:1", "image: \"127.0.0.1:5000/esp8266-debian:1\"  # tag");
    FirmwareDescriptor d = parse(yaml);
    assertEquals("127.0.0.1:5000/esp8266-debian:1", DescriptorPin.tagToResolve(d).familiarName() + ":"
        + DescriptorPin.tagToResolve(d).tag());
    String pinned = DescriptorPin.pinned(d.toolchain().image().orElseThrow(), DIGEST);
    String out = new String(DescriptorPin.rewrite(d, pinned), StandardCharsets.UTF_8);
    assertEquals(yaml.replace("esp8266-debian:1\"", "esp8266-debian:1@" + DIGEST + "\""), out);
    FirmwareDescriptor again = parse(out);
    assertTrue(again.toolchain().pinned());
    String repinned = DescriptorPin.pinned(again.toolchain().image().orElseThrow(),
        Digest.parse("sha256:" + "ef".repeat(32)));
    assertEquals("127.0.0.1:5000/esp8266-debian:1@sha256:" + "ef".repeat(32), repinned);
  }

  @Test
  void recipesAndDigestOnlyReferencesHaveNothingToLock() throws Exception {
    FirmwareDescriptor recipe = parse(DescriptorParserTest.VALID.replace("image: 127.0.0.1:5000/esp8266-debian:1",
        "recipe: ../tc"));
    assertTrue(assertThrows(DescriptorException.class, () -> DescriptorPin.tagToResolve(recipe)).reason()
        .contains("no image to pin"));
    FirmwareDescriptor digestOnly = parse(DescriptorParserTest.VALID.replace("esp8266-debian:1",
        "esp8266-debian@" + DIGEST));
    assertEquals(3, assertThrows(DescriptorException.class, () -> DescriptorPin.tagToResolve(digestOnly)).line());
  }
}
