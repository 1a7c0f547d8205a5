package dev.edge.runtime.build.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns one logical line into its typed instruction, checking its flags and arguments. */
final class InstructionParser {
  static final List<String> KEYWORDS = List.of("FROM", "RUN", "COPY", "ADD", "ENV", "ARG",
      "LABEL", "WORKDIR", "USER", "CMD", "ENTRYPOINT", "EXPOSE", "VOLUME", "SHELL", "STOPSIGNAL",
      "HEALTHCHECK", "MAINTAINER", "ONBUILD");
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Pattern HEREDOC_SOURCE = Pattern.compile("^\\d*<<-?.+$");
  private static final Set<String> RUN_NETWORKS = Set.of("default", "none", "host");
  private static final Set<String> NOT_ONBUILD = Set.of("ONBUILD", "FROM", "MAINTAINER");
  /** Docker refuses health-check durations below this, except 0 meaning "inherit". */
  private static final Duration MIN_HEALTH_DURATION = Duration.ofMillis(1);
  private final char escape;

  InstructionParser(char escape) {
    this.escape = escape;
  }

  Instruction parse(LogicalLine logical) throws InstructionException {
    String text = LineReader.stripLeft(logical.text());
    String[] split = text.split("\\s+", 2);
    String written = split[0];
    String keyword = written.toUpperCase(Locale.ROOT);
    String rest = split.length > 1 ? split[1] : "";
    int line = logical.startLine();
    List<Heredoc> heredocs = logical.heredocs();
    return switch (keyword) {
      case "FROM" -> from(line, rest);
      case "RUN" -> run(line, rest, heredocs);
      case "COPY" -> copy(line, rest, heredocs);
      case "ADD" -> add(line, rest, heredocs);
      case "ENV" -> new EnvInstruction(line, KeyValues.parse(keyword, noFlags(keyword, rest),
          escape));
      case "LABEL" -> new LabelInstruction(line, KeyValues.parse(keyword,
          noFlags(keyword, rest), escape));
      case "ARG" -> arg(line, noFlags(keyword, rest));
      case "WORKDIR" -> new WorkdirInstruction(line, single(keyword, rest));
      case "USER" -> new UserInstruction(line, single(keyword, rest));
      case "STOPSIGNAL" -> new StopSignalInstruction(line, single(keyword, rest));
      case "MAINTAINER" -> new MaintainerInstruction(line, single(keyword, rest));
      case "CMD" -> new CmdInstruction(line, command(keyword, noFlags(keyword, rest)));
      case "ENTRYPOINT" -> new EntrypointInstruction(line,
          command(keyword, noFlags(keyword, rest)));
      case "EXPOSE" -> new ExposeInstruction(line, atLeastOne(keyword,
          Words.fields(noFlags(keyword, rest))));
      case "VOLUME" -> volume(line, noFlags(keyword, rest));
      case "SHELL" -> new ShellInstruction(line, shell(noFlags(keyword, rest)));
      case "HEALTHCHECK" -> healthcheck(line, rest);
      case "ONBUILD" -> onbuild(logical, rest);
      default -> throw new InstructionException("unknown instruction: " + keyword
          + suggestion(keyword));
    };
  }

