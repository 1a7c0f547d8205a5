package dev.edge.runtime.unpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IsalGzipInputStreamTest {
  @BeforeAll
  static void isalIsInstalled() {
    assertTrue(LibIsal.available(), () -> "libisal2 is missing (scripts/install-deps installs"
        + " it): " + LibIsal.unavailableReason());
  }

  /** Half random, half repetitive: both literal-heavy and match-heavy deflate blocks. */
  private static byte[] data(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    for (int i = size / 2; i < size; i++) {
      data[i] = (byte) ("edge layer ".charAt(i % 11) + (i / 4096) % 3);
    }
    return data;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Hands out at most {@code step} bytes per read, like a socket. */
  private static InputStream trickle(byte[] data, int step) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  private static byte[] inflate(InputStream source) throws IOException {
    try (InputStream in = new IsalGzipInputStream(source)) {
      return in.readAllBytes();
    }
  }

  @Test
  void theLayoutMatchesTheCHeaderOn64BitPlatforms() {
    // offsetof() and sizeof() from igzip_lib.h of Debian 12's libisal-dev 2.30, x86-64 (LP64;
    // arm64 lays it out the same).
    if (Native.POINTER_SIZE != 8) {
      return; // 32-bit ARM: JNA's layout is the check, and the self-check guards it at run time
    }
    assertEquals(0, LibIsal.NEXT_OUT);
    assertEquals(8, LibIsal.AVAIL_OUT);
    assertEquals(16, LibIsal.NEXT_IN);
    assertEquals(32, LibIsal.AVAIL_IN);
    assertEquals(21160, LibIsal.BLOCK_STATE);
    assertEquals(21172, LibIsal.CRC_FLAG);
    assertEquals(87368, LibIsal.STATE_SIZE);
  }

  @Test
  void inflatesWhatTheJdkDeflatedWhateverTheReadSizes() throws IOException {
    byte[] data = data(3_000_001, 1);
    byte[] compressed = gzip(data);
    assertArrayEquals(data, inflate(new ByteArrayInputStream(compressed)));
    assertArrayEquals(data, inflate(trickle(compressed, 1)));
    assertArrayEquals(data, inflate(trickle(compressed, 7919)));
  }

  @Test
  void readsConcatenatedMembersAsOneStreamLikeGzip() throws IOException {
    byte[] first = data(100_000, 2);
    byte[] empty = new byte[0];
    byte[] last = data(70_000, 3);
    byte[] compressed = concat(gzip(first), gzip(empty), gzip(last));
    assertArrayEquals(concat(first, last), inflate(trickle(compressed, 4093)));
  }

  @Test
  void ignoresBytesAfterTheLastMemberThatStartNoOther() throws IOException {
    byte[] data = data(50_000, 4);
    byte[] compressed = concat(gzip(data), new byte[] {0, 0, 0, 0, 'x'});
    assertArrayEquals(data, inflate(new ByteArrayInputStream(compressed)));
  }

  @Test
  void aTruncatedStreamIsAnEofNotAShortLayer() throws IOException {
    byte[] compressed = gzip(data(400_000, 5));
    for (int cut : new int[] {11, compressed.length / 2, compressed.length - 4}) {
      byte[] truncated = Arrays.copyOf(compressed, cut);
      EOFException e = assertThrows(EOFException.class,
          () -> inflate(new ByteArrayInputStream(truncated)), "cut at " + cut);
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  @Test
  void aWrongTrailerChecksumIsRefused() throws IOException {
    byte[] compressed = gzip(data(100_000, 6));
    compressed[compressed.length - 8] ^= 1; // the CRC-32's first byte
    ZipException e = assertThrows(ZipException.class,
        () -> inflate(new ByteArrayInputStream(compressed)));
    assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
  }

  @Test
  void corruptDeflateDataIsRefusedAndNeverLoopsForever() throws IOException {
    byte[] compressed = gzip(data(100_000, 7));
    Random random = new Random(8);
    int refused = 0;
    for (int round = 0; round < 50; round++) {
      byte[] broken = compressed.clone();
      for (int i = 0; i < 20; i++) {
        broken[10 + random.nextInt(broken.length - 18)] = (byte) random.nextInt();
      }
      try {
        inflate(new ByteArrayInputStream(broken));
      } catch (ZipException | EOFException e) {
        refused++;
      }
    }
    assertEquals(50, refused, "every corrupted stream fails, by the data or by its CRC");
  }

  @Test
  void dataThatIsNotGzipFailsAtOnce() {
    ZipException notGzip = assertThrows(ZipException.class,
        () -> new IsalGzipInputStream(new ByteArrayInputStream("plain tar".getBytes())));
    assertEquals("Not in GZIP format", notGzip.getMessage());
    assertThrows(EOFException.class,
        () -> new IsalGzipInputStream(new ByteArrayInputStream(new byte[0])));
  }

  @Test
  void closingFreesItButLeavesTheSourceOpen() throws IOException {
    AtomicBoolean sourceClosed = new AtomicBoolean();
    InputStream source = new ByteArrayInputStream(gzip(data(1000, 9))) {
      @Override
      public void close() {
        sourceClosed.set(true);
      }
    };
    InputStream in = new IsalGzipInputStream(source);
    assertEquals(1000, in.readAllBytes().length);
    assertEquals(-1, in.read());
    in.close();
    in.close();
    assertFalse(sourceClosed.get());
    assertThrows(IOException.class, () -> in.read(new byte[1], 0, 1));
  }

  @Test
  void layersGoThroughIsalHere() {
    assertEquals("isal", Decompressors.gzipDecoder());
  }
}
