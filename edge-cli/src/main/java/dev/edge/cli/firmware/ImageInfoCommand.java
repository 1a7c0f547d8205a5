package dev.edge.cli.firmware;

import dev.edge.cli.UserException;
import dev.edge.hal.image.Esp8266Image;
import dev.edge.hal.image.Esp8266ImageReader;
import dev.edge.hal.image.ImageFormatException;
import dev.edge.hal.image.ImageSegment;
import dev.edge.hal.image.LoadedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edge firmware image-info FILE}: what an ESP8266 v1 image holds, laid out as esptool v5's
 * {@code image_info} prints it (header, segments with their memory regions, checksum). Runs locally.
 */
@Command(name = "image-info", mixinStandardHelpOptions = true,
    description = "Show the header, segments and checksum of an ESP8266 (v1) firmware image")
public final class ImageInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Image file, e.g. app.elf-0x00000.bin")
  Path file;

  @Override
  public Integer call() {
    LoadedImage loaded;
    try {
      loaded = Esp8266ImageReader.read(file);
    } catch (NoSuchFileException e) {
      throw new UserException("image-info: " + e.getFile() + ": no such file");
    } catch (ImageFormatException e) {
      throw new UserException("image-info: " + e.getMessage());
    } catch (IOException e) {
      throw new UserException("image-info: " + file + ": " + e);
    }
    print(spec.commandLine().getOut(), loaded);
    return 0;
  }

  static void print(PrintWriter out, LoadedImage loaded) {
    Esp8266Image image = loaded.image();
    out.println("Image size: " + loaded.fileLength() + " bytes");
    out.println();
    title(out, "ESP8266 Image Header");
    out.println("Image version: 1");
    // esptool's "{:#8x}": 0x-prefixed hex, right-aligned in 8 columns
    out.println(image.entryPoint() != 0
        ? String.format("Entry point: %8s", "0x" + Long.toHexString(image.entryPoint()))
        : "Entry point not set");
    out.println("Segments: " + image.segments().size());
    out.println(image.flashSize().map(s -> "Flash size: " + s.argName())
        .orElse(String.format("Warning: Invalid flash size (0x%02x)", image.flashSizeFreqByte() & 0xF0)));
    out.println(image.flashFrequency().map(f -> "Flash freq: " + f.argName())
        .orElse(String.format("Warning: Invalid flash frequency (0x%x)", image.flashSizeFreqByte() & 0x0F)));
    out.println(image.flashMode().map(m -> "Flash mode: " + m.argName().toUpperCase(Locale.ROOT))
        .orElse("Warning: Invalid flash mode (" + image.flashModeByte() + ")"));
    out.println();

    title(out, "Segments Information");
    out.println(String.format("%7s  %7s  %10s  %10s  %s", "Segment", "Length", "Load addr", "File offs",
        "Memory types"));
    out.println("-------  -------  ----------  ----------  ------------");
    for (int i = 0; i < image.segments().size(); i++) {
      ImageSegment s = image.segments().get(i);
      out.println(String.format("%7d  0x%05x  0x%08x  0x%08x  %s", i, s.length(), s.loadAddress(),
          s.fileOffset().orElse(0), String.join(", ", s.memoryTypes())));
    }
    for (ImageSegment s : image.segments()) {
      if (s.isSuspicious()) {
        out.println(String.format("Warning: Suspicious segment 0x%x, length %d", s.loadAddress(), s.length()));
      }
    }
    out.println();

    title(out, "ESP8266 Image Footer");
    int computed = image.computedChecksum();
    out.println(String.format("Checksum: 0x%02x (%s)", loaded.storedChecksum(),
        loaded.checksumValid() ? "valid" : String.format("invalid - calculated 0x%02x", computed)));
    if (loaded.trailingBytes() > 0) {
      out.println(loaded.trailingBytes() + " bytes follow the image (the ROM does not load them)");
    }
  }

  private static void title(PrintWriter out, String title) {
    out.println(title);
    out.println("=".repeat(title.length()));
  }
}
