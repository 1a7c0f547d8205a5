package dev.edge.runtime.registry;

import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.system.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Picks an index entry for a platform as containerd's platforms.Only does for moby: names are
 * normalised (aarch64 = arm64 = arm64/v8, x86_64 = amd64, armhf = arm/v7), then the exact
 * platform is preferred, then older compatible ones (arm/v7, v6, v5; amd64 then 386).
 */
public final class PlatformSelector {
  private static final String OS_LINUX = "linux";

  private PlatformSelector() {}

  /** The daemon's own platform, from the architecture it runs on (not the kernel's). */
  public static Platform host(HostFacts facts) {
    String arch = facts.goArch();
    return normalize(new Platform(OS_LINUX, arch, arch.equals("arm") ? facts.armVariant() : ""));
  }

  /** The first entry for the best-matching platform; entries without a platform never match. */
  public static Descriptor select(List<Descriptor> manifests, Platform wanted)
      throws NoMatchingPlatformException {
    List<Platform> candidates = compatible(normalize(wanted));
    for (Platform candidate : candidates) {
      for (Descriptor d : manifests) {
        if (d.platform() != null && normalize(d.platform()).equals(candidate)) {
          return d;
        }
      }
    }
    List<Platform> available = new ArrayList<>();
    for (Descriptor d : manifests) {
      // Attestation manifests (unknown/unknown) are not images anyone could pick.
      if (d.platform() != null && !"unknown".equals(d.platform().os())) {
        available.add(d.platform());
      }
    }
    throw new NoMatchingPlatformException(wanted, available);
  }

  /** containerd's normalizeArch, with the OS lowercased and variants never null. */
  public static Platform normalize(Platform p) {
    String os = Objects.requireNonNullElse(p.os(), "").toLowerCase(Locale.ROOT);
    String arch = Objects.requireNonNullElse(p.architecture(), "").toLowerCase(Locale.ROOT);
    String variant = Objects.requireNonNullElse(p.variant(), "").toLowerCase(Locale.ROOT);
    switch (arch) {
      case "i386" -> {
        arch = "386";
        variant = "";
      }
      case "x86_64", "x86-64", "amd64" -> {
        arch = "amd64";
        variant = variant.equals("v1") ? "" : variant;
      }
      case "aarch64", "arm64" -> {
        arch = "arm64";
        variant = switch (variant) {
          case "8", "v8", "v8.0" -> "";
          case "9" -> "v9";
          default -> variant;
        };
      }
      case "armhf" -> {
        arch = "arm";
        variant = "v7";
      }
      case "armel" -> {
        arch = "arm";
        variant = "v6";
      }
      case "arm" -> variant = switch (variant) {
        case "", "7" -> "v7";
        case "5", "6", "8" -> "v" + variant;
        default -> variant;
      };
      default -> { }
    }
    return new Platform(os, arch, variant);
  }

  /** The platforms an image may have for {@code p} to run it, best first. */
  static List<Platform> compatible(Platform p) {
    List<Platform> list = new ArrayList<>();
    list.add(p);
    switch (p.architecture()) {
      case "arm" -> {
        for (int v = armVersion(p.variant()) - 1; v >= 5; v--) {
          list.add(new Platform(p.os(), "arm", "v" + v));
        }
      }
      case "arm64" -> {
        if (p.variant().isEmpty()) {
          // A 64-bit ARMv8 CPU runs 32-bit ARM code too; moby falls back to it.
          for (int v = 8; v >= 5; v--) {
            list.add(new Platform(p.os(), "arm", "v" + v));
          }
        }
      }
      case "amd64" -> list.add(new Platform(p.os(), "386", ""));
      default -> { }
    }
    return list;
  }

  private static int armVersion(String variant) {
    try {
      return Integer.parseInt(variant.substring(1));
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
