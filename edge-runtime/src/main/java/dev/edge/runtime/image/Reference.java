package dev.edge.runtime.image;

import java.util.regex.Pattern;

/**
 * An image reference normalised as Docker does: {@code alpine} is
 * {@code docker.io/library/alpine:latest}, {@code host:port/repo:tag} keeps its registry, and a
 * digest ({@code @sha256:…}) pins the content.
 *
 * @param registry the registry host ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param repository the path within it ({@code library/alpine})
 * @param tag the tag, or null when only a digest was given
 * @param digest the digest, or null
 */
public record Reference(String registry, String repository, String tag, Digest digest) {
  public static final String DOCKER_HUB = "docker.io";
  public static final String DEFAULT_TAG = "latest";
  private static final int MAX_NAME = 255;
  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
          + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?"
          + "|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  /** Parses and normalises; an invalid reference is an IllegalArgumentException saying why. */
  public static Reference parse(String input) {
    if (input == null || input.isBlank()) {
      throw invalid(input, "it is empty");
    }
    String rest = input;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw invalid(input, "bad digest " + rest.substring(at + 1));
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(input, "bad tag \"" + tag + "\"");
      }
    }
    String registry = DOCKER_HUB;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")
          || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
        if (!DOMAIN.matcher(first).matches()) {
          throw invalid(input, "bad registry host \"" + first + "\"");
        }
        registry = first.equals("index.docker.io") ? DOCKER_HUB : first;
        path = rest.substring(slash + 1);
      }
    }
    if (path.isEmpty()) {
      throw invalid(input, "no repository name");
    }
    if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
      throw invalid(input, "repository name must be lowercase");
    }
    for (String component : path.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw invalid(input, "bad repository name component \"" + component + "\"");
      }
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    if (registry.length() + 1 + path.length() > MAX_NAME) {
      throw invalid(input, "repository name longer than " + MAX_NAME + " characters");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new Reference(registry, path, tag, digest);
  }

  private static IllegalArgumentException invalid(String input, String why) {
    return new IllegalArgumentException("invalid reference format \"" + input + "\": " + why);
  }

  /** {@code registry/repository}, the name a tag belongs to. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The short form Docker shows: {@code alpine}, {@code me/tc}, {@code 127.0.0.1:5000/tc}. */
  public String familiarName() {
    if (!registry.equals(DOCKER_HUB)) {
      return name();
    }
    return repository.startsWith("library/") ? repository.substring(8) : repository;
  }

  /** The tag, or else the digest, as the registry's manifest endpoint wants it. */
  public String tagOrDigest() {
    return digest != null ? digest.toString() : tag;
  }

  public Reference withTag(String newTag) {
    return new Reference(registry, repository, newTag, null);
  }

  public Reference withDigest(Digest newDigest) {
    return new Reference(registry, repository, null, newDigest);
  }

  /** {@code familiarName:tag} or {@code familiarName@digest}, as the docker CLI prints it. */
  public String familiar() {
    return familiarName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  @Override
  public String toString() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
