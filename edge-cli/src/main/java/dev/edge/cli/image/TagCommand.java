package dev.edge.cli.image;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code edge tag}: gives an image another name, as {@code docker tag}. */
@Command(name = "tag", mixinStandardHelpOptions = true,
    description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]") String source;

  @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]") String target;

  @Override
  protected int run(DaemonClient client) {
    String[] t = Names.splitTag(target);
    client.post("/images/" + source + "/tag?repo=" + Names.q(t[0]) + "&tag="
        + Names.q(t[1].isEmpty() ? "latest" : t[1]), null);
    return 0;
  }
}
