package dev.edge.hal.image;

import dev.edge.hal.elf.ElfFormatException;
import dev.edge.hal.elf.ElfReader;
import dev.edge.hal.elf.ElfSection;
import dev.edge.hal.elf.TestElfBuilder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deterministic mutations of valid images and ELF files (bit flips, cuts, extreme header fields): whatever comes
 * out, the readers and elf2image throw only their declared exceptions. Complements the Jazzer fuzz tests in every
 * ordinary test run.
 */
class MalformedInputPropertyTest {

  private static final int ROUNDS = 20_000;
  private static final int[] EXTREMES = {0, 1, 3, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
      0xFFFFFFF0, 0x40200000, 0x1000000};

  private static byte[] validImage() {
    return Esp8266ImageWriter.toBytes(new Esp8266Image(FlashMode.DIO, FlashSize.SIZE_4MB, FlashFrequency.FREQ_40M,
        0x40100004L, List.of(new ImageSegment(0x3FFE8000L, new byte[12]),
            new ImageSegment(0x40100000L, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))));
  }

  private static byte[] validElf() {
    return new TestElfBuilder()
        .progbits(".data", 0x3FFE8000L, new byte[] {1, 2, 3})
        .progbits(".rodata", 0x3FFE8004L, new byte[] {4, 5, 6, 7})
        .section(".init_array", ElfSection.SHT_INIT_ARRAY, 0x3FFE8008L, new byte[] {8, 9, 10, 11})
        .nobits(".bss", 0x3FFE800CL, 32)
        .progbits(".text", 0x40100000L, new byte[] {12, 13, 14, 15, 16})
        .progbits(".irom0.text", 0x40210000L, new byte[] {17, 18})
        .loadSegment(0x40100000L, new byte[] {12, 13, 14, 15, 16})
        .build();
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (random.nextInt(4)) {
        case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        case 2 -> {
          int at = random.nextInt(Math.max(1, b.length - 3)) & ~3;
          if (at + 4 <= b.length) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, EXTREMES[random.nextInt(EXTREMES.length)]);
          }
        }
        default -> b = Arrays.copyOf(b, random.nextInt(b.length + 8));
      }
      if (b.length == 0) {
        break;
      }
    }
    return b;
  }

  @Test
  void mutatedImagesGiveOnlyImageFormatException() {
    Random random = new Random(0x5EED);
    byte[] valid = validImage();
    int refused = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] input = mutate(valid, random);
      try {
        Esp8266ImageValidator.validate(input, "m.bin");
        FlashHeaderPatcher.patch(input, "m.bin", 0, FlashParams.parse("qout", "2MB", "20m"));
      } catch (ImageFormatException expected) {
        refused++;
      }
    }
    assertTrue(refused > ROUNDS / 2, "most mutations should be refused, got " + refused);
  }

  @Test
  void mutatedElfFilesGiveOnlyDeclaredExceptions() {
    Random random = new Random(0xE1F);
    byte[] valid = validElf();
    int refused = 0;
    for (int i = 0; i < ROUNDS; i++) {
      try {
        Elf2Image.convert(ElfReader.parse(mutate(valid, random), "m.elf"), Elf2Image.Options.DEFAULTS);
      } catch (ElfFormatException | ImageFormatException expected) {
        refused++;
      }
    }
    assertTrue(refused > 0, "some mutations must be refused");
  }
}
