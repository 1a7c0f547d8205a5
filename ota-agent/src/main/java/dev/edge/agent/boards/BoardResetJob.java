package dev.edge.agent.boards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.hal.reset.HardReset;
import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import dev.edge.runtime.api.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code board.reset} {@code {board}}: restarts the board's firmware with esptool's hard reset (EN pulsed through
 * RTS for 0.1 s, GPIO0 left high through DTR), so it boots from flash. The port is opened the daemon's way
 * (exclusively) while the job holds the board, so a reset never lands in the middle of a flash.
 */
public final class BoardResetJob implements JobHandler {
  public static final String TYPE = "board.reset";
  /** Any rate will do for toggling the modem lines; this one is what the boards' boot log uses anyway. */
  static final int BAUD = 115_200;

  private final BoardFlashing flashing;
  private final BoardClaims claims;

  public BoardResetJob(BoardFlashing flashing) {
    this.flashing = flashing;
    this.claims = new BoardClaims(flashing);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(30);
  }

  @Override
  public Run prepare(JsonNode doc) {
    String board = BoardClaims.checkBoard("board", doc.path("board").asText(""));
    return progress -> reset(board, progress);
  }

  private Map<String, Object> reset(String board, JobProgress progress) throws JobFailedException,
      InterruptedException {
    String name = TYPE + (progress.jobId() == null ? "" : " " + progress.jobId());
    progress.phase("board", "claiming board " + board);
    try (BoardClaims.Claim claim = claims.claim(board, progress.jobId(),
        message -> progress.progress(0, message, Map.of("board", board)))) {
      progress.phase("reset", "pulsing EN through RTS on " + claim.port());
      try (SerialPort port = flashing.open(claim.port(), BAUD)) {
        if (HardReset.viaRts(port) == LineControl.NO_MODEM_LINES) {
          throw new JobFailedException(name + ": " + claim.port() + " has no DTR/RTS lines (a pty or a bare"
              + " UART), so nothing can reset the board through it");
        }
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("board", board);
      result.put("port", claim.port());
      result.put("reset", "hard reset via RTS");
      return result;
    } catch (ApiException | IOException e) {
      throw new JobFailedException(name + ": " + e.getMessage(), e);
    }
  }
}
