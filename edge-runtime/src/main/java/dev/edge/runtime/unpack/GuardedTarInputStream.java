package dev.edge.runtime.unpack;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Commons Compress's tar reader with two additions it lacks: a size limit on the headers it
 * buffers in memory (PAX and GNU long name/link, CVE-2021-35517's class), and the raw bytes of
 * each PAX header, because the library decodes PAX values as UTF-8 and so mangles binary xattrs
 * such as {@code security.capability}.
 */
final class GuardedTarInputStream extends TarArchiveInputStream {
  private static final int RECORD = 512;
  private static final int NAME_LENGTH = 100;
  private static final int SIZE_OFFSET = 124;
  private static final int SIZE_LENGTH = 12;
  private static final int CHECKSUM_OFFSET = 148;
  private static final int CHECKSUM_LENGTH = 8;
  private static final int TYPE_OFFSET = 156;
  private final int maxHeaderBytes;
  /** Reused to skip what the caller did not read; the library allocates 8 KiB per skip. */
  private final byte[] skipBuffer = new byte[RECORD * 16];
  private ByteArrayOutputStream capturing;
  private byte[] pendingPax;

  GuardedTarInputStream(InputStream in, int maxHeaderBytes) {
    super(in, StandardCharsets.UTF_8.name());
    this.maxHeaderBytes = maxHeaderBytes;
  }

  /** The raw PAX extended header that preceded the entry just returned, or null; clears it. */
  byte[] takeRawPax() {
    byte[] pax = pendingPax;
    pendingPax = null;
    return pax;
  }

  /**
   * Moves past the rest of the current entry and its record padding with a reused buffer, then
   * lets the library read the next header. The library's own skip allocates two 8 KiB arrays per
   * entry, which in a 10,000-file layer is 160 MB of garbage and a hundred collections.
   */
  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    TarArchiveEntry current = getCurrentEntry();
    if (current != null && !current.isSparse() && !isAtEOF()) {
      while (read(skipBuffer, 0, skipBuffer.length) >= 0) {
        // the rest of an entry the caller left unread
      }
      long size = current.getSize();
      if (!current.isDirectory() && size % RECORD != 0) {
        skipPadding((int) (RECORD - size % RECORD));
      }
      setCurrentEntry(null);
    }
    return super.getNextEntry();
  }

  private void skipPadding(int padding) throws IOException {
    int skipped = 0;
    while (skipped < padding) {
      int n = in.read(skipBuffer, 0, padding - skipped);
      if (n < 0) {
        throw new EOFException("tar data ends inside the padding after an entry (truncated)");
      }
      skipped += n;
    }
    count(skipped);
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    if (capturing != null) {
      pendingPax = capturing.toByteArray();
      capturing = null;
    }
    if (record != null && record.length == RECORD && isHeader(record)) {
      inspect(record);
    }
    return record;
  }

  private void inspect(byte[] header) throws IOException {
    char type = (char) header[TYPE_OFFSET];
    boolean buffered = type == 'x' || type == 'X' || type == 'g' || type == 'L' || type == 'K';
    if (!buffered) {
      return;
    }
    long size = sizeField(header);
    if (size < 0 || size > maxHeaderBytes) {
      throw new LayerRefusedException(name(header), "tar " + describe(type) + " header of "
          + (size < 0 ? "unreadable size" : size + " bytes") + " exceeds the limit of "
          + maxHeaderBytes + " bytes (Limits.maxHeaderBytes)");
    }
    if (type == 'x' || type == 'X') {
      pendingPax = null;
      capturing = new ByteArrayOutputStream((int) size);
    }
  }

  @Override
  public int read(byte[] buf, int offset, int length) throws IOException {
    int n = super.read(buf, offset, length);
    if (capturing != null && n > 0) {
      capturing.write(buf, offset, n);
    }
    return n;
  }

  private static String describe(char type) {
    return switch (type) {
      case 'L' -> "GNU long-name";
      case 'K' -> "GNU long-link";
      case 'g' -> "PAX global";
      default -> "PAX extended";
    };
  }

  private static boolean isHeader(byte[] record) {
    long stored = octal(record, CHECKSUM_OFFSET, CHECKSUM_LENGTH);
    if (stored < 0) {
      return false;
    }
    long sum = 0;
    for (int i = 0; i < RECORD; i++) {
      boolean inChecksum = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH;
      sum += inChecksum ? ' ' : (record[i] & 0xff);
    }
    return sum == stored;
  }

  /** The size field, octal or GNU base-256; -1 when unreadable or beyond 63 bits. */
  private static long sizeField(byte[] header) {
    if ((header[SIZE_OFFSET] & 0x80) != 0) {
      long value = 0;
      for (int i = SIZE_OFFSET + 1; i < SIZE_OFFSET + SIZE_LENGTH; i++) {
        if ((value >>> 55) != 0) {
          return -1;
        }
        value = (value << 8) | (header[i] & 0xff);
      }
      return (header[SIZE_OFFSET] & 0x7f) == 0 ? value : -1;
    }
    return octal(header, SIZE_OFFSET, SIZE_LENGTH);
  }

  private static long octal(byte[] buffer, int offset, int length) {
    long value = 0;
    boolean digits = false;
    for (int i = offset; i < offset + length; i++) {
      byte b = buffer[i];
      if (b == 0 || (b == ' ' && digits)) {
        break;
      }
      if (b == ' ') {
        continue;
      }
      if (b < '0' || b > '7') {
        return -1;
      }
      value = (value << 3) | (b - '0');
      digits = true;
    }
    return digits ? value : -1;
  }

  private static String name(byte[] header) {
    int end = 0;
    while (end < NAME_LENGTH && header[end] != 0) {
      end++;
    }
    return new String(header, 0, end, StandardCharsets.UTF_8);
  }
}
