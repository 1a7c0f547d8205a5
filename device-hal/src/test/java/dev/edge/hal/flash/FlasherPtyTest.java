package dev.edge.hal.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.hal.esp.ChipInfo;
import dev.edge.hal.esp.EspProbe;
import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.serial.PosixSerialPort;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flasher against the board simulator over real ptys, as `edge sim` + `edge flash` use them. */
class FlasherPtyTest {
  @TempDir
  Path dir;

  private SimulatorConfig fast() {
    return SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(42);
  }

  private static final class Recorder implements FlashListener {
    final List<String> warnings = new ArrayList<>();
    final List<RegionSummary> regions = new ArrayList<>();
    ChipInfo chip;
    long flashSize;

    @Override
    public void warning(String message) {
      warnings.add(message);
    }

    @Override
    public void connected(ChipInfo c, long size) {
      chip = c;
      flashSize = size;
    }

    @Override
    public void regionDone(RegionSummary summary) {
      regions.add(summary);
    }
  }

  private List<RegionSummary> flash(String port, Recorder rec, List<FlashRegion> regions, FlashSettings s)
      throws Exception {
    try (PosixSerialPort p = PosixSerialPort.open(port)) {
      return new Flasher(BeforeMode.dtrRtsSequence(), AfterMode.HARD_RESET, null, rec).flash(p, regions, s);
    }
  }

