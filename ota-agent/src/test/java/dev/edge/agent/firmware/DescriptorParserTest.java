package dev.edge.agent.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.firmware.FirmwareDescriptor.Format;
import dev.edge.hal.image.FlashFrequency;
import dev.edge.hal.image.FlashMode;
import dev.edge.hal.image.FlashSize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptorParserTest {
  static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../examples/esp8266").normalize();

  static final String VALID = """
      chip: esp8266
      toolchain:
        image: 127.0.0.1:5000/esp8266-debian:1
      build:
        workdir: .
        command: ["make", "-j2"]
        source_date_epoch: 1700000000
      outputs:
        - path: build/blink.elf
          format: elf
          address: "0x0"
      flash:
        mode: dout
        size: 1MB
        freq: 40m
        baud: 115200
      """;

  private static FirmwareDescriptor parse(String yaml) throws DescriptorException {
    return DescriptorParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "p/edge-firmware.yaml");
  }

  private static DescriptorException error(String yaml) {
    return assertThrows(DescriptorException.class, () -> parse(yaml));
  }

  @Test
  void blinkExampleParses() throws Exception {
    FirmwareDescriptor d = DescriptorParser.load(EXAMPLES.resolve("blink"));
    assertEquals("esp8266", d.chip());
    assertEquals("../../../toolchain-images/esp8266-debian", d.toolchain().recipe().orElseThrow());
    assertEquals(List.of("make"), d.build().command());
    assertEquals(".", d.build().workdir());
    assertTrue(d.build().sourceDateEpoch().isEmpty());
    assertEquals(List.of(new FirmwareDescriptor.Output("build/blink.elf", Format.ELF, 0)), d.outputs());
    assertEquals(new FirmwareDescriptor.FlashConfig(FlashMode.DOUT, FlashSize.SIZE_1MB, FlashFrequency.FREQ_40M,
        115200), d.flash());
  }

  @Test
  void helloRtosExampleListsBootloaderPartitionTableAndApp() throws Exception {
    FirmwareDescriptor d = DescriptorParser.load(EXAMPLES.resolve("hello-rtos"));
    assertEquals("esp8266-rtos-sdk:v3.4", d.toolchain().image().orElseThrow());
    assertFalse(d.toolchain().pinned());
    assertEquals(List.of(
        new FirmwareDescriptor.Output("build/bootloader/bootloader.bin", Format.IMAGE, 0x0),
        new FirmwareDescriptor.Output("build/partitions_singleapp.bin", Format.IMAGE, 0x8000),
        new FirmwareDescriptor.Output("build/hello-rtos.bin", Format.IMAGE, 0x10000)), d.outputs());
    assertEquals(List.of("sh", "-c", "make defconfig && make -j2 all"), d.build().command());
  }

  @Test
  void validDescriptorKeepsEveryValue() throws Exception {
    FirmwareDescriptor d = parse(VALID);
    assertEquals(1700000000L, d.build().sourceDateEpoch().getAsLong());
    assertEquals(List.of("make", "-j2"), d.build().command());
    assertEquals(3, d.toolchain().line());
    assertEquals(VALID, new String(d.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void unknownKeyNamesFileLineAndKey() {
    DescriptorException e = error(VALID.replace("  baud: 115200", "  baud: 115200\n  speed: fast"));
    assertEquals("p/edge-firmware.yaml", e.file());
    assertEquals(17, e.line());
    assertEquals("p/edge-firmware.yaml:17: unknown key 'flash.speed' (expected baud, freq, mode, size)",
        e.getMessage());
    assertEquals(1, error("chip: esp8266\nextra: 1\n").line() - 1);
  }

  @Test
  void addressesMustBeQuotedHexOnSectorBoundaries() {
    DescriptorException unquoted = error(VALID.replace("address: \"0x0\"", "address: 0"));
    assertEquals(11, unquoted.line());
    assertTrue(unquoted.reason().contains("quoted hex string"), unquoted.reason());
    DescriptorException unaligned = error(VALID.replace("format: elf", "format: image")
        .replace("\"0x0\"", "\"0x1800\""));
    assertTrue(unaligned.reason().contains("not a multiple of 0x1000"), unaligned.reason());
    DescriptorException notHex = error(VALID.replace("\"0x0\"", "\"zero\""));
    assertTrue(notHex.reason().contains("'zero' is not a hex flash offset"), notHex.reason());
    DescriptorException elfElsewhere = error(VALID.replace("\"0x0\"", "\"0x10000\""));
    assertEquals(11, elfElsewhere.line());
    assertTrue(elfElsewhere.reason().contains("only from 0x0"), elfElsewhere.reason());
  }

  @Test
  void badValuesNameTheAllowedOnes() {
    DescriptorException size = error(VALID.replace("size: 1MB", "size: 3MB"));
    assertEquals(14, size.line());
    assertEquals("flash.size: flash size '3MB' is not one of 512KB, 256KB, 1MB, 2MB, 4MB, 2MB-c1, 4MB-c1, 8MB,"
        + " 16MB", size.reason());
    assertTrue(error(VALID.replace("mode: dout", "mode: fast")).reason().contains("qio, qout, dio, dout"));
    assertEquals("chip: 'esp32' is not supported; only esp8266 is",
        error(VALID.replace("chip: esp8266", "chip: esp32")).reason());
    assertTrue(error(VALID.replace("format: elf", "format: hex")).reason()
        .contains("'hex' is not one of elf, image"));
    assertTrue(error(VALID.replace("baud: 115200", "baud: fast")).reason().contains("must be an integer"));
    assertTrue(error(VALID.replace("source_date_epoch: 1700000000", "source_date_epoch: yesterday"))
        .reason().contains("must be an integer"));
  }

  @Test
  void missingAndConflictingKeys() {
    DescriptorException noFlash = error(VALID.substring(0, VALID.indexOf("flash:")));
    assertEquals("missing key 'flash'", noFlash.reason());
    DescriptorException both = error(VALID.replace("  image: 127.0.0.1:5000/esp8266-debian:1",
        "  image: a:1\n  recipe: ../x"));
    assertEquals(3, both.line());
    assertTrue(both.reason().contains("exactly one of image"), both.reason());
    DescriptorException noCommand = error(VALID.replace("  command: [\"make\", \"-j2\"]\n", ""));
    assertEquals("missing key 'build.command'", noCommand.reason());
    assertTrue(error(VALID.replace("[\"make\", \"-j2\"]", "make")).reason().contains("non-empty list"));
    assertTrue(error(VALID.replace("[\"make\", \"-j2\"]", "[make, 2]")).reason()
        .startsWith("build.command[1]: must be a string, got a number"));
  }

  @Test
  void pathsMustStayInsideTheProject() {
    assertTrue(error(VALID.replace("build/blink.elf", "../blink.elf")).reason().contains("leaves the project"));
    assertTrue(error(VALID.replace("build/blink.elf", "/tmp/blink.elf")).reason().contains("relative"));
    assertTrue(error(VALID.replace("build/blink.elf", "build/edge/blink.elf")).reason()
        .contains("which edge writes itself"));
    assertTrue(error(VALID.replace("workdir: .", "workdir: src/../..")).reason().contains("leaves the project"));
  }

  @Test
  void outputsMayNotShareAnAddressOrAFileName() {
    String two = VALID.replace("    address: \"0x0\"\n", "    address: \"0x0\"\n"
        + "  - path: other/blink.elf\n    format: image\n    address: \"0x10000\"\n");
    DescriptorException sameName = error(two);
    assertEquals(12, sameName.line());
    assertTrue(sameName.reason().contains("same file name blink.elf"), sameName.reason());
    DescriptorException sameAddress = error(two.replace("other/blink.elf", "app.bin").replace("\"0x10000\"",
        "\"0x0\""));
    assertTrue(sameAddress.reason().contains("outputs[0] is flashed at 0x0 too"), sameAddress.reason());
  }

  @Test
  void yamlSyntaxErrorsAndDuplicatesNameTheLine() {
    DescriptorException syntax = error("chip: esp8266\ntoolchain:\n  image: [unclosed\nbuild: {}\n");
    assertTrue(syntax.line() >= 3, "line " + syntax.line());
    assertTrue(syntax.reason().startsWith("not valid YAML: "), syntax.reason());
    DescriptorException duplicate = error("chip: esp8266\nchip: esp8266\n");
    assertEquals(2, duplicate.line());
    assertEquals("key 'chip' appears twice (first on line 1)", duplicate.reason());
    assertEquals("the file is empty", error("").reason());
    assertTrue(error("- a\n- b\n").reason().contains("must be a mapping"));
  }

  @Test
  void missingDescriptorSaysWhatIsMissing() {
    DescriptorException e = assertThrows(DescriptorException.class,
        () -> DescriptorParser.load(EXAMPLES));
    assertTrue(e.getMessage().contains("is not a firmware project"), e.getMessage());
  }
}
