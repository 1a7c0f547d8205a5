package dev.edge.agent.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The digest of a project's sources: every file that is not ignored, in sorted path order, as one line
 * {@code <kind> <sha256> <path>} each ({@code f} file, {@code x} executable file, {@code l} symbolic link,
 * hashed by its target), hashed again. {@code .gitignore} files inside the project are honoured as git does
 * (a deeper file overrides a higher one; an ignored directory is not entered); {@code .git/} and the paths
 * given as excluded (edge's own output directory, the declared outputs) never count. File times, owners and
 * the project's location do not enter the digest, so two checkouts of the same sources agree.
 */
public final class SourceTree {
  private static final String GITIGNORE = ".gitignore";

  /**
   * @param digest {@code sha256:<hex>} of the listing
   * @param files how many files were hashed
   * @param newestMillis the newest modification time among them (0 when there are none)
   * @param listing the lines that were hashed, for diagnosing a changed digest
   */
  public record Digest(String digest, int files, long newestMillis, List<String> listing) {
    public Digest {
      listing = List.copyOf(listing);
    }
  }

  /** A .gitignore in force and the directory it belongs to ("" for the root). */
  private record Scope(String base, GitIgnore rules) {}

  private final Path root;
  private final Set<String> excluded;
  private final List<String> listing = new ArrayList<>();
  private long newest;

  private SourceTree(Path root, Set<String> excluded) {
    this.root = root;
    this.excluded = excluded;
  }

  /** @param excluded project-relative paths ('/'-separated) left out with everything under them */
  public static Digest digest(Path root, Set<String> excluded) throws IOException {
    SourceTree tree = new SourceTree(root, excluded);
    tree.walk(root, "", new ArrayList<>());
    MessageDigest sha = sha256();
    for (String line : tree.listing) {
      sha.update(line.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return new Digest("sha256:" + HexFormat.of().formatHex(sha.digest()), tree.listing.size(), tree.newest,
        tree.listing);
  }

  private void walk(Path dir, String relative, List<Scope> scopes) throws IOException {
    List<Scope> here = scopes;
    Path ignoreFile = dir.resolve(GITIGNORE);
    if (Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS)) {
      here = new ArrayList<>(scopes);
      here.add(new Scope(relative, GitIgnore.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8))));
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(children::add);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path child : children) {
      String name = child.getFileName().toString();
      String path = relative.isEmpty() ? name : relative + "/" + name;
      BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (name.equals(".git") || excluded.contains(path) || ignored(here, path, attrs.isDirectory())) {
        continue;
      }
      if (attrs.isDirectory()) {
        walk(child, path, here);
      } else if (attrs.isSymbolicLink()) {
        String target = Files.readSymbolicLink(child).toString();
        listing.add("l " + hex(target.getBytes(StandardCharsets.UTF_8)) + " " + path);
      } else if (attrs.isRegularFile()) {
        boolean executable = Files.getPosixFilePermissions(child, LinkOption.NOFOLLOW_LINKS)
            .contains(PosixFilePermission.OWNER_EXECUTE);
        listing.add((executable ? "x " : "f ") + hashFile(child) + " " + path);
        newest = Math.max(newest, attrs.lastModifiedTime().toMillis());
      }
    }
  }

  private static boolean ignored(List<Scope> scopes, String path, boolean directory) {
    Boolean decision = null;
    for (Scope s : scopes) {
      String inScope = s.base().isEmpty() ? path : path.substring(s.base().length() + 1);
      Boolean d = s.rules().decide(inScope, directory);
      if (d != null) {
        decision = d;
      }
    }
    return Boolean.TRUE.equals(decision);
  }

  private static String hashFile(Path file) throws IOException {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
