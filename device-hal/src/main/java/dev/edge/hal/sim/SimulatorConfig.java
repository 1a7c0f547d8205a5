package dev.edge.hal.sim;

import java.nio.file.Path;

/**
 * Settings of one simulated board.
 *
 * @param flashFile where the flash contents persist (null: in memory only); a new file starts all 0xFF
 * @param flashSize flash size in bytes (a power of two, 256 KiB .. 16 MiB)
 * @param baud line rate of the pty before the host sets one (the ROM auto-bauds from SYNC anyway)
 * @param mac station MAC, six bytes
 * @param esp8285 whether the efuses mark the chip as an ESP8285
 * @param faultRate share of frames, in either direction, dropped or corrupted (0..1)
 * @param timing realistic or fast
 * @param seed seed of the fault injector's random numbers
 */
public record SimulatorConfig(Path flashFile, long flashSize, int baud, byte[] mac, boolean esp8285,
               double faultRate, Timing timing, long seed) {
  public static final long DEFAULT_FLASH_SIZE = 4L << 20;
  public static final byte[] DEFAULT_MAC = {0x18, (byte) 0xFE, 0x34, (byte) 0xA1, (byte) 0xB2, (byte) 0xC3};

  public SimulatorConfig {
    if (flashSize < (256 << 10) || flashSize > (16L << 20) || Long.bitCount(flashSize) != 1) {
      throw new IllegalArgumentException("flash size must be a power of two from 256KB to 16MB: " + flashSize);
    }
    if (mac.length != 6) {
      throw new IllegalArgumentException("a MAC has 6 bytes, got " + mac.length);
    }
    if (!(faultRate >= 0 && faultRate <= 1)) {
      throw new IllegalArgumentException("fault rate must be between 0 and 1: " + faultRate);
    }
    if (baud <= 0) {
      throw new IllegalArgumentException("baud rate must be positive: " + baud);
    }
    mac = mac.clone();
  }

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(null, DEFAULT_FLASH_SIZE, 115200, DEFAULT_MAC, false, 0, Timing.REALISTIC,
        System.nanoTime());
  }

  public SimulatorConfig withFlashFile(Path file) {
    return new SimulatorConfig(file, flashSize, baud, mac, esp8285, faultRate, timing, seed);
  }

  public SimulatorConfig withFlashSize(long size) {
    return new SimulatorConfig(flashFile, size, baud, mac, esp8285, faultRate, timing, seed);
  }

  public SimulatorConfig withBaud(int rate) {
    return new SimulatorConfig(flashFile, flashSize, rate, mac, esp8285, faultRate, timing, seed);
  }

  public SimulatorConfig withMac(byte[] address) {
    return new SimulatorConfig(flashFile, flashSize, baud, address, esp8285, faultRate, timing, seed);
  }

  public SimulatorConfig withEsp8285(boolean value) {
    return new SimulatorConfig(flashFile, flashSize, baud, mac, value, faultRate, timing, seed);
  }

  public SimulatorConfig withFaultRate(double rate) {
    return new SimulatorConfig(flashFile, flashSize, baud, mac, esp8285, rate, timing, seed);
  }

  public SimulatorConfig withTiming(Timing value) {
    return new SimulatorConfig(flashFile, flashSize, baud, mac, esp8285, faultRate, value, seed);
  }

  public SimulatorConfig withSeed(long value) {
    return new SimulatorConfig(flashFile, flashSize, baud, mac, esp8285, faultRate, timing, value);
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  /** Parses "AA:BB:CC:DD:EE:FF" (or with '-'). */
  public static byte[] parseMac(String text) {
    String[] parts = text.trim().split("[:-]");
    if (parts.length != 6) {
      throw new IllegalArgumentException("MAC must look like AA:BB:CC:DD:EE:FF; got '" + text + "'");
    }
    byte[] mac = new byte[6];
    for (int i = 0; i < 6; i++) {
      if (!parts[i].matches("[0-9a-fA-F]{2}")) {
        throw new IllegalArgumentException("MAC must look like AA:BB:CC:DD:EE:FF; got '" + text + "'");
      }
      mac[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return mac;
  }

  /** Parses sizes like "4MB", "512KB", "1M", "0x400000". */
  public static long parseSize(String text) {
    String t = text.trim().toUpperCase();
    try {
      if (t.startsWith("0X")) {
        return Long.parseLong(t.substring(2), 16);
      }
      if (t.endsWith("MB") || t.endsWith("M")) {
        return Long.parseLong(t.replaceAll("MB?$", "")) << 20;
      }
      if (t.endsWith("KB") || t.endsWith("K")) {
        return Long.parseLong(t.replaceAll("KB?$", "")) << 10;
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 4MB, 512KB)");
    }
  }
}
