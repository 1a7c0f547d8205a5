package dev.edge.agent.firmware;

import dev.edge.agent.firmware.FirmwareDescriptor.Format;
import dev.edge.agent.firmware.FirmwareDescriptor.Output;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.hal.elf.ElfFile;
import dev.edge.hal.elf.ElfFormatException;
import dev.edge.hal.elf.ElfReader;
import dev.edge.hal.flash.FlashException;
import dev.edge.hal.flash.FlashPlan;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.image.Elf2Image;
import dev.edge.hal.image.Elf2ImageResult;
import dev.edge.hal.image.ImageFormatException;
import dev.edge.runtime.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns what a build left behind into flash images in {@code build/edge/}: an {@code image} output is copied as
 * it is, an {@code elf} output goes through elf2image with the descriptor's flash settings (its IROM part, if
 * any, becomes a second image at its flash offset). The images must fit the flash without sharing a sector.
 * Files are read only inside the project: an output that is a link out of it is refused, since the daemon reads
 * as root what an unprivileged build wrote.
 */
public final class OutputCollector {
  /** What was collected. */
  public record Collected(List<Provenance.OutputFile> outputs, List<Provenance.FlashImage> images) {}

  private OutputCollector() {
  }

  public static Collected collect(FirmwareDescriptor d, Path projectDir, Path outputDir, Consumer<String> warnings)
      throws JobFailedException, IOException {
    Path root = projectDir.toRealPath();
    List<Provenance.OutputFile> outputs = new ArrayList<>();
    List<Provenance.FlashImage> images = new ArrayList<>();
    List<FlashRegion> regions = new ArrayList<>();
    for (int i = 0; i < d.outputs().size(); i++) {
      Output out = d.outputs().get(i);
      byte[] bytes = read(root, out, i);
      outputs.add(new Provenance.OutputFile(out.path(), out.format().yamlName(), hex(out.address()),
          Hashes.sha256(bytes), bytes.length));
      Map<Long, byte[]> files = out.format() == Format.ELF ? elf2image(d, out, bytes) : Map.of(out.address(), bytes);
      for (Map.Entry<Long, byte[]> f : files.entrySet()) {
        String name = out.format() == Format.ELF ? stem(out.fileName()) + "-" + Elf2ImageResult.fileSuffix(f.getKey())
            : out.fileName();
        AtomicFiles.write(outputDir.resolve(name), f.getValue());
        images.add(new Provenance.FlashImage(name, hex(f.getKey()), Hashes.sha256(f.getValue()), f.getValue().length,
            out.path()));
        regions.add(new FlashRegion(name, f.getKey(), f.getValue()));
      }
    }
    try {
      FlashPlan.of(d.file(), regions, d.flash().size().bytes(), (int) DescriptorParser.SECTOR, warnings);
    } catch (FlashException e) {
      throw new JobFailedException("the outputs do not fit the flash: " + e.getMessage(), e);
    }
    return new Collected(outputs, images);
  }

  private static byte[] read(Path root, Output out, int index) throws JobFailedException, IOException {
    Path file = root.resolve(out.path());
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new JobFailedException("outputs[" + index + "] " + out.path() + " is missing after the build: the"
          + " command succeeded but did not write it (check outputs[" + index + "].path in "
          + FirmwareDescriptor.FILE_NAME + ")");
    }
    Path real = file.toRealPath();
    if (!real.startsWith(root)) {
      throw new JobFailedException("outputs[" + index + "] " + out.path() + " leads out of the project (to "
          + real + "); edge reads outputs only inside it");
    }
    if (!Files.isRegularFile(real)) {
      throw new JobFailedException("outputs[" + index + "] " + out.path() + " is not a regular file");
    }
    byte[] bytes = Files.readAllBytes(real);
    if (bytes.length == 0) {
      throw new JobFailedException("outputs[" + index + "] " + out.path() + " is empty after the build");
    }
    return bytes;
  }

  private static Map<Long, byte[]> elf2image(FirmwareDescriptor d, Output out, byte[] bytes)
      throws JobFailedException {
    try {
      ElfFile elf = ElfReader.parse(bytes, out.path());
      Elf2ImageResult result = Elf2Image.convert(elf, new Elf2Image.Options(d.flash().mode(), d.flash().size(),
          d.flash().freq(), false));
      return result.filesByOffset();
    } catch (ElfFormatException | ImageFormatException e) {
      throw new JobFailedException("elf2image " + out.path() + ": " + e.getMessage(), e);
    }
  }

  private static String stem(String fileName) {
    return fileName.endsWith(".elf") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }

  static String hex(long address) {
    return String.format("0x%x", address);
  }
}
