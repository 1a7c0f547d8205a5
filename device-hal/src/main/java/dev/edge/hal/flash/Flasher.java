package dev.edge.hal.flash;

import dev.edge.hal.esp.ChipDetector;
import dev.edge.hal.esp.ChipFamily;
import dev.edge.hal.esp.ChipInfo;
import dev.edge.hal.esp.Connector;
import dev.edge.hal.esp.Esp8266;
import dev.edge.hal.esp.EspLoader;
import dev.edge.hal.esp.EspProtocolException;
import dev.edge.hal.esp.FlashChipId;
import dev.edge.hal.esp.LoaderTimeouts;
import dev.edge.hal.esp.SpiFlashProbe;
import dev.edge.hal.image.Esp8266ImageValidator;
import dev.edge.hal.image.FlashHeaderPatcher;
import dev.edge.hal.image.FlashParams;
import dev.edge.hal.image.FlashSize;
import dev.edge.hal.image.ImageFormatException;
import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BootloaderReset;
import dev.edge.hal.reset.GpioLines;
import dev.edge.hal.reset.HardReset;
import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.PortDisconnectedException;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flashes regions to an ESP8266 through its ROM loader: connect (reset strategies in order), identify, check
 * the plan against the flash, validate and patch the bootloader image, write each region with block retries
 * and one clean region retry after reconnecting, then the --after action.
 */
public final class Flasher {
  private final ChipFamily chip = Esp8266.INSTANCE;
  private final List<BootloaderReset> resets;
  private final AfterMode after;
  private final GpioLines gpio;
  private final FlashListener listener;

  /** @param gpio the EN/GPIO0 lines when resetting through GPIO, else null */
  public Flasher(List<BootloaderReset> resets, AfterMode after, GpioLines gpio, FlashListener listener) {
    this.resets = List.copyOf(resets);
    this.after = after;
    this.gpio = gpio;
    this.listener = listener;
  }

  public List<RegionSummary> flash(SerialPort port, List<FlashRegion> requested, FlashSettings settings)
      throws FlashException {
    String name = port.name();
    Connector connector = new Connector(chip, resets, listener::warning);
    EspLoader loader = connect(connector, port);
    ChipInfo info;
    long detected;
    try {
      info = ChipDetector.identify(loader);
      detected = detectFlashSize(loader);
    } catch (IOException e) {
      throw new FlashException("flash " + name + ": " + e.getMessage(), e);
    }
    listener.connected(info, detected);
    FlashParams params = headerParams(name, settings, detected);
    long bound = params.size().map(s -> (long) s.bytes()).orElse(detected);
    if (params.size().isPresent() && detected > 0 && params.size().get().bytes() > detected) {
      listener.warning(String.format("--flash-size %s is larger than the %s the flash chip reports",
          params.size().get().argName(), FlashPlan.sizeText(detected)));
    }
    FlashPlan plan = FlashPlan.of(name, prepareBootImage(name, requested, params, settings.force()), bound,
        chip.flashSectorSize(), listener::warning);
    warnAboutRomOvershoot(plan);
    List<RegionSummary> done = new ArrayList<>();
    for (int i = 0; i < plan.regions().size(); i++) {
      FlashRegion region = plan.regions().get(i);
      listener.regionStarted(region, i, plan.regions().size());
      loader = writeWithRetry(connector, port, loader, region, done);
    }
    finish(port, loader);
    return done;
  }

  /** The ROM cannot erase an odd sector count inside a 64 KiB block; say which sector goes too. */
  private void warnAboutRomOvershoot(FlashPlan plan) {
    List<FlashRegion> regions = plan.regions();
    for (int i = 0; i < regions.size(); i++) {
      FlashRegion r = regions.get(i);
      int size = r.data().length;
      long erasedEnd = r.address() + chip.romErasedLength((int) r.address(), chip.romEraseSize((int) r.address(), size));
      long neededEnd = (r.end() + chip.flashSectorSize() - 1) / chip.flashSectorSize() * chip.flashSectorSize();
      long nextStart = i + 1 < regions.size() ? regions.get(i + 1).address() : Long.MAX_VALUE;
      if (erasedEnd > neededEnd && nextStart > neededEnd) {
        listener.warning(String.format("%s: the ESP8266 ROM erases an even number of sectors here, so the sector"
            + " at 0x%x after the region is erased too (a RAM stub would avoid this)", r.label(), neededEnd));
      }
    }
  }

  private EspLoader connect(Connector connector, SerialPort port) throws FlashException {
    try {
      return connector.connect(port);
    } catch (IOException e) {
      throw new FlashException("flash " + port.name() + ": " + e.getMessage(), e);
    }
  }

  private long detectFlashSize(EspLoader loader) throws IOException {
    try {
      FlashChipId id = SpiFlashProbe.readId(loader);
      if (id.sizeBytes() < 0) {
        listener.warning("flash chip id " + id + " has no known size");
      }
      return id.sizeBytes();
    } catch (PortDisconnectedException e) {
      throw e;
    } catch (EspProtocolException e) {
      listener.warning("could not read the flash chip id: " + e.getMessage());
      return -1;
    }
  }

  private FlashParams headerParams(String port, FlashSettings s, long detected) throws FlashException {
    String size = s.flashSize();
    if (FlashSettings.DETECT.equals(size)) {
      FlashSize found = Arrays.stream(FlashSize.values()).filter(f -> f.bytes() == detected)
          .filter(f -> !f.argName().contains("-")).findFirst().orElse(null);
      if (found == null) {
        throw new FlashException("flash " + port + ": --flash-size detect: the flash chip did not report a"
            + " known size; give --flash-size explicitly");
      }
      size = found.argName();
    }
    try {
      return FlashParams.parse(s.flashMode(), size, s.flashFreq());
    } catch (IllegalArgumentException e) {
      throw new FlashException("flash " + port + ": " + e.getMessage());
    }
  }

