package dev.edge.runtime.build.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.unpack.LayerRefusedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivesTest {
  @TempDir Path temp;

  private static byte[] tar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry dir = new TarArchiveEntry("pkg/");
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(data.length);
      entry.setMode(0755);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = temp.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static byte[] compress(byte[] data, boolean gzip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = gzip ? new GZIPOutputStream(out) : new BZip2CompressorOutputStream(out)) {
      c.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void plainGzipAndBzip2TarsAreDetectedAndExtracted() throws Exception {
    byte[] tar = tar("pkg/run.sh", "echo hi\n");
    Path plain = write("a.tar", tar);
    Path gz = write("a.tar.gz", compress(tar, true));
    Path bz = write("a.tbz", compress(tar, false));
    assertEquals(Optional.of(Archives.Format.TAR), Archives.detect(plain));
    assertEquals(Optional.of(Archives.Format.GZIP), Archives.detect(gz));
    assertEquals(Optional.of(Archives.Format.BZIP2), Archives.detect(bz));
    for (Path archive : new Path[] {plain, gz, bz}) {
      Path dest = temp.resolve("out-" + archive.getFileName());
      Archives.extract(archive, Archives.detect(archive).orElseThrow(), dest);
      assertEquals("echo hi\n", Files.readString(dest.resolve("pkg/run.sh")));
      assertTrue(Files.isExecutable(dest.resolve("pkg/run.sh")));
    }
  }

  @Test
  void filesThatAreNotTarArchivesAreCopiedNotExtracted() throws Exception {
    assertFalse(Archives.detect(write("notes.txt", "just text".getBytes())).isPresent());
    assertFalse(Archives.detect(write("data.gz", compress("not a tar".getBytes(), true)))
        .isPresent(), "gzip of something else is a plain file to ADD");
    assertFalse(Archives.detect(write("fake.gz", new byte[] {0x1f, (byte) 0x8b, 1, 2}))
        .isPresent());
    assertFalse(Archives.detect(write("empty", new byte[0])).isPresent());
  }

  @Test
  void anEntryEscapingTheDestinationIsRefused() throws Exception {
    Path evil = write("evil.tar", tar("../../escape", "x"));
    assertThrows(LayerRefusedException.class,
        () -> Archives.extract(evil, Archives.Format.TAR, temp.resolve("dest")));
    assertFalse(Files.exists(temp.getParent().resolve("escape")));
  }

  @Test
  void xzIsNamedAsUnsupportedRatherThanCopiedSilently() throws Exception {
    Path xz = write("a.tar.xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 0});
    assertEquals(Optional.of(Archives.Format.XZ), Archives.detect(xz));
    IOException e = assertThrows(IOException.class,
        () -> Archives.extract(xz, Archives.Format.XZ, temp.resolve("d")));
    assertTrue(e.getMessage().contains("org.tukaani:xz"));
  }
}
