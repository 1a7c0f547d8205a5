package dev.edge.hal.gpio;

/**
 * A line that is either pulled low or left floating, so the board's own pull-up defines "high" and we never
 * fight its buttons or auto-reset transistors (reference §2.4).
 */
public interface OpenDrainLine extends AutoCloseable {

  int pin();

  void pullLow() throws GpioException;

  void release() throws GpioException;

  boolean isPulledLow();

  /** Releases the line and gives the pin back. */
  @Override
  void close() throws GpioException;
}