  /** Validates (unless forced) and header-patches the image going to the bootloader offset. */
  private List<FlashRegion> prepareBootImage(String port, List<FlashRegion> regions, FlashParams params,
                        boolean force) throws FlashException {
    List<FlashRegion> out = new ArrayList<>();
    for (FlashRegion r : regions) {
      if (r.address() != chip.bootloaderOffset()) {
        out.add(r);
        continue;
      }
      try {
        Esp8266ImageValidator.validate(r.data(), r.label());
      } catch (ImageFormatException e) {
        if (!force) {
          throw new FlashException("flash " + port + ": refusing to flash " + r.label() + ", it is not a"
              + " valid ESP8266 image: " + e.getMessage() + " (use --force to flash it anyway)");
        }
        listener.warning(r.label() + " is not a valid ESP8266 image (" + e.getMessage() + "); flashing it"
            + " anyway because of --force, header left unchanged");
        out.add(r);
        continue;
      }
      try {
        FlashHeaderPatcher.Patched p = FlashHeaderPatcher.patch(r.data(), r.label(), r.address(), params);
        if (p.changed()) {
          listener.warning(String.format("%s: flash parameters set to 0x%04x", r.label(),
              p.flashParamsWord()));
        }
        out.add(new FlashRegion(r.label(), r.address(), p.bytes()));
      } catch (ImageFormatException e) {
        throw new FlashException("flash " + port + ": " + r.label() + ": " + e.getMessage());
      }
    }
    return out;
  }

  private EspLoader writeWithRetry(Connector connector, SerialPort port, EspLoader loader, FlashRegion region,
                   List<RegionSummary> done) throws FlashException {
    EspLoader current = loader;
    for (int attempt = 1; ; attempt++) {
      long[] offset = {region.address()};
      try {
        done.add(writeRegion(current, region, offset));
        return current;
      } catch (PortDisconnectedException e) {
        throw failure(port, region, offset[0], done, e);
      } catch (IOException e) {
        if (attempt >= LoaderTimeouts.WRITE_FLASH_ATTEMPTS) {
          throw failure(port, region, offset[0], done, e);
        }
        listener.warning(String.format("region %s failed at offset 0x%x (%s); reconnecting to write the"
            + " whole region again", region.label(), offset[0], e.getMessage()));
        try {
          current = connector.connect(port);
        } catch (IOException again) {
          throw failure(port, region, offset[0], done, again);
        }
      }
    }
  }

  private RegionSummary writeRegion(EspLoader loader, FlashRegion region, long[] offset) throws IOException {
    FlashWriteProtocol protocol = new RomFlashWriteProtocol(loader);
    byte[] data = region.data();
    long start = System.nanoTime();
    protocol.begin(region.address(), data.length);
    Duration erase = Duration.ofNanos(System.nanoTime() - start);
    listener.erased(region, erase);
    int bs = protocol.blockSize();
    int blocks = (data.length + bs - 1) / bs;
    for (int seq = 0; seq < blocks; seq++) {
      offset[0] = region.address() + (long) seq * bs;
      byte[] block = new byte[bs];
      Arrays.fill(block, (byte) 0xFF);
      int n = Math.min(bs, data.length - seq * bs);
      System.arraycopy(data, seq * bs, block, 0, n);
      protocol.writeBlock(block, seq);
      listener.progress(region, (long) seq * bs + n);
    }
    RegionSummary summary = new RegionSummary(region.label(), region.address(), data.length,
        Duration.ofNanos(System.nanoTime() - start), erase);
    listener.regionDone(summary);
    return summary;
  }

  private static FlashException failure(SerialPort port, FlashRegion region, long offset,
                     List<RegionSummary> done, IOException cause) {
    String state = done.isEmpty() ? "no region was completed"
        : done.size() + " region(s) before it are complete";
    String what = cause instanceof PortDisconnectedException
        ? "the port went away (board unplugged, or the simulator stopped)"
        : cause.getMessage();
    return new FlashException(String.format("flash %s: region %s, offset 0x%x: %s; %s, this region is"
        + " incomplete from 0x%x on and later regions were not written; flash again to recover",
        port.name(), region.label(), offset, what, state, offset), cause);
  }

  private void finish(SerialPort port, EspLoader loader) throws FlashException {
    try {
      switch (after) {
        case HARD_RESET -> {
          if (gpio != null) {
            HardReset.viaGpio(gpio);
            listener.finished("hard reset through GPIO");
          } else if (HardReset.viaRts(port) == LineControl.NO_MODEM_LINES) {
            listener.warning(port.name() + " has no reset lines (DTR/RTS); the chip stays in its"
                + " bootloader: reset or power-cycle it to start the firmware");
            listener.finished("not reset (no reset lines)");
          } else {
            listener.finished("hard reset via RTS");
          }
        }
        case SOFT_RESET -> {
          // "run user code" is the closest the ESP8266 ROM has to a soft reset (esptool soft_reset)
          loader.flashBeginRaw(0, 0, chip.romFlashBlockSize(), 0, LoaderTimeouts.DEFAULT);
          loader.flashEnd(true);
          listener.finished("soft reset: the ROM runs the firmware");
        }
        case NO_RESET -> listener.finished("staying in the bootloader");
        default -> throw new IllegalStateException(after.toString());
      }
    } catch (IOException e) {
      throw new FlashException("flash " + port.name() + ": all regions written, but the --after "
          + after.option() + " step failed: " + e.getMessage(), e);
    }
  }
}
