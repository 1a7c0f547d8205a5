package dev.edge.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.system.HostFacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {

  private static Descriptor entry(String os, String arch, String variant) {
    Digest d = Digest.sha256((os + arch + variant).getBytes(StandardCharsets.UTF_8));
    return new Descriptor(MediaTypes.OCI_MANIFEST, d.toString(), 500, null, null,
        new Platform(os, arch, variant));
  }

  /** redis:5.0.9's platforms, as the reference lists them. */
  private static List<Descriptor> redis() {
    return List.of(entry("linux", "amd64", null), entry("linux", "arm", "v5"), entry("linux", "arm", "v7"),
        entry("linux", "arm64", "v8"), entry("linux", "386", null), entry("linux", "mips64le", null),
        entry("linux", "ppc64le", null), entry("linux", "s390x", null));
  }

  private static String pick(List<Descriptor> index, String wanted) throws Exception {
    return PlatformSelector.select(index, Platform.parse(wanted)).platform().toString();
  }

  @Test
  void arm64AndAarch64AndArm64V8AreOnePlatform() throws Exception {
    assertEquals("linux/arm64/v8", pick(redis(), "linux/arm64"));
    assertEquals("linux/arm64/v8", pick(redis(), "linux/aarch64"));
    assertEquals("linux/arm64/v8", pick(redis(), "linux/arm64/v8"));
    assertEquals("linux/arm64", pick(List.of(entry("linux", "arm64", null)), "linux/arm64/v8"));
  }

  @Test
  void armV7IsPreferredThenFallsBackToV6ThenV5() throws Exception {
    assertEquals("linux/arm/v7", pick(redis(), "linux/arm/v7"));
    assertEquals("linux/arm/v5", pick(redis(), "linux/arm/v6"));
    List<Descriptor> v6v5 = List.of(entry("linux", "arm", "v5"), entry("linux", "arm", "v6"));
    assertEquals("linux/arm/v6", pick(v6v5, "linux/arm/v7"));
    assertEquals("linux/arm/v5", pick(List.of(entry("linux", "arm", "v5")), "linux/arm/v7"));
  }

  @Test
  void armWithoutVariantMeansV7() throws Exception {
    assertEquals("linux/arm", pick(List.of(entry("linux", "arm", null)), "linux/arm/v7"));
    assertEquals("linux/arm", pick(List.of(entry("linux", "arm", "")), "linux/armhf"));
  }

  @Test
  void armV6HostNeverPicksAV7Image() {
    NoMatchingPlatformException e = assertThrows(NoMatchingPlatformException.class,
        () -> PlatformSelector.select(List.of(entry("linux", "arm", "v7"), entry("linux", "arm64", "v8")),
            Platform.parse("linux/arm/v6")));
    assertEquals("no matching manifest for linux/arm/v6 in the manifest list entries"
        + " (available: linux/arm/v7, linux/arm64/v8)", e.getMessage());
  }

  @Test
  void arm64FallsBackToThirtyTwoBitArmLikeMoby() throws Exception {
    assertEquals("linux/arm/v7", pick(List.of(entry("linux", "arm", "v6"), entry("linux", "arm", "v7")),
        "linux/arm64"));
  }

  @Test
  void x86NamesNormaliseAndAmd64RunsI386() throws Exception {
    assertEquals("linux/amd64", pick(redis(), "linux/x86_64"));
    assertEquals("linux/386", pick(List.of(entry("linux", "386", null)), "linux/amd64"));
  }

  @Test
  void osMustMatchAndAttestationsAreNotListed() {
    List<Descriptor> index = new ArrayList<>(List.of(entry("windows", "amd64", null),
        entry("unknown", "unknown", null)));
    NoMatchingPlatformException e = assertThrows(NoMatchingPlatformException.class,
        () -> PlatformSelector.select(index, Platform.parse("linux/amd64")));
    assertEquals(List.of(new Platform("windows", "amd64", null)), e.available());
  }

  @Test
  void exactMatchWinsOverEarlierFallbackEntries() throws Exception {
    List<Descriptor> index = List.of(entry("linux", "arm", "v6"), entry("linux", "arm", "v7"));
    assertEquals("linux/arm/v7", pick(index, "linux/arm/v7"));
  }

  @Test
  void hostPlatformComesFromTheDaemonsArchitecture() {
    assertEquals(new Platform("linux", "arm", "v7"), PlatformSelector.host(facts("armv7l")));
    assertEquals(new Platform("linux", "arm", "v6"), PlatformSelector.host(facts("armv6l")));
    assertEquals(new Platform("linux", "arm64", ""), PlatformSelector.host(facts("aarch64")));
    assertEquals(new Platform("linux", "amd64", ""), PlatformSelector.host(facts("x86_64")));
  }

  private static HostFacts facts(String machine) {
    return new HostFacts("h", "6.1", "Debian", "12", machine, HostFacts.goArch(machine), 4, 1L << 30, "2", true);
  }
}
