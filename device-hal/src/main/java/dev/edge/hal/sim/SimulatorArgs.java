package dev.edge.hal.sim;

import java.nio.file.Path;

/**
 * Parses the simulator's command line ({@code --link PATH [--flash FILE] [--flash-size 4MB] [--baud N]
 * [--mac AA:BB:CC:DD:EE:FF] [--fault-rate R] [--timing realistic|fast] [--esp8285] [--seed N]}).
 */
record SimulatorArgs(Path link, SimulatorConfig config) {
  static final String USAGE = "usage: esp8266-sim --link PATH [--flash FILE] [--flash-size 4MB] [--baud N]"
      + " [--mac AA:BB:CC:DD:EE:FF] [--fault-rate R] [--timing realistic|fast] [--esp8285] [--seed N]";

  static SimulatorArgs parse(String... args) {
    Path link = null;
    SimulatorConfig c = SimulatorConfig.defaults();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--esp8285")) {
        c = c.withEsp8285(true);
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value; " + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--link" -> link = Path.of(v);
        case "--flash" -> c = c.withFlashFile(Path.of(v));
        case "--flash-size" -> c = c.withFlashSize(SimulatorConfig.parseSize(v));
        case "--baud" -> c = c.withBaud(Integer.parseInt(v));
        case "--mac" -> c = c.withMac(SimulatorConfig.parseMac(v));
        case "--fault-rate" -> c = c.withFaultRate(Double.parseDouble(v));
        case "--timing" -> c = c.withTiming(Timing.parse(v));
        case "--seed" -> c = c.withSeed(Long.parseLong(v));
        default -> throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
      }
    }
    if (link == null) {
      throw new IllegalArgumentException("--link PATH is required; " + USAGE);
    }
    return new SimulatorArgs(link, c);
  }
}
