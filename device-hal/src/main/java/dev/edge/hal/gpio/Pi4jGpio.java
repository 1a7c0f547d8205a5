package dev.edge.hal.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import java.util.ArrayList;
import java.util.List;

/** {@link Gpio} on Pi4J 2: the gpiod provider on a Raspberry Pi, or whatever providers the given context has. */
public final class Pi4jGpio implements Gpio {
  private final Context context;
  private final boolean ownsContext;
  private final List<OpenDrainLine> lines = new ArrayList<>();

  /** Uses a context built elsewhere (e.g. Pi4J's mock platform in tests); closing leaves it running. */
  public Pi4jGpio(Context context) {
    this(context, false);
  }

  private Pi4jGpio(Context context, boolean ownsContext) {
    this.context = context;
    this.ownsContext = ownsContext;
  }

  /** Detects the platform (gpiod on a Pi) and owns the resulting context. */
  public static Pi4jGpio detect() throws GpioException {
    try {
      return new Pi4jGpio(Pi4J.newAutoContext(), true);
    } catch (RuntimeException e) {
      throw new GpioException("GPIO is not available: " + e.getMessage()
          + " (on a Raspberry Pi, pass /dev/gpiochip0 into the container)", e);
    }
  }

  @Override
  public synchronized OpenDrainLine openDrain(int bcmPin, String label) throws GpioException {
    OpenDrainLine line = new Pi4jOpenDrainLine(context, bcmPin, label);
    lines.add(line);
    return line;
  }

  @Override
  public synchronized void close() throws GpioException {
    GpioException first = null;
    for (OpenDrainLine line : lines) {
      try {
        line.close();
      } catch (GpioException e) {
        first = first == null ? e : first;
      }
    }
    lines.clear();
    if (ownsContext) {
      try {
        context.shutdown();
      } catch (RuntimeException e) {
        first = first == null ? new GpioException("GPIO shutdown failed: " + e.getMessage(), e) : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
