package dev.edge.cli.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultiplexedStreamTest {
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  static byte[] frame(int type, byte[] payload) {
    byte[] f = new byte[8 + payload.length];
    f[0] = (byte) type;
    f[4] = (byte) (payload.length >>> 24);
    f[5] = (byte) (payload.length >>> 16);
    f[6] = (byte) (payload.length >>> 8);
    f[7] = (byte) payload.length;
    System.arraycopy(payload, 0, f, 8, payload.length);
    return f;
  }

  static byte[] frame(int type, String text) {
    return frame(type, text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    return all.toByteArray();
  }

  /** Hands out at most {@code chunk} bytes per read, as a socket may. */
  static InputStream trickle(byte[] data, int chunk) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  @Test
  void framesGoToTheirStreamsInOrder() throws IOException {
    byte[] data = concat(frame(1, "out1\n"), frame(2, "err1\n"), frame(0, "in-echo\n"),
        frame(1, ""), frame(1, "out2\n"));
    long n = MultiplexedStream.demux(new ByteArrayInputStream(data), stdout, stderr);
    assertEquals("out1\nin-echo\nout2\n", stdout.toString(StandardCharsets.UTF_8));
    assertEquals("err1\n", stderr.toString(StandardCharsets.UTF_8));
    assertEquals(5 + 5 + 8 + 5, n);
  }

  @Test
  void headersAndPayloadsSplitAcrossReadsAreReassembled() throws IOException {
    byte[] data = concat(frame(1, "hello "), frame(2, "oops"), frame(1, "world"));
    MultiplexedStream.demux(trickle(data, 3), stdout, stderr);
    assertEquals("hello world", stdout.toString(StandardCharsets.UTF_8));
    assertEquals("oops", stderr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void largeFramesAreCopiedWhole() throws IOException {
    byte[] big = new byte[5 * 1024 * 1024 + 17];
    new Random(7).nextBytes(big);
    MultiplexedStream.demux(trickle(concat(frame(1, big), frame(2, "tail")), 65536), stdout,
        stderr);
    assertArrayEquals(big, stdout.toByteArray());
    assertEquals("tail", stderr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyStreamIsJustTheEnd() throws IOException {
    assertEquals(0, MultiplexedStream.demux(new ByteArrayInputStream(new byte[0]), stdout,
        stderr));
  }

  @Test
  void endingInsideAHeaderIsAnErrorAfterTheWholeFrames() {
    byte[] data = concat(frame(1, "complete"), new byte[] {1, 0, 0});
    EOFException e = assertThrows(EOFException.class,
        () -> MultiplexedStream.demux(new ByteArrayInputStream(data), stdout, stderr));
    assertTrue(e.getMessage().contains("inside a frame header (3 of 8 bytes)"), e.getMessage());
    assertEquals("complete", stdout.toString(StandardCharsets.UTF_8));
  }

  @Test
  void endingInsideAPayloadKeepsWhatArrived() {
    byte[] whole = frame(1, "0123456789");
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);
    EOFException e = assertThrows(EOFException.class,
        () -> MultiplexedStream.demux(new ByteArrayInputStream(cut), stdout, stderr));
    assertTrue(e.getMessage().contains("6 of 10 bytes"), e.getMessage());
    assertEquals("012345", stdout.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aDaemonErrorFrameBecomesTheError() {
    byte[] data = concat(frame(1, "before"), frame(3, "exec failed: no such file\n"));
    IOException e = assertThrows(IOException.class,
        () -> MultiplexedStream.demux(new ByteArrayInputStream(data), stdout, stderr));
    assertEquals("exec failed: no such file", e.getMessage());
  }

  @Test
  void rawTtyBytesAreNotMistakenForFrames() {
    byte[] tty = "hello from a tty\r\n".getBytes(StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class,
        () -> MultiplexedStream.demux(new ByteArrayInputStream(tty), stdout, stderr));
    assertTrue(e.getMessage().contains("unknown type 104"), e.getMessage());
  }
}
