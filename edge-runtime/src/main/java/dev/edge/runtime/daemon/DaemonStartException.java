package dev.edge.runtime.daemon;

/** The daemon cannot start; the message tells the operator what to do about it. */
public class DaemonStartException extends Exception {
  public DaemonStartException(String message) {
    super(message);
  }

  public DaemonStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
