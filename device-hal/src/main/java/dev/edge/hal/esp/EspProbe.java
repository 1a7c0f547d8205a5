package dev.edge.hal.esp;

import dev.edge.hal.reset.BootloaderReset;
import dev.edge.hal.serial.PortDisconnectedException;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** Connects to a board and reports what it is: chip variant, MAC, chip id and flash size. */
public final class EspProbe {

  /** What a probe found; {@code flash} is null when the flash chip did not answer RDID. */
  public record Result(ChipInfo chip, FlashChipId flash) {
    public long flashSizeBytes() {
      return flash == null ? -1 : flash.sizeBytes();
    }
  }

  private EspProbe() {
  }

  public static Result probe(SerialPort port, List<BootloaderReset> resets, Consumer<String> warnings)
      throws IOException {
    EspLoader loader = new Connector(Esp8266.INSTANCE, resets, warnings).connect(port);
    ChipInfo chip = ChipDetector.identify(loader);
    FlashChipId flash = null;
    try {
      flash = SpiFlashProbe.readId(loader);
    } catch (PortDisconnectedException e) {
      throw e;
    } catch (EspProtocolException e) {
      warnings.accept(port.name() + ": could not read the flash chip id: " + e.getMessage());
    }
    return new Result(chip, flash);
  }
}
