package dev.edge.cli.image;

import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge import}: makes an image from a root file system tar, as {@code docker import}. The
 * tar (plain, gzip, bzip2 or zstd) is streamed to the daemon, which writes it as one
 * reproducible layer; the image id is printed.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import the contents from a tarball to create a filesystem image")
public final class ImportCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "file|URL|-",
      description = "The root file system tar; - reads it from standard input")
  String source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]",
      description = "Name for the image (default: untagged)")
  String repository;

  @Option(names = {"-c", "--change"}, paramLabel = "CHANGE",
      description = "Apply a Dockerfile instruction to the image (CMD, ENTRYPOINT, ENV, EXPOSE,"
          + " HEALTHCHECK, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR); repeatable")
  List<String> changes = new ArrayList<>();

  @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE",
      description = "Set the commit message for the imported image")
  String message;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Set the platform the image is for (default: the daemon's)")
  String platform;

  @Option(names = "--source-date-epoch", paramLabel = "SECONDS",
      defaultValue = "${env:SOURCE_DATE_EPOCH}",
      description = "Clamp file times to this and use it as the created time, for a"
          + " reproducible image id (env SOURCE_DATE_EPOCH)")
  String sourceDateEpoch;

  @Override
  protected int run(DaemonClient client) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    boolean url = source.matches("(?i)https?://.*");
    String id;
    try (InputStream body = open(source, url)) {
      id = importTar(client, url ? source : "-", body, repository, changes, message, platform,
          sourceDateEpoch);
    }
    out.println(id);
    return 0;
  }

  /**
   * Sends {@code body} to {@code POST /images/create?fromSrc=SOURCE} and returns the new image's
   * id. {@code source} is "-" for a tar in the body, or a URL for the daemon to refuse or fetch,
   * as Docker does.
   */
  public static String importTar(DaemonClient client, String source, InputStream body,
      String repository, List<String> changes, String message, String platform,
      String sourceDateEpoch) {
    StringBuilder path = new StringBuilder("/images/create?fromSrc=").append(Names.q(source));
    if (repository != null && !repository.isEmpty()) {
      path.append("&repo=").append(Names.q(repository));
    }
    for (String change : changes) {
      path.append("&changes=").append(Names.q(change));
    }
    if (message != null) {
      path.append("&message=").append(Names.q(message));
    }
    if (platform != null && !platform.isEmpty()) {
      path.append("&platform=").append(Names.q(platform));
    }
    if (sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
      path.append("&sourceDateEpoch=").append(Names.q(sourceDateEpoch.trim()));
    }
    String[] id = {null};
    String[] error = {null};
    client.upload("POST", path.toString(), "application/x-tar", body, m -> {
      if (m.hasNonNull("error")) {
        error[0] = m.get("error").asText();
      } else if (m.hasNonNull("status")) {
        id[0] = m.get("status").asText();
      }
    });
    if (error[0] != null) {
      throw new UserException(error[0]);
    }
    if (id[0] == null) {
      throw new UserException("the daemon ended the import without naming the image");
    }
    return id[0];
  }

  private static InputStream open(String source, boolean url) throws IOException {
    if (url) {
      return InputStream.nullInputStream();
    }
    if (source.equals("-")) {
      return new NonClosing(System.in);
    }
    try {
      return Files.newInputStream(Path.of(source));
    } catch (NoSuchFileException e) {
      throw new UserException("open " + source + ": no such file or directory");
    }
  }

  /** Standard input stays open for whoever runs after us. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
