package dev.edge.runtime.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void opensslIsUsedOnThisMachine() {
    assertTrue(Sha256.isNative(), "libcrypto.so.3 is part of every Debian 12 install");
  }

  @Test
  void nativeDigestsEqualTheJdksForEveryChunking() throws Exception {
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 55, 64, 65, 4095, 65536, 65537, 1_000_003}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
      MessageDigest mixed = Sha256.newDigest();
      int pos = 0;
      while (pos < size) {
        int n = Math.min(size - pos, 1 + random.nextInt(100_000));
        if (random.nextBoolean()) {
          mixed.update(data, pos, n);
        } else {
          mixed.update(ByteBuffer.wrap(data, pos, n));
        }
        pos += n;
      }
      assertArrayEquals(expected, mixed.digest(), "size " + size);
      assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(new byte[] {9}),
          mixed.digest(new byte[] {9}), "a digest is reusable after digest()");
    }
  }

  @Test
  void singleBytesAndResetWork() throws Exception {
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 'x');
    d.reset();
    d.update((byte) 'a');
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(new byte[] {'a'}), d.digest());
    assertThrows(CloneNotSupportedException.class, d::clone);
  }
}
