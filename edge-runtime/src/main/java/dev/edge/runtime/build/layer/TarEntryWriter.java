package dev.edge.runtime.build.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes tar headers the way Go's archive/tar (Docker's) does: ustar where it fits, PAX records
 * for long or non-ASCII names and large numbers, and xattrs as {@code SCHILY.xattr.NAME} PAX
 * records with their raw bytes (commons-compress would re-encode binary values as UTF-8, which
 * corrupts file capabilities, so those headers are written here in one PAX block).
 */
final class TarEntryWriter {
  /** ustar's name and linkname fields. */
  private static final int NAME_FIELD = 100;
  /** The largest id ustar's 8-byte octal field holds. */
  private static final long MAX_OCTAL_ID = 07777777L;
  /** Go's tar.Writer ends the archive after two zero blocks, with no record padding. */
  static final int RECORD_SIZE = 512;
  private final TarArchiveOutputStream tar;

  TarEntryWriter(java.io.OutputStream out) {
    tar = new TarArchiveOutputStream(out, RECORD_SIZE, StandardCharsets.UTF_8.name());
    defaults();
  }

  private void defaults() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  TarArchiveOutputStream stream() {
    return tar;
  }

  void put(TarArchiveEntry entry, Map<String, byte[]> xattrs) throws IOException {
    if (xattrs.isEmpty()) {
      tar.putArchiveEntry(entry);
      return;
    }
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    boolean longName = needsPax(entry.getName());
    boolean longLink = entry.getLinkName() != null && needsPax(entry.getLinkName());
    if (longName) {
      record(records, "path", entry.getName().getBytes(StandardCharsets.UTF_8));
    }
    if (longLink) {
      record(records, "linkpath", entry.getLinkName().getBytes(StandardCharsets.UTF_8));
    }
    if (entry.getLongUserId() > MAX_OCTAL_ID) {
      record(records, "uid", ascii(Long.toString(entry.getLongUserId())));
    }
    if (entry.getLongGroupId() > MAX_OCTAL_ID) {
      record(records, "gid", ascii(Long.toString(entry.getLongGroupId())));
    }
    for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
      record(records, "SCHILY.xattr." + xattr.getKey(), xattr.getValue());
    }
    byte[] data = records.toByteArray();
    TarArchiveEntry pax = new TarArchiveEntry(paxName(entry.getName()),
        TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
    pax.setSize(data.length);
    pax.setModTime(entry.getModTime());
    pax.setMode(0644);
    tar.putArchiveEntry(pax);
    tar.write(data);
    tar.closeArchiveEntry();
    // The PAX block above carries path, linkpath and ids; the header keeps what fits.
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
    tar.setAddPaxHeadersForNonAsciiNames(false);
    try {
      tar.putArchiveEntry(entry);
    } finally {
      defaults();
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean needsPax(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return bytes.length >= NAME_FIELD || bytes.length != name.length();
  }

  /** Go names the block {@code PaxHeaders.0/BASE}; any ASCII name that fits will do. */
  private static String paxName(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String base = trimmed.substring(trimmed.lastIndexOf('/') + 1).replaceAll("[^ -~]", "_");
    String out = "PaxHeaders.0/" + base;
    return out.length() >= NAME_FIELD ? out.substring(0, NAME_FIELD - 1) : out;
  }

  /** {@code "<len> <key>=<value>\n"} where len counts the whole record, itself included. */
  static void record(ByteArrayOutputStream out, String key, byte[] value) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    int rest = 1 + keyBytes.length + 1 + value.length + 1;
    int length = rest + Integer.toString(rest).length();
    if (Integer.toString(length).length() != Integer.toString(rest).length()) {
      length++;
    }
    out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
    out.write(' ');
    out.writeBytes(keyBytes);
    out.write('=');
    out.writeBytes(value);
    out.write('\n');
  }
}
