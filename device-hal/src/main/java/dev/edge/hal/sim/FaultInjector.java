package dev.edge.hal.sim;

import java.util.Random;

/** Drops or corrupts (one flipped bit) the given share of frames, half each, from a seeded generator. */
final class FaultInjector {
  enum Fault { NONE, DROP, CORRUPT }

  private final double rate;
  private final Random random;
  private long injected;

  FaultInjector(double rate, long seed) {
    this.rate = rate;
    this.random = new Random(seed);
  }

  synchronized Fault next() {
    if (rate <= 0 || random.nextDouble() >= rate) {
      return Fault.NONE;
    }
    injected++;
    return random.nextBoolean() ? Fault.DROP : Fault.CORRUPT;
  }

  synchronized long injected() {
    return injected;
  }

  synchronized byte[] corrupt(byte[] packet) {
    byte[] copy = packet.clone();
    if (copy.length > 0) {
      copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return copy;
  }
}
