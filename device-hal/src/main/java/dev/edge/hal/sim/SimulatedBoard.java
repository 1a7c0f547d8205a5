package dev.edge.hal.sim;

import dev.edge.hal.serial.SerialPort;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * An ESP8266 dev board (NodeMCU-style auto-reset) in this process: host ports reach it through our
 * {@link SerialPort} interface, so it sees every DTR/RTS change; EN and GPIO0 can also be driven directly, as
 * Raspberry Pi GPIO lines would.
 */
public final class SimulatedBoard implements AutoCloseable {
  private final SimulatorConfig config;
  private final Wire toChip;
  private final Wire fromChip;
  private final BoardPins pins;
  private final Esp8266Simulator chip;

  private SimulatedBoard(SimulatorConfig config, Consumer<String> log) throws IOException {
    this.config = config;
    this.toChip = new Wire(config.timing(), "sim:esp8266");
    this.fromChip = new Wire(config.timing(), "sim:esp8266");
    this.pins = new BoardPins(false);
    this.chip = Esp8266Simulator.onWires(config, toChip, fromChip, pins, log);
  }

  public static SimulatedBoard start(SimulatorConfig config) throws IOException {
    return new SimulatedBoard(config, message -> { });
  }

  public static SimulatedBoard start(SimulatorConfig config, Consumer<String> log) throws IOException {
    return new SimulatedBoard(config, log);
  }

  /** Opens the host's end of the line at the configured baud rate. */
  public SerialPort openPort() {
    return new SimulatedSerialPort("sim:esp8266", toChip, fromChip, pins, config.baud());
  }

  /** An external open-drain driver on EN (true = pulled low). */
  public void driveEn(boolean low) {
    pins.driveEn(low);
  }

  /** An external open-drain driver on GPIO0 (true = pulled low). */
  public void driveGpio0(boolean low) {
    pins.driveGpio0(low);
  }

  public Esp8266Simulator chip() {
    return chip;
  }

  @Override
  public void close() throws IOException {
    chip.close();
  }
}
