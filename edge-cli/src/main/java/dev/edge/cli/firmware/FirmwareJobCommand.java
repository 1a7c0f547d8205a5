package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.ApiCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Base of {@code edge firmware build|flash|deploy}: thin clients of the daemon's job engine. They submit a job
 * document ({@code POST /edge/v1/jobs}), follow its progress log, print the outcome, and exit 1 with the job's
 * error when it failed.
 */
abstract class FirmwareJobCommand extends ApiCommand {
  @Parameters(paramLabel = "DIR", description = "The firmware project (the directory of edge-firmware.yaml)")
  Path dir;

  @Option(names = "--format", paramLabel = "json",
      description = "json: print the job's events as the daemon sends them, one JSON object per line")
  String format;

  /** The job type. */
  abstract String type();

  /** Adds this command's fields to the job document. */
  abstract void fill(Map<String, Object> document);

  /** Prints what a successful job produced. */
  abstract void printResult(JsonNode result, PrintWriter out);

  @Override
  protected int run(DaemonClient client) {
    if (format != null && !format.equals("json")) {
      throw new UserException("--format " + format + ": only json is supported here");
    }
    Path project = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(project)) {
      throw new UserException("firmware " + commandName() + ": " + dir + " is not a directory");
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("type", type());
    document.put("dir", project.toString());
    fill(document);
    JsonNode job = client.post("/edge/v1/jobs", document);
    String id = job.path("id").asText();
    PrintWriter out = spec.commandLine().getOut();
    JobPrinter printer = new JobPrinter(out, spec.commandLine().getErr(), format != null);
    client.stream("GET", "/edge/v1/jobs/" + id + "/log?follow=1", null, printer::accept);
    JsonNode end = printer.end();
    if (end == null) {
      throw new UserException("firmware " + commandName() + ": the daemon ended job " + id + "'s log before the"
          + " job finished (GET /edge/v1/jobs/" + id + " shows where it is)");
    }
    if (!"SUCCEEDED".equals(end.path("state").asText())) {
      throw new UserException("firmware " + commandName() + ": " + end.path("error").asText("job " + id + " "
          + end.path("state").asText()));
    }
    if (format == null) {
      printResult(end.path("result"), out);
    }
    out.flush();
    return 0;
  }

  private String commandName() {
    return spec.name();
  }

  /** This process's user and group, so what the daemon writes into the project belongs to the caller. */
  static void addOwner(Map<String, Object> document) {
    try {
      document.put("uid", Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
      document.put("gid", Files.getAttribute(Path.of("/proc/self"), "unix:gid"));
    } catch (IOException | UnsupportedOperationException e) {
      // the daemon falls back to the project directory's owner
    }
  }

  /** The port as the daemon needs it: auto, or an absolute path. */
  static String absolutePort(String port) {
    return "auto".equals(port) ? port : Path.of(port).toAbsolutePath().normalize().toString();
  }

  static void printBuild(JsonNode result, PrintWriter out) {
    JsonNode p = result.path("provenance");
    out.println((result.path("cached").asBoolean() ? "Up to date (cache hit): " : "Built: ")
        + result.path("outputDir").asText());
    for (JsonNode image : p.path("images")) {
      out.printf("  %-28s %-9s %8d bytes  sha256 %s%n", image.path("file").asText(),
          image.path("address").asText(), image.path("size").asLong(), image.path("sha256").asText());
    }
    JsonNode tc = p.path("toolchain");
    out.println("  toolchain " + tc.path("reference").asText() + (tc.hasNonNull("digest") ? "" : " (image "
        + tc.path("imageId").asText() + ")"));
    out.println("  sources   " + p.path("source").path("digest").asText() + " (" + p.path("source")
        .path("files").asInt() + " files, SOURCE_DATE_EPOCH " + p.path("source").path("sourceDateEpoch")
        .asLong() + ")");
    out.println("  provenance " + result.path("outputDir").asText() + "/provenance.json");
  }

  static void printFlash(JsonNode result, PrintWriter out) {
    out.println("Flashed " + result.path("port").asText() + ":");
    for (JsonNode w : result.path("flashed")) {
      out.printf("  %-9s %-28s %8d bytes  sha256 %s%n", w.path("address").asText(), w.path("file").asText(),
          w.path("size").asLong(), w.path("sha256").asText());
    }
  }
}
