package dev.edge.hal.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;

/**
 * Open-drain emulation on Pi4J 2.8, which has no drive-mode setting: "low" provisions the pin as an output
 * driven low, "released" provisions it as an input without pull, so only the board's pull-up is left.
 */
final class Pi4jOpenDrainLine implements OpenDrainLine {
  private final Context context;
  private final int pin;
  private final String id;
  private boolean pulledLow;
  private boolean closed;

  Pi4jOpenDrainLine(Context context, int pin, String label) throws GpioException {
    this.context = context;
    this.pin = pin;
    this.id = "edge-" + label + "-bcm" + pin;
    provisionInput();
  }

  @Override
  public int pin() {
    return pin;
  }

  @Override
  public synchronized void pullLow() throws GpioException {
    if (pulledLow) {
      return;
    }
    try {
      context.shutdown(id);
      context.create(DigitalOutput.newConfigBuilder(context).id(id).address(pin)
          .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
      pulledLow = true;
    } catch (RuntimeException e) {
      throw new GpioException("GPIO " + pin + " (" + id + "): cannot drive low: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void release() throws GpioException {
    if (!pulledLow) {
      return;
    }
    try {
      context.shutdown(id);
      provisionInput();
    } catch (RuntimeException e) {
      throw new GpioException("GPIO " + pin + " (" + id + "): cannot release: " + e.getMessage(), e);
    }
  }

  private void provisionInput() throws GpioException {
    try {
      context.create(DigitalInput.newConfigBuilder(context).id(id).address(pin).pull(PullResistance.OFF)
          .build());
      pulledLow = false;
    } catch (RuntimeException e) {
      throw new GpioException("GPIO " + pin + " (" + id + "): cannot claim the pin: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized boolean isPulledLow() {
    return pulledLow;
  }

  @Override
  public synchronized void close() throws GpioException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      release();
    } finally {
      try {
        context.shutdown(id);
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }
}
