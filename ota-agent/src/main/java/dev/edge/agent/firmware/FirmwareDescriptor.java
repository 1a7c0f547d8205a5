package dev.edge.agent.firmware;

import dev.edge.hal.image.FlashFrequency;
import dev.edge.hal.image.FlashMode;
import dev.edge.hal.image.FlashSize;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A project's {@code edge-firmware.yaml}, checked: the chip, the toolchain, the build command, the outputs
 * and their flash addresses, the flash settings. See {@code examples/esp8266/README.md} for the format.
 *
 * @param file how the descriptor was named when it was read (for messages)
 * @param bytes the file exactly as read; part of the build cache key
 */
public record FirmwareDescriptor(String file, byte[] bytes, String chip, Toolchain toolchain, BuildSpec build,
                                 List<Output> outputs, FlashConfig flash) {
  public static final String FILE_NAME = "edge-firmware.yaml";

  public FirmwareDescriptor {
    outputs = List.copyOf(outputs);
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Where the toolchain comes from: an image reference, or a recipe directory with a Dockerfile.
   *
   * @param line the line of the {@code image:} or {@code recipe:} value, for {@code edge firmware lock}
   */
  public record Toolchain(Optional<String> image, Optional<String> recipe, int line) {
    /** True for {@code name[:tag]@sha256:...}. */
    public boolean pinned() {
      return image.map(i -> i.contains("@")).orElse(false);
    }
  }

  /**
   * The build step.
   *
   * @param workdir relative to the project root, normalised ({@code .} for the root)
   * @param command argv, run without a shell
   */
  public record BuildSpec(String workdir, List<String> command, OptionalLong sourceDateEpoch) {
    public BuildSpec {
      command = List.copyOf(command);
    }
  }

  /** How an output becomes flash content. */
  public enum Format {
    /** An ESP8266 ELF, turned into a v1 image by elf2image. */
    ELF,
    /** A flash image, flashed byte for byte. */
    IMAGE;

    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One file the build leaves behind.
   *
   * @param path relative to the project root, normalised
   */
  public record Output(String path, Format format, long address) {
    /** The file name without directories. */
    public String fileName() {
      int slash = path.lastIndexOf('/');
      return slash < 0 ? path : path.substring(slash + 1);
    }
  }

  /** SPI flash settings and the serial rate for flashing. */
  public record FlashConfig(FlashMode mode, FlashSize size, FlashFrequency freq, int baud) {}
}
