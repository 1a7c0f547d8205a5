package dev.edge.hal.flash;

import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.serial.PosixSerialPort;
import java.util.List;

/**
 * Direct flasher run for bench/flash when the daemon does not serve the flash endpoint yet:
 * {@code FlashBench PORT BAUD FILE@ADDR}. Prints esptool's summary line per region.
 */
public final class FlashBench {
  private FlashBench() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: FlashBench PORT BAUD FILE@ADDR");
      System.exit(2);
    }
    try (PosixSerialPort port = PosixSerialPort.open(args[0], Integer.parseInt(args[1]))) {
      List<RegionSummary> done = new Flasher(BeforeMode.dtrRtsSequence(), AfterMode.NO_RESET, null,
          new FlashListener() {
            @Override
            public void warning(String message) {
              System.err.println("WARNING: " + message);
            }
          }).flash(port, List.of(FlashRegion.fromSpec(args[2])), FlashSettings.defaults());
      done.forEach(s -> System.out.println(s.esptoolLine()));
    }
  }
}
