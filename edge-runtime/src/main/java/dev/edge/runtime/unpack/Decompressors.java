package dev.edge.runtime.unpack;

import dev.edge.runtime.image.MediaTypes.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Opens the decompressing stream for a layer's media type; zstd only when zstd-jni works here. */
public final class Decompressors {
  /** Inflater input chunk: large enough that the JNI call overhead per chunk is negligible. */
  static final int GZIP_INPUT_BUFFER = 64 * 1024;
  private static volatile Boolean zstdWorks;

  private Decompressors() {}

  /**
   * A stream of the uncompressed tar. Closing it never closes {@code raw}: the caller still
   * drains and owns it (it may be a tee into the content store).
   */
  public static InputStream open(InputStream raw, Compression compression) throws IOException {
    InputStream source = new KeepOpen(raw);
    return switch (compression) {
      case NONE -> source;
      case GZIP -> gzip(source);
      case ZSTD -> zstd(source);
    };
  }

  private static InputStream gzip(InputStream source) throws IOException {
    try {
      return new GZIPInputStream(source, GZIP_INPUT_BUFFER);
    } catch (ZipException e) {
      throw new UnsupportedLayerException("layer is not gzip data although its media type says"
          + " gzip: " + e.getMessage(), e);
    }
  }

  private static InputStream zstd(InputStream source) throws IOException {
    if (!zstdAvailable()) {
      throw new UnsupportedLayerException("zstd-compressed layer, but zstd support is not"
          + " installed: put com.github.luben:zstd-jni (with the native library for this"
          + " architecture) on the daemon's class path, or pull a gzip variant of the image");
    }
    return new ZstdCompressorInputStream(source);
  }

  /** True when zstd-jni is on the class path and its native library loads on this machine. */
  public static boolean zstdAvailable() {
    Boolean known = zstdWorks;
    if (known == null) {
      known = probeZstd();
      zstdWorks = known;
    }
    return known;
  }

  private static boolean probeZstd() {
    byte[] probe = "edge zstd probe".getBytes(StandardCharsets.US_ASCII);
    try {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      try (OutputStream out = new ZstdCompressorOutputStream(compressed)) {
        out.write(probe);
      }
      try (InputStream in = new ZstdCompressorInputStream(
          new ByteArrayInputStream(compressed.toByteArray()))) {
        return java.util.Arrays.equals(in.readAllBytes(), probe);
      }
    } catch (IOException | LinkageError e) {
      // NoClassDefFoundError without the jar, UnsatisfiedLinkError without a native for this CPU.
      return false;
    }
  }

  /** Lets the decompressor be closed (freeing native memory) without closing the source. */
  private static final class KeepOpen extends FilterInputStream {
    KeepOpen(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() {}
  }
}
