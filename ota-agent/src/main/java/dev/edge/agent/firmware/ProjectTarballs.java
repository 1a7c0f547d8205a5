package dev.edge.agent.firmware;

import dev.edge.agent.artifacts.Artifact;
import dev.edge.agent.artifacts.ArtifactDownloader;
import dev.edge.agent.artifacts.ArtifactException;
import dev.edge.agent.artifacts.SafeUntar;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.unpack.Limits;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Firmware projects that arrive as a tarball ({@code firmware.build} with {@code url} and {@code sha256}):
 * downloaded, checked against the hash, unpacked safely into {@code DIR/<sha256>/} and kept there, so a second
 * build of the same tarball finds its tree (and its build cache) in place. The project is the unpacked tree, or
 * its only top-level directory when the descriptor is there (as in {@code git archive --prefix} and GitHub's
 * tarballs).
 */
public final class ProjectTarballs {
  /** Tarballs bigger than this are refused when the document gives no size. */
  public static final long MAX_TARBALL_BYTES = 256L << 20;
  /** Unpacked trees bigger than this are refused: a source tree, not a toolchain. */
  static final long MAX_UNPACKED_BYTES = 1L << 30;
  static final long MAX_ENTRIES = 100_000;

  private final ArtifactDownloader downloader;
  private final Path projectsDir;
  private final Path downloadDir;
  private final SafeUntar untar = new SafeUntar(Limits.defaults().withMaxUncompressedBytes(MAX_UNPACKED_BYTES)
      .withMaxEntries(MAX_ENTRIES));

  public ProjectTarballs(ArtifactDownloader downloader, Path projectsDir, Path downloadDir) {
    this.downloader = downloader;
    this.projectsDir = projectsDir;
    this.downloadDir = downloadDir;
  }

  /** The project directory holding the tarball's tree, fetched and unpacked unless it is already here. */
  public Path fetch(Artifact tarball, JobProgress progress) throws IOException, InterruptedException {
    Path tree = projectsDir.resolve(tarball.sha256());
    if (Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
      progress.phase("download", "tarball sha256 " + tarball.sha256() + " was unpacked before: " + tree);
      return projectRoot(tree);
    }
    progress.phase("download", "downloading " + tarball.url());
    ArtifactDownloader.Downloaded file = downloader.download(tarball, downloadDir, (done, total) ->
        progress.progress(total > 0 ? (int) Math.min(100, done * 100 / total) : 0, null,
            Map.of("bytes", done)));
    try {
      progress.phase("unpack", "sha256 matches; unpacking into " + tree);
      unpack(file.file(), tree);
    } finally {
      Files.deleteIfExists(file.file());
    }
    return projectRoot(tree);
  }

  /** Unpacks beside {@code tree}, then renames: a crash or a refused entry never leaves half a tree there. */
  void unpack(Path tarball, Path tree) throws IOException {
    Files.createDirectories(projectsDir);
    Path scratch = projectsDir.resolve(".unpack-" + UUID.randomUUID());
    try {
      untar.extract(tarball, scratch);
      try {
        Files.move(scratch, tree, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // the same tarball, unpacked meanwhile by another job: use that one
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("unpacking into " + tree + ": " + e.getMessage(), e);
      }
    } finally {
      if (Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
        FileTrees.delete(scratch);
      }
    }
  }

  /** The unpacked tree, or its only directory when the descriptor is in there instead. */
  static Path projectRoot(Path tree) throws IOException {
    if (Files.isRegularFile(tree.resolve(FirmwareDescriptor.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
      return tree;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tree)) {
      entries.forEach(children::add);
    }
    if (children.size() == 1 && Files.isDirectory(children.get(0), LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(children.get(0).resolve(FirmwareDescriptor.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
      return children.get(0);
    }
    throw new ArtifactException("the tarball holds no " + FirmwareDescriptor.FILE_NAME + " at its top or in"
        + " its only top-level directory");
  }
}
