package dev.edge.agent.firmware;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code build/edge/provenance.json}: how the firmware in {@code build/edge/} was made. Nothing in it depends on
 * where the project lives or when it was built, except the {@code time} fields, so two builds of the same
 * sources with the same toolchain give the same file but for those.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(String schema, String cacheKey, Toolchain toolchain, Source source, Build build,
                         Builder builder, List<OutputFile> outputs, List<FlashImage> images, Flash flash,
                         Time time) {
  public static final String SCHEMA = "edge.dev/firmware-provenance/v1";
  public static final String FILE_NAME = "provenance.json";
  private static final ObjectWriter WRITER = Json.mapper().writerWithDefaultPrettyPrinter();

  public Provenance {
    outputs = List.copyOf(outputs);
    images = List.copyOf(images);
  }

  /** The image the build ran in: as named, its registry digest (null if it never came from one), its id. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Toolchain(String reference, String digest, String imageId) {}

  /** The inputs: the source tree digest and file count, the descriptor's hash, SOURCE_DATE_EPOCH. */
  public record Source(String digest, int files, String descriptorSha256, long sourceDateEpoch,
                       String sourceDateEpochFrom) {}

  /** The command as run: argv, working directory under /project, and the network it had. */
  public record Build(List<String> command, String workdir, String network) {}

  public record Builder(String name, String version) {}

  /** A file the build command produced, as declared in the descriptor. */
  public record OutputFile(String path, String format, String address, String sha256, long size) {}

  /** A flash image in build/edge/: what is written where. */
  public record FlashImage(String file, String address, String sha256, long size, String from) {
    public long offset() {
      return Long.parseLong(address.substring(2), 16);
    }
  }

  public record Flash(String mode, String size, String freq, int baud) {}

  public record Time(String startedAt, String finishedAt) {}

  public void write(Path file) throws IOException {
    AtomicFiles.write(file, WRITER.writeValueAsBytes(this));
  }

  /** The provenance in {@code dir}, or empty when there is none. */
  public static Optional<Provenance> read(Path file) throws IOException {
    try {
      return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), Provenance.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + " is not a provenance record: " + e.getOriginalMessage(), e);
    }
  }
}
