package dev.edge.cli.support;

import dev.edge.cli.EdgeCommand;
import dev.edge.cli.client.DaemonClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the daemon named by the global {@code -H/--host}. */
public abstract class ApiCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    EdgeCommand root = (EdgeCommand) spec.root().userObject();
    try (DaemonClient client = new DaemonClient(root.host())) {
      return run(client);
    }
  }

  protected abstract int run(DaemonClient client) throws Exception;
}
