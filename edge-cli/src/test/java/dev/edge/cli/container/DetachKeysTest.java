package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
  private final DetachKeys keys = new DetachKeys(DetachKeys.DEFAULT);
  private final ByteArrayOutputStream forward = new ByteArrayOutputStream();

  private boolean type(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return keys.filter(b, b.length, forward);
  }

  @Test
  void ordinaryKeysPassThrough() {
    assertFalse(type('l', 's', '\r'));
    assertEquals("ls\r", forward.toString());
  }

  @Test
  void ctrlPCtrlQDetachesEvenAcrossReads() {
    assertFalse(type('a', 16));
    assertEquals("a", forward.toString(), "ctrl-p is held back");
    assertTrue(type(17, 'x'));
    assertEquals("a", forward.toString());
  }

  @Test
  void aStartedSequenceThatDoesNotFinishIsLetThrough() {
    assertFalse(type(16, 'x', 16, 16, 17 - 17 + 'y'));
    assertEquals("\u0010x\u0010\u0010y", forward.toString());
    assertFalse(type(16));
    assertTrue(type(17));
  }
}
