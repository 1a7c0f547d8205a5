package dev.edge.agent.fleet;

/** A job document the gateway will not run; the message is the reason published with REJECTED. */
public final class JobRejectedException extends Exception {
  public JobRejectedException(String reason) {
    super(reason);
  }
}
