package dev.edge.runtime.build.layer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A single-member gzip stream (RFC 1952) whose header never varies: no file name, mtime 0, XFL 0
 * and a fixed OS byte, so equal input gives equal bytes. {@link #finish} writes the trailer once;
 * closing does not close the target.
 */
final class FixedGzipOutputStream extends FilterOutputStream {
  private static final int MAGIC_1 = 0x1f;
  private static final int MAGIC_2 = 0x8b;
  private static final int METHOD_DEFLATE = 8;
  private static final int BUFFER = 64 * 1024;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[BUFFER];
  private boolean finished;

  FixedGzipOutputStream(OutputStream out, int level, int osByte) throws IOException {
    super(out);
    deflater = new Deflater(level, true);
    out.write(new byte[] {(byte) MAGIC_1, (byte) MAGIC_2, METHOD_DEFLATE, 0, 0, 0, 0, 0, 0,
        (byte) osByte});
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("gzip stream already finished");
    }
    crc.update(b, off, len);
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      drain(Deflater.NO_FLUSH);
    }
  }

  /** Ends the deflate stream and writes CRC-32 and length; idempotent. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    deflater.finish();
    while (!deflater.finished()) {
      drain(Deflater.NO_FLUSH);
    }
    long size = deflater.getBytesRead();
    writeLittleEndian((int) crc.getValue());
    writeLittleEndian((int) size);
    out.flush();
  }

  private void drain(int flush) throws IOException {
    int n = deflater.deflate(buffer, 0, buffer.length, flush);
    if (n > 0) {
      out.write(buffer, 0, n);
    }
  }

  private void writeLittleEndian(int value) throws IOException {
    out.write(value & 0xff);
    out.write((value >>> 8) & 0xff);
    out.write((value >>> 16) & 0xff);
    out.write((value >>> 24) & 0xff);
  }

  @Override
  public void close() {
    deflater.end();
  }
}
