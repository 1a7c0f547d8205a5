package dev.edge.hal.gpio;

/** Our small GPIO port: open-drain lines by BCM pin number. Pi4J sits behind it so it can be swapped later. */
public interface Gpio extends AutoCloseable {

  /** Claims {@code bcmPin} as an open-drain line, initially released (high impedance). */
  OpenDrainLine openDrain(int bcmPin, String label) throws GpioException;

  @Override
  void close() throws GpioException;
}
