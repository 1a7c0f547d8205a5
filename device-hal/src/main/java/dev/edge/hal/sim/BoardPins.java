package dev.edge.hal.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * EN and GPIO0 of a NodeMCU/D1-mini style board: DTR/RTS through the two cross-coupled transistors
 * ((DTR,RTS)=(F,T) pulls EN low, (T,F) pulls GPIO0 low, equal values do nothing), wired-AND with any external
 * drivers such as Raspberry Pi GPIO lines. Level changes are time-stamped so the strap can be sampled later.
 */
final class BoardPins {
  /** Receives EN edges. */
  interface EnListener {
    void enChanged(boolean low, long nanoTime);
  }

  private final boolean gpio0Strapped;
  private final List<long[]> gpio0History = new ArrayList<>();
  private EnListener listener;
  private boolean dtr;
  private boolean rts;
  private boolean externalEnLow;
  private boolean externalGpio0Low;
  private boolean enLow;

  /** @param gpio0Strapped GPIO0 tied low for good (a board wired for download mode, as over a pty) */
  BoardPins(boolean gpio0Strapped) {
    this.gpio0Strapped = gpio0Strapped;
    gpio0History.add(new long[] {Long.MIN_VALUE, gpio0Low() ? 1 : 0});
  }

  synchronized void listen(EnListener l) {
    this.listener = l;
  }

  synchronized void setModemLines(boolean dtrAsserted, boolean rtsAsserted) {
    dtr = dtrAsserted;
    rts = rtsAsserted;
    update();
  }

  synchronized void setDtr(boolean asserted) {
    setModemLines(asserted, rts);
  }

  synchronized void setRts(boolean asserted) {
    setModemLines(dtr, asserted);
  }

  synchronized void driveEn(boolean low) {
    externalEnLow = low;
    update();
  }

  synchronized void driveGpio0(boolean low) {
    externalGpio0Low = low;
    update();
  }

  synchronized boolean gpio0Low() {
    return gpio0Strapped || externalGpio0Low || (dtr && !rts);
  }

  synchronized boolean enLow() {
    return externalEnLow || (rts && !dtr);
  }

  /** GPIO0's level at an earlier instant. */
  synchronized boolean gpio0LowAt(long nanoTime) {
    boolean low = false;
    for (long[] change : gpio0History) {
      if (change[0] <= nanoTime) {
        low = change[1] == 1;
      }
    }
    return low;
  }

  private void update() {
    long now = System.nanoTime();
    boolean io0 = gpio0Low();
    long[] last = gpio0History.get(gpio0History.size() - 1);
    if ((last[1] == 1) != io0) {
      gpio0History.add(new long[] {now, io0 ? 1 : 0});
      if (gpio0History.size() > 64) {
        gpio0History.subList(1, 33).clear();
      }
    }
    boolean en = enLow();
    if (en != enLow) {
      enLow = en;
      if (listener != null) {
        listener.enChanged(en, now);
      }
    }
  }
}
