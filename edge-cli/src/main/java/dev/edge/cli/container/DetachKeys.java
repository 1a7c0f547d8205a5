package dev.edge.cli.container;

import java.io.ByteArrayOutputStream;

/**
 * Docker's detach sequence on a TTY session's stdin (ctrl-p ctrl-q): the keys of a started
 * sequence are held back; a complete one detaches, any other key lets them through.
 */
final class DetachKeys {
  /** ctrl-p, ctrl-q: docker's default. */
  static final byte[] DEFAULT = {16, 17};

  private final byte[] sequence;
  private int matched;

  DetachKeys(byte[] sequence) {
    this.sequence = sequence.clone();
  }

  /**
   * Passes {@code n} typed bytes into {@code forward}, holding back a started sequence; true
   * when the sequence is complete (what followed it is dropped, as docker drops it).
   */
  boolean filter(byte[] typed, int n, ByteArrayOutputStream forward) {
    for (int i = 0; i < n; i++) {
      byte b = typed[i];
      if (b == sequence[matched]) {
        matched++;
        if (matched == sequence.length) {
          matched = 0;
          return true;
        }
        continue;
      }
      forward.write(sequence, 0, matched);
      matched = 0;
      if (b == sequence[0]) {
        matched = 1;
      } else {
        forward.write(b);
      }
    }
    return false;
  }
}
