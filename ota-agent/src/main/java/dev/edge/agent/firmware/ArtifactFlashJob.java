package dev.edge.agent.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.artifacts.Artifact;
import dev.edge.agent.artifacts.ArtifactDownloader;
import dev.edge.agent.boards.BoardClaims;
import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.hal.flash.FlashException;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.flash.FlashSettings;
import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.reset.GpioResetPins;
import dev.edge.runtime.api.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ota}, and {@code firmware.flash} in its artifact form: one image fetched by URL is written to a board.
 * Fields: {@code url} (https; http only on loopback), {@code sha256}, {@code size} (the declared size, also the
 * download's limit), {@code board} (port path, board id or {@code any}), {@code address} (default 0x0; a hex
 * string or a number, on a 4 KiB sector). The artifact is downloaded and its size and sha256 checked before the
 * board is touched; then the board is held for the job ({@link BoardClaims}) and flashed with the flash
 * header left as built ({@code keep}); an image at 0x0 must be a valid ESP8266 image.
 */
public final class ArtifactFlashJob implements JobHandler {
  public static final String TYPE = "ota";
  /** The largest ESP8266 flash; nothing bigger can be an image for one. */
  static final long MAX_ARTIFACT_BYTES = 16L << 20;
  static final int BAUD = 115_200;
  static final int SECTOR = (int) DescriptorParser.SECTOR;
  static final String VERIFICATION = "the artifact's size and sha256 were checked before flashing and every"
      + " block was acknowledged by the ROM loader with its checksum; the ESP8266 ROM loader cannot read flash"
      + " back, so the flash itself is not compared";

  private final BoardFlashing flashing;
  private final BoardClaims claims;
  private final ArtifactDownloader downloader;
  private final Path downloadDir;

  public ArtifactFlashJob(BoardFlashing flashing, ArtifactDownloader downloader, Path downloadDir) {
    this.flashing = flashing;
    this.claims = new BoardClaims(flashing);
    this.downloader = downloader;
    this.downloadDir = downloadDir;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Duration timeout() {
    return Duration.ofMinutes(10);
  }

  @Override
  public Run prepare(JsonNode doc) {
    return prepare(doc, TYPE);
  }

  /** The artifact form of any job type ({@code ota}, {@code firmware.flash}); {@code type} names it in errors. */
  public Run prepare(JsonNode doc, String type) {
    Artifact artifact = Artifact.fromDocument(doc, true, MAX_ARTIFACT_BYTES);
    String board = BoardClaims.checkBoard("board", doc.path("board").asText(""));
    long address = address(doc.get("address"));
    if (address + artifact.maxSize() > MAX_ARTIFACT_BYTES) {
      throw new IllegalArgumentException(String.format("address: 0x%x plus size %d ends past 16 MB, the largest"
          + " ESP8266 flash", address, artifact.maxSize()));
    }
    return progress -> run(type, artifact, board, address, progress);
  }

  /** {@code "0x10000"} or {@code 65536}; on a sector, since the ROM erases whole sectors around it. */
  static long address(JsonNode node) {
    if (node == null || node.isNull()) {
      return 0;
    }
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isTextual() && node.asText().toLowerCase().matches("0x[0-9a-f]{1,8}")) {
      value = Long.parseLong(node.asText().substring(2), 16);
    } else {
      throw new IllegalArgumentException("address: " + node + " is not a flash address; give a hex string"
          + " (\"0x10000\") or a number");
    }
    if (value < 0 || value % SECTOR != 0) {
      throw new IllegalArgumentException(String.format("address: 0x%x is not on a 0x%x-byte flash sector; the"
          + " ROM would erase the bytes before it", value, SECTOR));
    }
    return value;
  }

  private Map<String, Object> run(String type, Artifact artifact, String board, long address,
      JobProgress progress) throws JobFailedException, InterruptedException {
    String name = type + (progress.jobId() == null ? "" : " " + progress.jobId());
    byte[] data = download(name, artifact, progress);
    progress.phase("board", "claiming board " + board);
    try (BoardClaims.Claim claim = claims.claim(board, progress.jobId(),
        message -> progress.progress(0, message, Map.of("board", board)))) {
      String label = String.format("%s@0x%x", fileName(artifact), address);
      progress.phase("flash", String.format("flashing %d bytes to %s at 0x%x", data.length, claim.port(),
          address));
      FlashReport report = new FlashReport(progress, data.length);
      flashing.flash(new BoardFlashing.Target(claim.port(), BAUD, BeforeMode.DEFAULT_RESET, AfterMode.HARD_RESET,
          GpioResetPins.defaults()), List.of(new FlashRegion(label, address, data)),
          new FlashSettings(FlashSettings.KEEP, FlashSettings.KEEP, FlashSettings.KEEP, false), report);
      progress.phase("check", "the ROM loader cannot read flash back; recorded what was sent");
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("board", board);
      result.put("port", claim.port());
      result.put("address", String.format("0x%x", address));
      result.put("size", (long) data.length);
      result.put("sha256", artifact.sha256());
      report.describeBoard(result);
      result.put("flashVerified", false);
      result.put("verification", VERIFICATION);
      return result;
    } catch (FlashException | ApiException e) {
      throw new JobFailedException(name + ": " + e.getMessage(), e);
    }
  }

  /** The artifact's bytes, checked; nothing here touches a board. */
  private byte[] download(String name, Artifact artifact, JobProgress progress) throws JobFailedException,
      InterruptedException {
    progress.phase("download", "downloading " + artifact.url() + " (" + artifact.maxSize() + " bytes)");
    ArtifactDownloader.Downloaded file;
    try {
      file = downloader.download(artifact, downloadDir, (done, total) -> progress.progress(
          (int) Math.min(100, done * 100 / Math.max(1, total)), null, Map.of("bytes", done, "total", total)));
    } catch (IOException e) {
      throw new JobFailedException(name + ": " + e.getMessage(), e);
    }
    try {
      byte[] data = Files.readAllBytes(file.file());
      // the file sat on disk since it was hashed; what goes to the board is what was checked
      String sha = Hashes.sha256(data);
      if (!sha.equals(artifact.sha256())) {
        throw new JobFailedException(name + ": artifact sha256 mismatch: expected " + artifact.sha256() + " got "
            + sha + " (the downloaded file changed on disk)");
      }
      progress.progress(100, "artifact size and sha256 match", Map.of("sha256", sha, "size", data.length));
      return data;
    } catch (IOException e) {
      throw new JobFailedException(name + ": reading the download " + file.file() + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(file.file());
      } catch (IOException e) {
        progress.warning("removing the download " + file.file() + ": " + e.getMessage());
      }
    }
  }

  private static String fileName(Artifact artifact) {
    String path = artifact.url().getPath() == null ? "" : artifact.url().getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() ? "artifact" : last;
  }
}
