package dev.edge.agent.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tarballs entry by entry, hostile ones included, for the unpacking tests. */
public final class Tarball {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  public Tarball() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  public Tarball dir(String name) {
    return add(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), null);
  }

  public Tarball file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8), 0644);
  }

  public Tarball file(String name, byte[] data, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, true); // keeps a leading slash: hostile tarballs have them
    e.setSize(data.length);
    e.setMode(mode);
    return add(e, data);
  }

  public Tarball symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    return add(e, null);
  }

  public Tarball hardLink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    return add(e, null);
  }

  public Tarball fifo(String name) {
    return add(new TarArchiveEntry(name, TarConstants.LF_FIFO), null);
  }

  private Tarball add(TarArchiveEntry e, byte[] data) {
    try {
      tar.putArchiveEntry(e);
      if (data != null) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public byte[] plain() {
    try {
      tar.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] gzip() {
    byte[] plain = plain();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
