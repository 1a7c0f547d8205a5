package dev.edge.runtime.registry;

/**
 * What the client was doing when something failed: {@code pull 127.0.0.1:5000/tc: manifest 1}.
 *
 * @param verb pull, push or login
 * @param name the registry and repository ({@code docker.io/library/alpine}), or the registry alone
 * @param subject the thing acted on ({@code manifest 1}, {@code blob sha256:…}); empty for login
 */
public record RegistryAction(String verb, String name, String subject) {

  static RegistryAction pull(String registry, String repository, String subject) {
    return new RegistryAction("pull", registry + "/" + repository, subject);
  }

  static RegistryAction push(String registry, String repository, String subject) {
    return new RegistryAction("push", registry + "/" + repository, subject);
  }

  static RegistryAction login(String registry) {
    return new RegistryAction("login", registry, "");
  }

  RegistryAction withSubject(String newSubject) {
    return new RegistryAction(verb, name, newSubject);
  }

  @Override
  public String toString() {
    return verb + " " + name + (subject.isEmpty() ? "" : ": " + subject);
  }
}
