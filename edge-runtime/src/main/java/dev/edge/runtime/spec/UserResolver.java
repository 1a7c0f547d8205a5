package dev.edge.runtime.spec;

import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Docker's {@code User} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
 * and {@code GroupAdd} into numbers, from the image's own account files, with runc's rules: a
 * number needs no entry, a name does; supplementary groups come from {@code /etc/group}
 * membership unless a group is given explicitly.
 */
public final class UserResolver {
  /** runc's HOME for a user without a passwd entry. */
  public static final String DEFAULT_HOME = "/";

  private UserResolver() {}

  public static ResolvedUser resolve(Path rootfs, String userSpec, List<String> groupAdd) {
    try {
      return resolveOrThrow(rootfs, userSpec == null ? "" : userSpec, groupAdd);
    } catch (IOException e) {
      throw new ContainerSpecException("resolve user \"" + userSpec + "\": "
          + IoErrors.describe(e), e);
    }
  }

  private static ResolvedUser resolveOrThrow(Path rootfs, String spec, List<String> groupAdd)
      throws IOException {
    int colon = spec.indexOf(':');
    String userArg = colon < 0 ? spec : spec.substring(0, colon);
    String groupArg = colon < 0 ? "" : spec.substring(colon + 1);
    Optional<List<AccountFiles.PasswdEntry>> passwd = AccountFiles.passwd(rootfs);
    Optional<List<AccountFiles.GroupEntry>> groups = AccountFiles.group(rootfs);

    long uid = 0;
    long gid = 0;
    String home = DEFAULT_HOME;
    String matchedName = null;
    Long numericUser = userArg.isEmpty() ? Long.valueOf(0) : numeric(userArg, "user", spec);
    for (AccountFiles.PasswdEntry e : passwd.orElse(List.of())) {
      if (numericUser != null ? e.uid() == numericUser : e.name().equals(userArg)) {
        matchedName = e.name();
        uid = e.uid();
        gid = e.gid();
        home = e.home().isEmpty() ? DEFAULT_HOME : e.home();
        break;
      }
    }
    if (matchedName == null) {
      if (numericUser == null) {
        throw new ContainerSpecException("unable to find user " + userArg + ": "
            + (passwd.isPresent() ? "no matching entries in passwd file " + AccountFiles.PASSWD
                + " of the image" : "the image has no " + AccountFiles.PASSWD));
      }
      uid = numericUser;
    }

    List<Long> supplementary = new ArrayList<>();
    if (!groupArg.isEmpty()) {
      gid = groupId(groupArg, groups, spec);
    } else if (matchedName != null) {
      for (AccountFiles.GroupEntry g : groups.orElse(List.of())) {
        if (g.members().contains(matchedName)) {
          supplementary.add(g.gid());
        }
      }
    }
    Set<Long> additional = new LinkedHashSet<>(supplementary);
    for (String extra : groupAdd) {
      additional.add(groupId(extra, groups, extra));
    }
    return new ResolvedUser(uid, gid, List.copyOf(additional), home);
  }

  private static long groupId(String arg, Optional<List<AccountFiles.GroupEntry>> groups,
      String spec) {
    Long number = numeric(arg, "group", spec);
    for (AccountFiles.GroupEntry g : groups.orElse(List.of())) {
      if (number != null ? g.gid() == number : g.name().equals(arg)) {
        return g.gid();
      }
    }
    if (number == null) {
      throw new ContainerSpecException("unable to find group " + arg + ": "
          + (groups.isPresent() ? "no matching entries in group file " + AccountFiles.GROUP
              + " of the image" : "the image has no " + AccountFiles.GROUP));
    }
    return number;
  }

  /** The number, null for a name, or an error for a number out of runc's range. */
  private static Long numeric(String arg, String what, String spec) {
    if (arg.isEmpty() || !arg.chars().allMatch(Character::isDigit)) {
      if (arg.startsWith("-") && arg.length() > 1
          && arg.substring(1).chars().allMatch(Character::isDigit)) {
        throw new ContainerSpecException(what + " id " + arg + " in \"" + spec
            + "\" is out of range (0 to " + Integer.MAX_VALUE + ")");
      }
      return null;
    }
    Long id = AccountFiles.id(arg);
    if (id == null) {
      throw new ContainerSpecException(what + " id " + arg + " in \"" + spec
          + "\" is out of range (0 to " + Integer.MAX_VALUE + ")");
    }
    return id;
  }
}
