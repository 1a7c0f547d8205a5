package dev.edge.agent.boards;

import dev.edge.runtime.api.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Finds the board a job names and holds it for the job ({@link BoardLocks}). A job names a board by port path,
 * by board id (the port's file name, as {@code GET /edge/v1/boards} lists it), by {@code auto} (the only attached
 * ESP board; several is an error, as for {@code edge firmware flash --port auto}) or by {@code any}: the only
 * attached ESP board, or with several the first one no job holds, in the discovery's natural port order
 * (ttyUSB0 before ttyUSB1); when every one is busy the job waits for the first.
 */
public final class BoardClaims {
  public static final String ANY = "any";
  private static final Pattern BOARD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final BoardFlashing flashing;

  public BoardClaims(BoardFlashing flashing) {
    this.flashing = flashing;
  }

  /** A board held for a job, by its port path; closing it releases the board. */
  public record Claim(String port, BoardLocks.Held held) implements AutoCloseable {
    @Override
    public void close() {
      held.close();
    }
  }

  /**
   * Checks a job document's board field: an absolute path, a board id, {@code any} or {@code auto}. Whether the
   * board is attached is only known when the job runs.
   *
   * @throws IllegalArgumentException naming {@code field}
   */
  public static String checkBoard(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + ": missing; give a port path (/dev/ttyUSB0), a board id"
          + " (ttyUSB0) or " + ANY);
    }
    if (value.startsWith("/") || BOARD_ID.matcher(value).matches()) {
      return value;
    }
    throw new IllegalArgumentException(field + ": '" + value + "' is neither an absolute port path, a board id"
        + " (ttyUSB0) nor " + ANY);
  }

  /**
   * Resolves {@code board} to a port and waits until no other job holds it.
   *
   * @param holder the job's id, named to jobs that wait for this one
   * @param waiting hears why the job waits
   * @throws ApiException when the board cannot be found (404), or several match {@code auto} (409)
   */
  public Claim claim(String board, String holder, Consumer<String> waiting) throws InterruptedException {
    if (ANY.equals(board)) {
      return any(holder, waiting);
    }
    String port = BoardFlashing.AUTO.equals(board) ? flashing.autoPort()
        : board.startsWith("/") ? flashing.resolvePort(null, board) : flashing.resolvePort(board, null);
    return new Claim(port, flashing.locks().acquire(port, holder, waiting));
  }

  private Claim any(String holder, Consumer<String> waiting) throws InterruptedException {
    List<String> ports = flashing.espPorts();
    if (ports.isEmpty()) {
      throw ApiException.notFound("board any: no ESP board is attached (no known USB-serial bridge found)");
    }
    for (String port : ports) {
      Optional<BoardLocks.Held> held = flashing.locks().tryAcquire(port, holder);
      if (held.isPresent()) {
        return new Claim(port, held.get());
      }
    }
    String first = ports.get(0);
    return new Claim(first, flashing.locks().acquire(first, holder, waiting));
  }
}
