package dev.edge.runtime.container;

import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/** Container names: Docker's validation rule and its adjective_scientist style of default. */
public final class ContainerNames {
  /** Docker's rule: a letter or digit, then letters, digits, '_', '.' or '-'. */
  private static final Pattern VALID = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final List<String> LEFT = List.of("admiring", "brave", "busy", "calm",
      "clever", "dazzling", "eager", "elated", "focused", "gifted", "happy", "jolly", "keen",
      "kind", "loving", "modest", "nifty", "optimistic", "peaceful", "quirky", "relaxed",
      "sharp", "stoic", "tender", "upbeat", "vibrant", "wizardly", "youthful", "zealous");
  private static final List<String> RIGHT = List.of("babbage", "bardeen", "boole", "curie",
      "dijkstra", "einstein", "euler", "feynman", "galois", "gauss", "hopper", "kepler",
      "knuth", "lamarr", "lovelace", "maxwell", "meitner", "noether", "pascal", "ritchie",
      "shannon", "tesla", "thompson", "turing", "wozniak", "yalow");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ContainerNames() {}

  /** The name without Docker's leading slash; a name Docker would refuse is a 400. */
  public static String validate(String name) {
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid container name (" + name
          + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    return name.startsWith("/") ? name.substring(1) : name;
  }

  /** A fresh default name; the caller retries on a clash (Docker adds a digit). */
  public static String generate(int attempt) {
    String name = LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(
        RIGHT.size()));
    return attempt == 0 ? name : name + attempt;
  }
}
