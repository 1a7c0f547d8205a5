package dev.edge.hal.esp;

import dev.edge.hal.reset.BootloaderReset;
import dev.edge.hal.reset.NoReset;
import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.PortDisconnectedException;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Gets a synced loader: up to CONNECT_ATTEMPTS attempts, each a reset strategy (cycled in the given order)
 * followed by up to SYNC_TRIES_PER_ATTEMPT SYNCs. A port without modem lines falls back to no-reset, once,
 * with one warning.
 */
public final class Connector {
  private final ChipFamily chip;
  private final List<BootloaderReset> strategies;
  private final Consumer<String> warnings;

  public Connector(ChipFamily chip, List<BootloaderReset> strategies, Consumer<String> warnings) {
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("at least one reset strategy is needed");
    }
    this.chip = chip;
    this.strategies = List.copyOf(strategies);
    this.warnings = warnings;
  }

  public EspLoader connect(SerialPort port) throws IOException {
    EspLoader loader = new EspLoader(port, chip);
    List<BootloaderReset> order = new ArrayList<>(strategies);
    List<String> tried = new ArrayList<>();
    loader.decoder().clearNoise();
    for (int attempt = 0; attempt < LoaderTimeouts.CONNECT_ATTEMPTS; attempt++) {
      BootloaderReset reset = order.get(attempt % order.size());
      if (reset.enterBootloader(port) == LineControl.NO_MODEM_LINES) {
        warnings.accept(port.name() + " has no reset lines (DTR/RTS), so the chip was not reset; it must"
            + " already be in its bootloader (using --before no-reset)");
        order = List.of(NoReset.INSTANCE);
        reset = NoReset.INSTANCE;
      }
      if (!tried.contains(reset.name())) {
        tried.add(reset.name());
      }
      loader.absorbPending();
      for (int s = 0; s < LoaderTimeouts.SYNC_TRIES_PER_ATTEMPT; s++) {
        try {
          loader.discardInput();
          loader.sync();
          return loader;
        } catch (PortDisconnectedException e) {
          throw e;
        } catch (EspProtocolException e) {
          pause();
        }
      }
    }
    throw new EspProtocolException("failed to connect to " + chip.name() + ": no reply to SYNC"
        + " after " + LoaderTimeouts.CONNECT_ATTEMPTS + " attempts (" + String.join(", ", tried) + ")"
        + hint(loader));
  }

  private static String hint(EspLoader loader) {
    SlipDecoder d = loader.decoder();
    if (d.noiseBytes() == 0) {
      return "; nothing was received: check the cable, power and port, and that the board can enter"
          + " download mode (GPIO0 low during reset)";
    }
    String sample = d.noiseSample().replaceAll("\\.{3,}", "...");
    return "; received " + d.noiseBytes() + " bytes that are no loader packets ('" + sample + "'): the chip"
        + " probably booted its firmware (boot log at 74880 baud) instead of the bootloader; check the reset"
        + " wiring or use --before";
  }

  private static void pause() throws InterruptedIOException {
    try {
      Thread.sleep(LoaderTimeouts.SYNC_RETRY_DELAY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("connect interrupted");
    }
  }
}
