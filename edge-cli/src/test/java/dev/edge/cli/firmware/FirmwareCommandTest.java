package dev.edge.cli.firmware;

import dev.edge.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.cli.Main;
import dev.edge.hal.image.Esp8266ImageReader;
import dev.edge.hal.image.LoadedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareCommandTest {
  @TempDir Path dir;

  private Path elf() throws Exception {
    return Files.write(dir.resolve("app.elf"), MiniElf.build());
  }

  @Test
  void elf2imageWritesTheRamImageAndTheIromFile() throws Exception {
    Path elf = elf();
    String prefix = dir.resolve("out-").toString();
    CliRun r = CliRun.of("firmware", "elf2image", elf.toString(), "-o", prefix);
    assertEquals(0, r.exit(), r.err());
    assertEquals("Creating ESP8266 image...\n"
        + "Wrote " + prefix + "0x10000.bin (4 bytes, flash at 0x10000)\n"
        + "Wrote " + prefix + "0x00000.bin (32 bytes, flash at 0x00000)\n"
        + "Successfully created ESP8266 image.\n", r.out());
    assertArrayEquals(MiniElf.IROM, Files.readAllBytes(Path.of(prefix + "0x10000.bin")));
    LoadedImage image = Esp8266ImageReader.read(Path.of(prefix + "0x00000.bin"));
    assertEquals(MiniElf.ENTRY, image.image().entryPoint());
    assertEquals(8, image.image().segments().get(0).length());
    assertTrue(image.checksumValid());
    assertEquals(0x20, image.image().flashSizeFreqByte());
  }

  @Test
  void elf2imageDefaultsToTheElfNameAsPrefixAndTakesFlashOptions() throws Exception {
    Path elf = elf();
    CliRun r = CliRun.of("firmware", "elf2image", "--flash-mode", "dout", "--flash-size", "4MB", "--flash-freq", "80m",
        elf.toString());
    assertEquals(0, r.exit(), r.err());
    byte[] bin = Files.readAllBytes(Path.of(elf + "-0x00000.bin"));
    assertEquals(3, bin[2]);
    assertEquals(0x4F, bin[3]);
  }

  @Test
  void elf2imageRefusesBadInputWithOneClearLine() throws Exception {
    Path notElf = Files.writeString(dir.resolve("notes.elf"), "hello");
    CliRun r = CliRun.of("firmware", "elf2image", notElf.toString());
    assertEquals(1, r.exit());
    assertEquals("elf2image: " + notElf + ": not an ELF file (invalid ELF magic header)\n", r.err());

    CliRun missing = CliRun.of("firmware", "elf2image", dir.resolve("nope.elf").toString());
    assertEquals(1, missing.exit());
    assertEquals("elf2image: " + dir.resolve("nope.elf") + ": no such file\n", missing.err());

    CliRun badMode = CliRun.of("firmware", "elf2image", "--flash-mode", "quad", elf().toString());
    assertEquals(1, badMode.exit());
    assertEquals("flash mode 'quad' is not one of qio, qout, dio, dout\n", badMode.err());
  }

  @Test
  void imageInfoPrintsHeaderSegmentsAndChecksumLikeEsptool() throws Exception {
    String prefix = dir.resolve("out-").toString();
    assertEquals(0, CliRun.of("firmware", "elf2image", elf().toString(), "-o", prefix).exit());
    Path bin = Path.of(prefix + "0x00000.bin");
    CliRun r = CliRun.of("firmware", "image-info", bin.toString());
    assertEquals(0, r.exit(), r.err());
    int checksum = Esp8266ImageReader.read(bin).storedChecksum();
    assertEquals("Image size: 32 bytes\n"
        + "\n"
        + "ESP8266 Image Header\n"
        + "====================\n"
        + "Image version: 1\n"
        + "Entry point: 0x40100004\n"
        + "Segments: 1\n"
        + "Flash size: 1MB\n"
        + "Flash freq: 40m\n"
        + "Flash mode: QIO\n"
        + "\n"
        + "Segments Information\n"
        + "====================\n"
        + "Segment   Length   Load addr   File offs  Memory types\n"
        + "-------  -------  ----------  ----------  ------------\n"
        + "      0  0x00008  0x40100000  0x00000008  IRAM\n"
        + "\n"
        + "ESP8266 Image Footer\n"
        + "====================\n"
        + String.format("Checksum: 0x%02x (valid)%n", checksum), r.out());
  }

  @Test
  void imageInfoReportsACorruptChecksumAndRefusesNonImages() throws Exception {
    String prefix = dir.resolve("out-").toString();
    CliRun.of("firmware", "elf2image", elf().toString(), "-o", prefix);
    Path bin = Path.of(prefix + "0x00000.bin");
    byte[] bytes = Files.readAllBytes(bin);
    bytes[16] ^= 0x40;
    Files.write(bin, bytes);
    CliRun r = CliRun.of("firmware", "image-info", bin.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("(invalid - calculated 0x"), r.out());

    CliRun irom = CliRun.of("firmware", "image-info", prefix + "0x10000.bin");
    assertEquals(1, irom.exit());
    assertEquals("image-info: " + prefix + "0x10000.bin: invalid image magic 0x09, expected 0xe9\n", irom.err());
  }
}
