package dev.edge.runtime.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's registry settings.
 *
 * @param insecureRegistries hosts ({@code host} or {@code host:port}) spoken to over plain HTTP
 * @param extraCaFile a PEM file of CA certificates trusted besides the JDK's, or null
 * @param idleReadTimeout how long a body may go without a byte before it is closed
 * @param retry how failed requests are repeated
 * @param chunkSize the size of each PATCH when a blob is uploaded in chunks
 * @param monolithicLimit blobs up to this size are uploaded with one PUT
 */
public record RegistryConfig(
    List<String> insecureRegistries,
    Path extraCaFile,
    Duration idleReadTimeout,
    RetryPolicy retry,
    long chunkSize,
    long monolithicLimit) {
  /** No byte for this long means the link is dead; HttpClient's own timeout stops at headers. */
  public static final Duration IDLE_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final long CHUNK_SIZE = 8L << 20;
  public static final long MONOLITHIC_LIMIT = 8L << 20;

  public RegistryConfig {
    insecureRegistries = List.copyOf(insecureRegistries);
    if (chunkSize <= 0 || monolithicLimit < 0) {
      throw new IllegalArgumentException("registry chunk size must be positive, got " + chunkSize);
    }
  }

  public static RegistryConfig defaults() {
    return new RegistryConfig(
        List.of(), null, IDLE_READ_TIMEOUT, RetryPolicy.defaults(), CHUNK_SIZE, MONOLITHIC_LIMIT);
  }

  public RegistryConfig withInsecureRegistries(List<String> hosts) {
    return new RegistryConfig(hosts, extraCaFile, idleReadTimeout, retry, chunkSize, monolithicLimit);
  }

  public RegistryConfig withExtraCaFile(Path pem) {
    return new RegistryConfig(insecureRegistries, pem, idleReadTimeout, retry, chunkSize, monolithicLimit);
  }

  public RegistryConfig withIdleReadTimeout(Duration timeout) {
    return new RegistryConfig(insecureRegistries, extraCaFile, timeout, retry, chunkSize, monolithicLimit);
  }

  public RegistryConfig withRetry(RetryPolicy policy) {
    return new RegistryConfig(insecureRegistries, extraCaFile, idleReadTimeout, policy, chunkSize, monolithicLimit);
  }

  public RegistryConfig withUploadSizes(long chunk, long monolithic) {
    return new RegistryConfig(insecureRegistries, extraCaFile, idleReadTimeout, retry, chunk, monolithic);
  }
}
