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

  // The EN listener (the simulator) takes its own lock and asks for pin levels under it, so it
  // is called after this object's lock is released: the other order deadlocked.
  void setModemLines(boolean dtrAsserted, boolean rtsAsserted) {
    Runnable notice;
    synchronized (this) {
      dtr = dtrAsserted;
      rts = rtsAsserted;
      notice = update();
    }
    notice.run();
  }

  void setDtr(boolean asserted) {
    boolean currentRts;
    synchronized (this) {
      currentRts = rts;
    }
    setModemLines(asserted, currentRts);
  }

  void setRts(boolean asserted) {
    boolean currentDtr;
    synchronized (this) {
      currentDtr = dtr;
    }
    setModemLines(currentDtr, asserted);
  }

  void driveEn(boolean low) {
    Runnable notice;
    synchronized (this) {
      externalEnLow = low;
      notice = update();
    }
    notice.run();
  }

  void driveGpio0(boolean low) {
    Runnable notice;
    synchronized (this) {
      externalGpio0Low = low;
      notice = update();
    }
    notice.run();
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

  /** Records the new levels; returns the EN change to announce once the lock is released. */
  private Runnable update() {
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
      EnListener l = listener;
      if (l != null) {
        return () -> l.enChanged(en, now);
      }
    }
    return () -> { };
  }
}
