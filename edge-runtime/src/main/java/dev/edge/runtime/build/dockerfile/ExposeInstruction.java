package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code EXPOSE PORT[-PORT][/PROTO] ...}; after expansion each is {@code port/proto}. */
public record ExposeInstruction(@JsonIgnore int line, List<String> ports) implements Instruction {
  private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/([A-Za-z]+))?");
  private static final int MAX_PORT = 65535;

  public ExposeInstruction {
    ports = List.copyOf(ports);
  }

  @Override
  public String keyword() {
    return "EXPOSE";
  }

  @Override
  public ExposeInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    List<String> out = new ArrayList<>();
    for (String raw : ports) {
      for (String port : shell.words(raw, vars)) {
        out.addAll(normalise(port));
      }
    }
    return new ExposeInstruction(line, out);
  }

  /** {@code 80} is {@code 80/tcp}; a range is every port in it, as Docker stores them. */
  private static List<String> normalise(String port) throws InstructionException {
    Matcher m = PORT.matcher(port);
    if (!m.matches()) {
      throw new InstructionException("invalid port " + port + " (PORT[-PORT][/tcp|udp|sctp])");
    }
    String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw new InstructionException("invalid protocol " + proto + " in port " + port);
    }
    int first = parsePort(m.group(1), port);
    int last = m.group(2) == null ? first : parsePort(m.group(2), port);
    if (last < first) {
      throw new InstructionException("invalid port range " + port + ": end before start");
    }
    List<String> out = new ArrayList<>();
    for (int p = first; p <= last; p++) {
      out.add(p + "/" + proto);
    }
    return out;
  }

  private static int parsePort(String digits, String port) throws InstructionException {
    if (digits.length() > 5 || Integer.parseInt(digits) > MAX_PORT) {
      throw new InstructionException("invalid port " + port + ": above " + MAX_PORT);
    }
    return Integer.parseInt(digits);
  }
}
