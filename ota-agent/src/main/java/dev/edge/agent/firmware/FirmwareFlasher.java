package dev.edge.agent.firmware;

import dev.edge.agent.boards.BoardClaims;
import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.hal.flash.FlashException;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.flash.FlashSettings;
import dev.edge.hal.image.FlashHeaderPatcher;
import dev.edge.hal.image.FlashParams;
import dev.edge.hal.image.ImageFormatException;
import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.reset.GpioResetPins;
import dev.edge.runtime.api.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code edge firmware flash}: writes the images of the last build ({@code build/edge/}) at their addresses
 * with the descriptor's flash settings, through the daemon's flashing path. The images are checked against
 * {@code provenance.json} first, so what is flashed is what the build made. The ROM loader cannot read flash
 * back, so the check afterwards is the record of what was written: each region's address, size and sha256
 * (after the header patch the ROM boots with).
 */
public final class FirmwareFlasher {
  private final BoardFlashing flashing;
  private final BoardClaims claims;

  public FirmwareFlasher(BoardFlashing flashing) {
    this.flashing = flashing;
    this.claims = new BoardClaims(flashing);
  }

  /** How to reach the board: a port path or {@code auto}, and esptool's reset choices. */
  public record Target(String port, String before, String after) {}

  /** One region written: its image file, flash address, and the size and hash of the bytes sent. */
  public record Written(String file, String address, long size, String sha256) {}

  /**
   * Checks the build's images, then holds the board for the job ({@link BoardClaims}: one job per board) while
   * it writes them.
   */
  public List<Written> flash(Path projectDir, Target target, JobProgress progress) throws JobFailedException,
      InterruptedException {
    progress.phase("images", "checking " + FirmwareBuilder.OUTPUT_DIR + "/ against " + Provenance.FILE_NAME);
    FirmwareDescriptor d;
    try {
      d = DescriptorParser.load(projectDir);
    } catch (DescriptorException e) {
      throw new JobFailedException(e.getMessage(), e);
    }
    Path outputDir = projectDir.resolve(FirmwareBuilder.OUTPUT_DIR);
    Provenance provenance = provenance(outputDir, d);
    FlashSettings settings = new FlashSettings(d.flash().mode().argName(), d.flash().size().argName(),
        d.flash().freq().argName(), false);
    List<FlashRegion> regions = new ArrayList<>();
    List<Written> written = new ArrayList<>();
    long total = 0;
    for (Provenance.FlashImage image : provenance.images()) {
      byte[] data = checked(outputDir, image);
      regions.add(new FlashRegion(image.file(), image.offset(), data));
      byte[] sent = asSent(data, image, settings);
      written.add(new Written(image.file(), image.address(), sent.length, Hashes.sha256(sent)));
      total += data.length;
    }
    progress.phase("board", "claiming board " + target.port());
    try (BoardClaims.Claim claim = claims.claim(target.port(), progress.jobId(),
        message -> progress.progress(0, message, Map.of("board", target.port())))) {
      progress.phase("flash", "flashing " + regions.size() + " image(s) to " + claim.port() + " at "
          + d.flash().baud() + " baud");
      BoardFlashing.Target to = new BoardFlashing.Target(claim.port(), d.flash().baud(),
          BeforeMode.parse(target.before()), AfterMode.parse(target.after()), GpioResetPins.defaults());
      flashing.flash(to, regions, settings, new FlashReport(progress, total));
    } catch (FlashException | ApiException | IllegalArgumentException e) {
      throw new JobFailedException(e.getMessage(), e);
    }
    progress.phase("check", "recorded what was written (the ROM loader cannot read flash back)");
    for (Written w : written) {
      progress.progress(100, String.format("%s at %s: %d bytes, sha256 %s", w.file(), w.address(), w.size(),
          w.sha256()), Map.of());
    }
    return written;
  }

  private static Provenance provenance(Path outputDir, FirmwareDescriptor d) throws JobFailedException {
    Optional<Provenance> found;
    try {
      found = Provenance.read(outputDir.resolve(Provenance.FILE_NAME));
    } catch (IOException e) {
      throw new JobFailedException(e.getMessage(), e);
    }
    Provenance p = found.orElseThrow(() -> new JobFailedException("nothing to flash: " + outputDir
        + " holds no " + Provenance.FILE_NAME + "; build first (`edge firmware build` or `edge firmware deploy`)"));
    if (p.source() == null || !Hashes.sha256(d.bytes()).equals(p.source().descriptorSha256())) {
      throw new JobFailedException(d.file() + " changed since the last build, so " + outputDir
          + " may not match it; build again (or use `edge firmware deploy`)");
    }
    if (p.images().isEmpty()) {
      throw new JobFailedException("nothing to flash: " + Provenance.FILE_NAME + " in " + outputDir
          + " lists no images");
    }
    return p;
  }

  private static byte[] checked(Path outputDir, Provenance.FlashImage image) throws JobFailedException {
    Path file = outputDir.resolve(image.file()).normalize();
    if (!file.getParent().equals(outputDir.normalize())) {
      throw new JobFailedException(Provenance.FILE_NAME + " names " + image.file() + ", which is not a file in "
          + outputDir);
    }
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new JobFailedException(file + " is missing; build again");
    } catch (IOException e) {
      throw new JobFailedException("reading " + file + ": " + e.getMessage(), e);
    }
    String sha = Hashes.sha256(data);
    if (data.length != image.size() || !sha.equals(image.sha256())) {
      throw new JobFailedException(file + " does not match " + Provenance.FILE_NAME + " (sha256 " + sha + ", "
          + data.length + " bytes; recorded " + image.sha256() + ", " + image.size() + " bytes): it changed"
          + " after the build; build again");
    }
    return data;
  }

  /** The bytes the flasher sends: the image at 0x0 gets the descriptor's header settings, as esptool does. */
  private static byte[] asSent(byte[] data, Provenance.FlashImage image, FlashSettings s) {
    if (image.offset() != FlashHeaderPatcher.BOOTLOADER_FLASH_OFFSET) {
      return data;
    }
    try {
      return FlashHeaderPatcher.patch(data, image.file(), image.offset(),
          FlashParams.parse(s.flashMode(), s.flashSize(), s.flashFreq())).bytes();
    } catch (ImageFormatException | IllegalArgumentException e) {
      return data; // the flasher refuses it with the reason
    }
  }

  /** The job result's form of what was written. */
  static List<Map<String, Object>> toResult(List<Written> written) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Written w : written) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", w.file());
      m.put("address", w.address());
      m.put("size", w.size());
      m.put("sha256", w.sha256());
      out.add(m);
    }
    return out;
  }
}