  private FromInstruction from(int line, String args) throws InstructionException {
    Flags flags = Flags.parse("FROM", args, Set.of("platform"));
    List<String> words = Words.fields(flags.rest());
    if (words.size() != 1 && !(words.size() == 3 && words.get(1).equalsIgnoreCase("AS"))) {
      throw new InstructionException("FROM requires either one or three arguments"
          + " (FROM [--platform=P] IMAGE [AS NAME])");
    }
    String name = null;
    if (words.size() == 3) {
      name = words.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(name).matches()) {
        throw new InstructionException("invalid name for build stage: \"" + words.get(2)
            + "\", name can't start with a number or contain symbols");
      }
    }
    return new FromInstruction(line, words.get(0), flags.value("platform"), name);
  }

  private RunInstruction run(int line, String args, List<Heredoc> heredocs)
      throws InstructionException {
    Flags flags = Flags.parse("RUN", args, Set.of("network"));
    String network = flags.value("network");
    if (network != null && !RUN_NETWORKS.contains(network)) {
      throw new InstructionException("RUN --network=" + network
          + ": unsupported network mode (default, none or host)");
    }
    return new RunInstruction(line, command("RUN", flags.rest()),
        network == null ? RunInstruction.NETWORK_DEFAULT : network, heredocs);
  }

  private CopyInstruction copy(int line, String args, List<Heredoc> heredocs)
      throws InstructionException {
    Flags flags = Flags.parse("COPY", args, Set.of("from", "chown", "chmod", "link"));
    Paths paths = paths("COPY", flags.rest(), heredocs);
    return new CopyInstruction(line, paths.sources, paths.destination, flags.value("from"),
        flags.value("chown"), checkedChmod(flags.value("chmod")), flags.bool("link"), heredocs);
  }

  private AddInstruction add(int line, String args, List<Heredoc> heredocs)
      throws InstructionException {
    Flags flags = Flags.parse("ADD", args,
        Set.of("chown", "chmod", "checksum", "keep-git-dir", "link"));
    Paths paths = paths("ADD", flags.rest(), heredocs);
    return new AddInstruction(line, paths.sources, paths.destination, flags.value("chown"),
        checkedChmod(flags.value("chmod")), flags.value("checksum"), flags.bool("keep-git-dir"),
        flags.bool("link"), heredocs);
  }

  /** A literal mode is checked now; one holding a variable after expansion. */
  private static String checkedChmod(String chmod) throws InstructionException {
    if (chmod != null && !chmod.contains("$")) {
      CopySpec.checkChmod(chmod);
    }
    return chmod;
  }

  private record Paths(List<String> sources, String destination) {}

  private static Paths paths(String keyword, String rest, List<Heredoc> heredocs)
      throws InstructionException {
    List<String> words = JsonArgs.parse(rest);
    if (words == null) {
      words = Words.fields(rest);
    }
    List<String> sources = new ArrayList<>();
    for (String word : words.subList(0, Math.max(0, words.size() - 1))) {
      if (heredocs.isEmpty() || !HEREDOC_SOURCE.matcher(word).matches()) {
        sources.add(word);
      }
    }
    if (words.size() < 2) {
      throw new InstructionException(keyword + " requires at least two arguments, but only "
          + (words.isEmpty() ? "none were" : "one was")
          + " provided. Destination could not be determined.");
    }
    return new Paths(sources, words.get(words.size() - 1));
  }

  private static ArgInstruction arg(int line, String rest) throws InstructionException {
    List<ArgInstruction.Declaration> declarations = new ArrayList<>();
    for (String word : Words.fields(rest)) {
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      if (name.isEmpty()) {
        throw new InstructionException("ARG names can not be blank: " + word);
      }
      declarations.add(new ArgInstruction.Declaration(name, eq < 0 ? null
          : word.substring(eq + 1)));
    }
    if (declarations.isEmpty()) {
      throw new InstructionException("ARG requires at least one argument");
    }
    return new ArgInstruction(line, declarations);
  }

  private static Command command(String keyword, String rest) throws InstructionException {
    List<String> exec = JsonArgs.parse(rest);
    if (exec != null) {
      return Command.exec(exec);
    }
    if (rest.isBlank()) {
      throw new InstructionException(keyword + " requires at least one argument");
    }
    return Command.shell(rest);
  }

  private static VolumeInstruction volume(int line, String rest) throws InstructionException {
    List<String> json = JsonArgs.parse(rest);
    if (json != null) {
      return new VolumeInstruction(line, atLeastOne("VOLUME", json), true);
    }
    return new VolumeInstruction(line, atLeastOne("VOLUME", Words.fields(rest)), false);
  }

  private static List<String> shell(String rest) throws InstructionException {
    List<String> json = JsonArgs.parse(rest);
    if (json == null) {
      throw new InstructionException("SHELL requires the arguments to be in JSON form ("
          + JsonArgs.problem(rest) + ")");
    }
    return atLeastOne("SHELL", json);
  }

  private static HealthcheckInstruction healthcheck(int line, String args)
      throws InstructionException {
    Flags flags = Flags.parse("HEALTHCHECK", args,
        Set.of("interval", "timeout", "start-period", "start-interval", "retries"));
    String[] split = flags.rest().split("\\s+", 2);
    String type = split[0].toUpperCase(Locale.ROOT);
    String command = split.length > 1 ? split[1] : "";
    if (type.equals("NONE")) {
      if (!command.isBlank()) {
        throw new InstructionException("HEALTHCHECK NONE takes no arguments");
      }
      return new HealthcheckInstruction(line, List.of("NONE"), null, null, null, null, null);
    }
    if (!type.equals("CMD")) {
      throw new InstructionException("Unknown type \"" + split[0]
          + "\" in HEALTHCHECK (try CMD)");
    }
    Command cmd = command("HEALTHCHECK CMD", command);
    List<String> test = new ArrayList<>();
    test.add(cmd.shellForm() ? "CMD-SHELL" : "CMD");
    test.addAll(cmd.args());
    return new HealthcheckInstruction(line, test, duration(flags, "interval"),
        duration(flags, "timeout"), duration(flags, "start-period"),
        duration(flags, "start-interval"), retries(flags));
  }

  private static Duration duration(Flags flags, String name) throws InstructionException {
    String value = flags.value(name);
    if (value == null) {
      return null;
    }
    Duration d = GoDuration.parse(name, value);
    if (!d.isZero() && d.compareTo(MIN_HEALTH_DURATION) < 0) {
      throw new InstructionException("--" + name + "=" + value + " cannot be less than 1ms");
    }
    return d;
  }

  private static Integer retries(Flags flags) throws InstructionException {
    String value = flags.value("retries");
    if (value == null) {
      return null;
    }
    int retries;
    try {
      retries = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InstructionException("--retries=" + value + ": not a number");
    }
    if (retries < 0) {
      throw new InstructionException("--retries cannot be negative (" + retries + ")");
    }
    return retries;
  }

  private OnbuildInstruction onbuild(LogicalLine logical, String rest)
      throws InstructionException {
    String trimmed = rest.trim();
    if (trimmed.isEmpty()) {
      throw new InstructionException("ONBUILD requires at least one argument");
    }
    String[] split = trimmed.split("\\s+", 2);
    String trigger = split[0].toUpperCase(Locale.ROOT);
    if (NOT_ONBUILD.contains(trigger)) {
      throw new InstructionException(trigger + " isn't allowed as an ONBUILD trigger");
    }
    // The trigger runs in a later build: check it now so a typo fails here, not there.
    parse(new LogicalLine(logical.startLine(), logical.endLine(), trimmed, logical.heredocs()));
    return new OnbuildInstruction(logical.startLine(),
        split.length > 1 ? trigger + " " + split[1] : trigger);
  }

  private static String noFlags(String keyword, String rest) throws InstructionException {
    return Flags.parse(keyword, rest, Set.of()).rest();
  }

  private static String single(String keyword, String rest) throws InstructionException {
    String value = noFlags(keyword, rest).trim();
    if (value.isEmpty()) {
      throw new InstructionException(keyword + " requires exactly one argument");
    }
    return value;
  }

  private static List<String> atLeastOne(String keyword, List<String> values)
      throws InstructionException {
    if (values.isEmpty()) {
      throw new InstructionException(keyword + " requires at least one argument");
    }
    return values;
  }

  /** Docker's hint for a misspelt instruction: the closest name within two edits. */
  private static String suggestion(String keyword) {
    String best = null;
    int bestDistance = 3;
    for (String known : KEYWORDS) {
      int d = editDistance(keyword, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
