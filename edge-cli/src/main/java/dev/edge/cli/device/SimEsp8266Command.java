package dev.edge.cli.device;

import dev.edge.cli.UserException;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge sim esp8266}: an ESP8266 that speaks the ROM loader protocol on a pty, with PATH a symlink to it.
 * Runs locally in the foreground until interrupted; the flash contents persist in --flash.
 */
@Command(name = "esp8266", mixinStandardHelpOptions = true,
    description = "Simulate an ESP8266 in download mode on a pty that --link points to")
public final class SimEsp8266Command implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--link", paramLabel = "PATH", required = true,
      description = "Symlink to create to the pty's slave side (use it as --port)")
  Path link;

  @Option(names = "--flash", paramLabel = "FILE",
      description = "File keeping the flash contents (a new file starts all 0xFF; default: in memory)")
  Path flash;

  @Option(names = "--flash-size", paramLabel = "SIZE", defaultValue = "4MB",
      description = "Flash size, 256KB to 16MB (default ${DEFAULT-VALUE})")
  String flashSize;

  @Option(names = "--baud", paramLabel = "N", defaultValue = "115200",
      description = "Line rate of the pty until the host sets one (default ${DEFAULT-VALUE})")
  int baud;

  @Option(names = "--mac", paramLabel = "AA:BB:CC:DD:EE:FF", defaultValue = "18:FE:34:A1:B2:C3",
      description = "Station MAC in the efuses (default ${DEFAULT-VALUE})")
  String mac;

  @Option(names = "--esp8285", description = "Mark the chip as an ESP8285 in its efuses")
  boolean esp8285;

  @Option(names = "--fault-rate", paramLabel = "R", defaultValue = "0",
      description = "Share of frames, either direction, to drop or corrupt (default ${DEFAULT-VALUE})")
  double faultRate;

  @Option(names = "--timing", paramLabel = "realistic|fast", defaultValue = "realistic",
      description = "realistic: wire time per byte and published erase/write costs; fast: none"
          + " (default ${DEFAULT-VALUE})")
  String timing;

  @Option(names = "--seed", paramLabel = "N", description = "Seed for --fault-rate (default: random)")
  Long seed;

  @Override
  public Integer call() throws Exception {
    SimulatorConfig config;
    try {
      config = new SimulatorConfig(flash, SimulatorConfig.parseSize(flashSize), baud,
          SimulatorConfig.parseMac(mac), esp8285, faultRate, Timing.parse(timing),
          seed == null ? System.nanoTime() : seed);
    } catch (IllegalArgumentException e) {
      throw new UserException("sim esp8266: " + e.getMessage(), 2);
    }
    Esp8266Simulator sim;
    try {
      sim = Esp8266Simulator.onPty(config, link, message -> {
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.flush();
      });
    } catch (IOException e) {
      throw new UserException("sim esp8266: " + e.getMessage());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        sim.close();
      } catch (IOException e) {
        // exiting anyway
      }
    }, "sim-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(sim.describe(link));
    out.println("Flash with: edge flash --port " + link + " FILE@ADDR   (Ctrl-C stops the board)");
    out.flush();
    sim.awaitClosed();
    return 0;
  }
}
