package dev.edge.cli.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The container's environment from {@code --env-file} files, then {@code -e} values (later ones
 * win, as in Docker). {@code KEY=VALUE} is taken as it is; a bare {@code KEY} takes the value
 * this client has, and is dropped when this client has none.
 */
public final class EnvVars {
  static final String ENV_FLAG = "-e, --env";
  static final String FILE_FLAG = "--env-file";
  private static final char BOM = '\uFEFF';

  private EnvVars() {}

  /** {@code lookup} is the client's environment (System::getenv outside tests). */
  public static List<String> collect(List<String> files, List<String> values,
      Function<String, String> lookup) {
    List<String> env = new ArrayList<>();
    for (String file : files) {
      env.addAll(readFile(file, lookup));
    }
    for (String value : values) {
      int eq = value.indexOf('=');
      if (eq == 0 || value.isEmpty()) {
        throw new BadFlagException(ENV_FLAG, value, "no variable name");
      }
      if (eq > 0) {
        env.add(value);
      } else {
        String fromClient = lookup.apply(value);
        if (fromClient != null) {
          env.add(value + "=" + fromClient);
        }
      }
    }
    return env;
  }

  /**
   * Docker's env-file format: one {@code KEY=VALUE} a line, the value taken verbatim (quotes
   * included); leading blanks, blank lines and {@code #} comments skipped.
   */
  static List<String> readFile(String file, Function<String, String> lookup) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(Path.of(file)))).toString();
    } catch (NoSuchFileException e) {
      throw new BadFlagException(FILE_FLAG, file, "no such file");
    } catch (CharacterCodingException e) {
      throw new BadFlagException(FILE_FLAG, file, "the file is not valid UTF-8");
    } catch (IOException e) {
      throw new BadFlagException(FILE_FLAG, file, "cannot read it: " + e.getMessage());
    }
    if (!text.isEmpty() && text.charAt(0) == BOM) {
      text = text.substring(1);
    }
    List<String> env = new ArrayList<>();
    int lineNumber = 0;
    for (String raw : text.split("\r?\n", -1)) {
      lineNumber++;
      String line = raw.stripLeading();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? line.strip() : line.substring(0, eq);
      if (name.isEmpty()) {
        throw new BadFlagException(FILE_FLAG, file, "line " + lineNumber
            + " has no variable name: " + line);
      }
      if (name.chars().anyMatch(c -> c == ' ' || c == '\t')) {
        throw new BadFlagException(FILE_FLAG, file, "line " + lineNumber + ": variable '"
            + name + "' contains whitespace");
      }
      if (eq >= 0) {
        env.add(name + "=" + line.substring(eq + 1));
      } else {
        String fromClient = lookup.apply(name);
        if (fromClient != null) {
          env.add(name + "=" + fromClient);
        }
      }
    }
    return env;
  }
}
