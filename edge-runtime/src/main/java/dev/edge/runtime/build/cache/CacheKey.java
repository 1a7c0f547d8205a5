package dev.edge.runtime.build.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.RunInstruction;
import dev.edge.runtime.image.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What decides whether a build step can be reused, hashed: the image it starts from, the
 * instruction with its variables expanded, for RUN the build arguments in its environment (as
 * Docker's classic builder keys RUN), and for COPY/ADD the digest of the sources. Line numbers are
 * not part of it: moving a step does not invalidate it.
 */
public record CacheKey(Digest value) {
  /** Bumped whenever what a step produces changes meaning, so old entries stop matching. */
  static final String VERSION = "edge-build-cache-v1";
  /** The parent of a stage's first step on {@code FROM scratch}. */
  public static final String SCRATCH = "scratch";
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .addModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance))
      .build();

  /**
   * @param parent the image id (config digest) of the image before the step, or {@link #SCRATCH}
   * @param expanded the instruction after {@code StageScope.step}
   * @param runArgs the ARGs in use (StageScope.argsInUse); only RUN takes them into account
   * @param sources the COPY/ADD source digest, or null for other steps
   */
  public static CacheKey of(String parent, Instruction expanded, Map<String, String> runArgs,
      Digest sources) {
    MessageDigest sha = Digest.newSha256();
    record(sha, "version", VERSION);
    record(sha, "parent", parent);
    record(sha, "instruction", expanded.keyword() + " " + canonical(expanded));
    if (expanded instanceof RunInstruction) {
      record(sha, "args", canonical(new TreeMap<>(runArgs)));
    }
    if (sources != null) {
      record(sha, "sources", sources.toString());
    }
    return new CacheKey(Digest.ofSha256(sha));
  }

  private static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value + " for a cache key", e);
    }
  }

  /** Length-prefixed, so no two different sequences of records hash alike. */
  private static void record(MessageDigest sha, String name, String value) {
    byte[] bytes = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    sha.update(bytes);
  }
}
