package dev.edge.runtime.build.copy;

import dev.edge.runtime.image.MediaTypes.Compression;
import dev.edge.runtime.unpack.LayerUnpacker;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.UnpackResult;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * ADD's auto-extraction of local archives: a tar, plain or compressed with gzip or bzip2, is
 * unpacked into the destination directory instead of being copied; anything else is copied as a
 * file, as Docker does. Entries are written safely (nothing outside the destination) by our layer
 * unpacker, with the owners and modes the archive gives.
 */
public final class Archives {
  /** A tar header is one 512-byte block; its "ustar" magic sits at offset 257. */
  static final int TAR_BLOCK = 512;
  static final int USTAR_OFFSET = 257;
  private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GZIP = {0x1f, (byte) 0x8b};
  private static final byte[] BZIP2 = {'B', 'Z', 'h'};
  private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
  private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  /** How an archive's tar stream is wrapped. */
  public enum Format { TAR, GZIP, BZIP2, XZ, ZSTD }

  private Archives() {}

  /** The archive format of {@code file}, or empty when it is not a tar archive ADD extracts. */
  public static Optional<Format> detect(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(USTAR_OFFSET + USTAR.length);
    }
    if (startsWith(head, XZ)) {
      return Optional.of(Format.XZ);
    }
    if (startsWith(head, ZSTD)) {
      return Optional.of(Format.ZSTD);
    }
    Format format = startsWith(head, GZIP) ? Format.GZIP
        : startsWith(head, BZIP2) ? Format.BZIP2 : Format.TAR;
    try (InputStream in = open(file, format)) {
      return isTarHeader(in.readNBytes(TAR_BLOCK)) ? Optional.of(format) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // looks compressed but is not: Docker copies such a file as is
    }
  }

  /** Unpacks {@code archive} into {@code directory} (created if missing). */
  public static UnpackResult extract(Path archive, Format format, Path directory)
      throws IOException {
    if (format == Format.XZ) {
      throw new IOException("ADD " + archive.getFileName() + ": xz archives need the"
          + " org.tukaani:xz library, which edge does not ship; recompress it with gzip");
    }
    try (InputStream in = format == Format.ZSTD ? Files.newInputStream(archive)
        : open(archive, format)) {
      return new LayerUnpacker(Whiteouts.DELETE).apply(in,
          format == Format.ZSTD ? Compression.ZSTD : Compression.NONE, directory,
          Limits.defaults());
    }
  }

  private static InputStream open(Path file, Format format) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file));
    try {
      return switch (format) {
        case GZIP -> new GZIPInputStream(raw);
        case BZIP2 -> new BZip2CompressorInputStream(raw, true);
        default -> raw;
      };
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private static boolean isTarHeader(byte[] block) {
    return block.length == TAR_BLOCK && Arrays.equals(block, USTAR_OFFSET,
        USTAR_OFFSET + USTAR.length, USTAR, 0, USTAR.length);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
