package dev.edge.runtime.unpack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Builds layer tars in memory for tests, so no binary fixture is committed. */
final class TestLayer {
  static final Instant MTIME = Instant.parse("2021-03-04T05:06:07Z");
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  TestLayer() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  TestLayer dir(String name, int mode) throws IOException {
    return dir(name, mode, 0, 0);
  }

  TestLayer dir(String name, int mode, int uid, int gid) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
    return put(e, uid, gid, null);
  }

  TestLayer file(String name, String content) throws IOException {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
  }

  TestLayer file(String name, byte[] content, int mode, int uid, int gid) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
    e.setSize(content.length);
    return put(e, uid, gid, content);
  }

  TestLayer symlink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    return put(e, 0, 0, null);
  }

  TestLayer hardlink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    return put(e, 0, 0, null);
  }

  TestLayer device(String name, byte type, int major, int minor) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return put(e, 0, 0, null);
  }

  TestLayer fifo(String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
    e.setMode(0010640);
    return put(e, 0, 0, null);
  }

  /** A raw PAX extended header followed by the file it describes (binary values kept). */
  TestLayer fileWithRawPax(String name, byte[] paxRecords, String content) throws IOException {
    rawEntry("PaxHeader/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC, paxRecords);
    return file(name, content);
  }

  /** An entry of any type with any data, e.g. an oversized header. */
  TestLayer rawEntry(String name, byte type, byte[] data) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setSize(data.length);
    return put(e, 0, 0, data);
  }

  private TestLayer put(TarArchiveEntry e, int uid, int gid, byte[] content) throws IOException {
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setLastModifiedTime(FileTime.from(MTIME));
    tar.putArchiveEntry(e);
    if (content != null) {
      tar.write(content);
    }
    tar.closeArchiveEntry();
    return this;
  }

  /** The uncompressed tar. */
  byte[] tar() throws IOException {
    tar.finish();
    return bytes.toByteArray();
  }

  byte[] gzip() throws IOException {
    return gzip(tar());
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  byte[] zstd() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new ZstdCompressorOutputStream(out)) {
      z.write(tar());
    }
    return out.toByteArray();
  }

  /** One POSIX PAX record, {@code "<len> key=value\n"}, value as raw bytes. */
  static byte[] paxRecord(String key, byte[] value) {
    byte[] keyBytes = (" " + key + "=").getBytes(StandardCharsets.UTF_8);
    int body = keyBytes.length + value.length + 1;
    int length = body + String.valueOf(body).length();
    if (String.valueOf(length).length() != String.valueOf(body).length()) {
      length++;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(String.valueOf(length).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(keyBytes);
    out.writeBytes(value);
    out.write('\n');
    return out.toByteArray();
  }
}