  @Test
  void flashesSeveralImagesAtTheirAddressesByteForByte() throws Exception {
    Path link = dir.resolve("ttyESP");
    byte[] boot = TestImages.v1Image(3000, 1);
    byte[] app = TestImages.random(70_000, 2);
    byte[] data = TestImages.random(5_000, 3);
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(fast().withFlashFile(dir.resolve("flash.bin")), link,
        m -> { })) {
      Recorder rec = new Recorder();
      List<RegionSummary> done = flash(link.toString(), rec, List.of(
          new FlashRegion("app.bin@0x10000", 0x10000, app),
          new FlashRegion("boot.bin@0x0", 0, boot),
          new FlashRegion("data.bin@0x3fb000", 0x3FB000, data)), FlashSettings.defaults());
      assertEquals(3, done.size());
      assertEquals(0, done.get(0).address(), "regions are written in address order");
      assertArrayEquals(boot, sim.readFlash(0, boot.length));
      assertArrayEquals(app, sim.readFlash(0x10000, app.length));
      assertArrayEquals(data, sim.readFlash(0x3FB000, data.length));
      assertEquals("ESP8266EX", rec.chip.description());
      assertEquals("18:fe:34:a1:b2:c3", rec.chip.mac());
      assertEquals(4L << 20, rec.flashSize);
      assertTrue(rec.warnings.stream().anyMatch(w -> w.contains("no reset lines")), rec.warnings.toString());
      assertEquals(1, rec.warnings.stream().filter(w -> w.contains("so the chip was not reset")).count(),
          "one warning about the missing reset lines: " + rec.warnings);
      assertTrue(done.get(1).esptoolLine().matches("Wrote 70000 bytes at 0x00010000 in [0-9.]+ seconds \\("
          + "[0-9.]+ kbit/s\\)"), done.get(1).esptoolLine());
    }
    try (Esp8266Simulator again = Esp8266Simulator.onPty(fast().withFlashFile(dir.resolve("flash.bin")), link,
        m -> { })) {
      assertArrayEquals(app, again.readFlash(0x10000, app.length), "flash contents persist in the file");
      assertEquals((byte) 0xFF, again.readFlash(0x200000, 1)[0]);
    }
  }

  @Test
  void probeReportsChipMacAndFlashSizeOfAnEsp8285() throws Exception {
    Path link = dir.resolve("tty8285");
    SimulatorConfig config = fast().withEsp8285(true).withFlashSize(1 << 20)
        .withMac(SimulatorConfig.parseMac("AC:D0:74:01:02:03"));
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(config, link, m -> { });
         PosixSerialPort port = PosixSerialPort.open(link.toString())) {
      EspProbe.Result r = EspProbe.probe(port, BeforeMode.dtrRtsSequence(), m -> { });
      assertEquals("ESP8285", r.chip().description());
      assertEquals("ac:d0:74:01:02:03", r.chip().mac());
      assertEquals(0x010203L, r.chip().chipId() & 0xFFFFFF);
      assertEquals(1L << 20, r.flashSizeBytes());
    }
  }

  @Test
  void customOuiComesFromEfuseWord3() throws Exception {
    Path link = dir.resolve("ttyOui");
    SimulatorConfig config = fast().withMac(SimulatorConfig.parseMac("5C:CF:7F:10:20:30"));
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(config, link, m -> { });
         PosixSerialPort port = PosixSerialPort.open(link.toString())) {
      EspProbe.Result r = EspProbe.probe(port, BeforeMode.dtrRtsSequence(), m -> { });
      assertEquals("5c:cf:7f:10:20:30", r.chip().mac());
      assertEquals("ESP8266EX", r.chip().description());
    }
  }

  @Test
  void unalignedRegionsCrossing64KiBBoundariesRoundTrip() throws Exception {
    Path link = dir.resolve("ttyAlign");
    // odd sector counts starting mid-block, ending past block boundaries: the ROM's erase-size bug territory
    byte[] a = TestImages.random(0x3800, 11);    // 0x0D000..0x10800: 4 sectors from sector 13
    byte[] b = TestImages.random(0x11001, 12);   // 0x11000..0x22001: 18 sectors from sector 17
    byte[] c = TestImages.random(0x1234, 13);    // 0x2F000..0x30234: crosses 0x30000
    byte[] d = TestImages.random(0x2345, 14);    // 0x31800 (unaligned), padded from 0x31000
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(fast(), link, m -> { })) {
      Recorder rec = new Recorder();
      // written in reverse order on purpose: too much erasing by FLASH_BEGIN would wipe the higher regions
      flash(link.toString(), rec, List.of(new FlashRegion("d", 0x31800, d), new FlashRegion("c", 0x2F000, c),
          new FlashRegion("b", 0x11000, b), new FlashRegion("a", 0xD000, a)), FlashSettings.defaults());
      assertArrayEquals(a, sim.readFlash(0xD000, a.length));
      assertArrayEquals(b, sim.readFlash(0x11000, b.length));
      assertArrayEquals(c, sim.readFlash(0x2F000, c.length));
      assertArrayEquals(d, sim.readFlash(0x31800, d.length));
      assertTrue(rec.warnings.stream().anyMatch(w -> w.contains("0x800 bytes before it will be erased")),
          rec.warnings.toString());
    }
  }

  @Test
  void onePercentFaultsAreRiddenOutByRetries() throws Exception {
    Path link = dir.resolve("ttyFaults");
    byte[] image = TestImages.random(96 * 1024, 21);
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(fast().withFaultRate(0.01).withSeed(7), link, m -> { })) {
      flash(link.toString(), new Recorder(), List.of(new FlashRegion("app.bin@0x20000", 0x20000, image)),
          FlashSettings.defaults());
      assertArrayEquals(image, sim.readFlash(0x20000, image.length));
      assertTrue(sim.faultsInjected() > 0, "faults were injected");
      System.out.println("1% run: " + sim.faultsInjected() + " frames dropped or corrupted");
    }
  }

  @Test
  void thirtyPercentFaultsFailWithAClearMessage() throws Exception {
    Path link = dir.resolve("ttyNoisy");
    byte[] image = TestImages.random(64 * 1024, 22);
    try (Esp8266Simulator sim = Esp8266Simulator.onPty(fast().withFaultRate(0.30).withSeed(9), link, m -> { })) {
      FlashException e = assertThrows(FlashException.class, () -> flash(link.toString(), new Recorder(),
          List.of(new FlashRegion("app.bin@0x20000", 0x20000, image)), FlashSettings.defaults()));
      System.out.println("30% run: " + e.getMessage());
      assertTrue(e.getMessage().startsWith("flash " + link), e.getMessage());
      assertTrue(e.getMessage().contains("region app.bin@0x20000, offset 0x")
          || e.getMessage().contains("failed to connect") || e.getMessage().contains("READ_REG"), e.getMessage());
    }
  }

  @Test
  void simulatorKilledMidFlashGivesAClearErrorAndNoHang() throws Exception {
    Path link = dir.resolve("ttyKilled");
    Process sim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Esp8266Simulator.class.getName(),
        "--link", link.toString(), "--timing", "realistic").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(sim.getInputStream()));
      String banner = out.readLine();
      assertTrue(banner != null && banner.contains("linked from " + link), String.valueOf(banner));
      byte[] image = TestImages.random(128 * 1024, 31);
      Thread killer = new Thread(() -> {
        try {
          Thread.sleep(2500);
          sim.destroyForcibly();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      killer.start();
      FlashException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(FlashException.class,
          () -> flash(link.toString(), new Recorder(), List.of(new FlashRegion("app.bin@0x0", 0, image)),
              new FlashSettings("keep", "keep", "keep", true))));
      assertTrue(e.getMessage().contains("region app.bin@0x0, offset 0x"), e.getMessage());
      assertTrue(e.getMessage().contains("went away"), e.getMessage());
      System.out.println("killed: " + e.getMessage());
      killer.join();
    } finally {
      sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(link);
    }
  }
}
