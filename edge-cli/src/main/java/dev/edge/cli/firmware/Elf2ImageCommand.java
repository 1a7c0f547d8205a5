package dev.edge.cli.firmware;

import dev.edge.cli.UserException;
import dev.edge.hal.elf.ElfFile;
import dev.edge.hal.elf.ElfFormatException;
import dev.edge.hal.elf.ElfReader;
import dev.edge.hal.image.Elf2Image;
import dev.edge.hal.image.Elf2ImageResult;
import dev.edge.hal.image.FlashFrequency;
import dev.edge.hal.image.FlashMode;
import dev.edge.hal.image.FlashSize;
import dev.edge.hal.image.ImageFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edge firmware elf2image IN.elf -o PREFIX}: esptool's {@code elf2image --version 1} for ESP8266, same
 * files and bytes. Runs locally, without the daemon, as esptool does.
 */
@Command(name = "elf2image", mixinStandardHelpOptions = true,
    description = {"Convert an ELF file to ESP8266 v1 image files, byte for byte as esptool's elf2image.",
        "PREFIX0x00000.bin holds the RAM segments; an .irom0.text segment goes raw to",
        "PREFIX0xNNNNN.bin, named by its flash offset."})
public final class Elf2ImageCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "IN.elf", description = "Linked ESP8266 (Xtensa) ELF executable")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "PREFIX",
      description = "Prefix of the output files (default: IN.elf- , as esptool)")
  String prefix;

  @Option(names = {"--flash-mode", "--flash_mode", "-fm"}, paramLabel = "MODE", defaultValue = "qio",
      description = "qio, qout, dio or dout (default ${DEFAULT-VALUE})")
  String flashMode;

  @Option(names = {"--flash-size", "--flash_size", "-fs"}, paramLabel = "SIZE", defaultValue = "1MB",
      description = "256KB, 512KB, 1MB, 2MB, 2MB-c1, 4MB, 4MB-c1, 8MB or 16MB (default ${DEFAULT-VALUE})")
  String flashSize;

  @Option(names = {"--flash-freq", "--flash_freq", "-ff"}, paramLabel = "FREQ", defaultValue = "40m",
      description = "40m, 26m, 20m or 80m (default ${DEFAULT-VALUE})")
  String flashFreq;

  @Option(names = "--use-segments", description = "Use the ELF's program headers instead of its sections")
  boolean useSegments;

  @Override
  public Integer call() {
    Elf2Image.Options options = new Elf2Image.Options(FlashMode.parse(flashMode), FlashSize.parse(flashSize),
        FlashFrequency.parse(flashFreq), useSegments);
    PrintWriter out = spec.commandLine().getOut();
    String outputPrefix = prefix != null ? prefix : input + "-";
    try {
      ElfFile elf = ElfReader.read(input);
      out.println("Creating ESP8266 image...");
      Elf2ImageResult result = Elf2Image.convert(elf, options);
      if (result.mergedSections() > 0) {
        out.println("Merged " + result.mergedSections() + " ELF section" + (result.mergedSections() > 1 ? "s" : "")
            + ".");
      }
      for (Elf2ImageResult.WrittenFile f : result.writeFiles(outputPrefix)) {
        out.printf("Wrote %s (%d bytes, flash at 0x%05x)%n", f.path(), f.length(), f.flashOffset());
      }
      out.println("Successfully created ESP8266 image.");
      return 0;
    } catch (NoSuchFileException e) {
      throw new UserException("elf2image: " + e.getFile() + ": no such file");
    } catch (ElfFormatException | ImageFormatException e) {
      throw new UserException("elf2image: " + e.getMessage());
    } catch (IOException e) {
      throw new UserException("elf2image: " + e);
    }
  }
}
