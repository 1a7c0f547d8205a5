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
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the decompressing stream for a layer's media type. Gzip goes through ISA-L when
 * libisal2 is installed and passes a self-check (the JDK's zlib otherwise, or when the system
 * property {@value #GZIP_PROPERTY} is {@code jdk}); zstd only when zstd-jni works here.
 */
public final class Decompressors {
  private static final Logger LOG = LoggerFactory.getLogger(Decompressors.class);
  /** Inflater input chunk: large enough that the JNI call overhead per chunk is negligible. */
  static final int GZIP_INPUT_BUFFER = 64 * 1024;
  public static final String GZIP_PROPERTY = "edge.gzip";
  private static volatile Boolean zstdWorks;
  private static volatile Boolean isalWorks;

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
      return isalAvailable() ? new IsalGzipInputStream(source)
          : new GZIPInputStream(source, GZIP_INPUT_BUFFER);
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

  /** The gzip decoder layers go through: "isal" or "jdk". */
  public static String gzipDecoder() {
    return isalAvailable() ? "isal" : "jdk";
  }

  private static boolean isalAvailable() {
    Boolean known = isalWorks;
    if (known == null) {
      known = !"jdk".equals(System.getProperty(GZIP_PROPERTY)) && probeIsal();
      isalWorks = known;
    }
    return known;
  }

  /**
   * Inflates two concatenated members with ISA-L and compares: the struct layout edge assumes is
   * the ABI of libisal.so.2, and a library that disagrees must cost speed, never data.
   */
  private static boolean probeIsal() {
    try {
      if (!LibIsal.available()) {
        LOG.debug("gzip through the JDK: ISA-L not loaded: {}",
            LibIsal.unavailableReason().getMessage());
        return false;
      }
      // Small, so a fresh daemon's first layer hardly waits for it; two members of 80 KiB (more
      // than one 128 KiB call returns) still exercise every field edge reads and writes.
      byte[] probe = new byte[80 * 1024];
      for (int i = 0; i < probe.length; i++) {
        probe[i] = (byte) ((i * 31) ^ (i >>> 7));
      }
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      for (int member = 0; member < 2; member++) {
        try (OutputStream out = new GZIPOutputStream(compressed)) {
          out.write(probe);
        }
      }
      byte[] expected = new byte[probe.length * 2];
      System.arraycopy(probe, 0, expected, 0, probe.length);
      System.arraycopy(probe, 0, expected, probe.length, probe.length);
      try (InputStream in = new IsalGzipInputStream(
          new ByteArrayInputStream(compressed.toByteArray()))) {
        if (java.util.Arrays.equals(in.readAllBytes(), expected)) {
          return true;
        }
      }
      LOG.warn("gzip through the JDK: ISA-L's inflate gave wrong output in the self-check"
          + " (a libisal with another struct layout?)");
    } catch (IOException | LinkageError | RuntimeException e) {
      LOG.warn("gzip through the JDK: ISA-L's self-check failed: {}", e.toString());
    }
    return false;
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
