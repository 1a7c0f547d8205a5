package dev.edge.runtime.network;

/**
 * A host port asked for is taken, by another container or by any process on the host. The
 * message uses Docker's words: {@code Bind for 0.0.0.0:18080 failed: port is already allocated}.
 */
public class PortAllocatedException extends NetworkException {
  public PortAllocatedException(String hostIp, String hostPort) {
    super("Bind for " + hostIp + ":" + hostPort + " failed: port is already allocated");
  }
}
