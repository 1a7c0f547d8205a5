package dev.edge.runtime.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Named network namespaces, one per container, made the way iproute2's {@code ip netns add}
 * makes them (so {@code ip netns list/exec} see them) but without launching a process: a
 * thread unshares its network namespace, bind-mounts it to /run/netns/PREFIX&lt;id&gt; and
 * returns to the host's. /run/netns is a shared mount, so removing the bind mount also
 * releases it in mount namespaces (containers) that copied it.
 */
final class NetworkNamespaces {
  static final Path NETNS_DIR = Path.of("/run/netns");
  private static final String THREAD_NETNS = "/proc/thread-self/ns/net";

  private final String prefix;

  NetworkNamespaces(String prefix) {
    this.prefix = prefix;
  }

  Path path(String containerId) {
    return NETNS_DIR.resolve(prefix + containerId);
  }

  boolean exists(String containerId) {
    return Files.exists(path(containerId));
  }

  /**
   * Whether a namespace is mounted there, not just a file left by a create that died between
   * making the file and binding the namespace onto it.
   */
  boolean isMounted(String containerId) {
    try {
      return Files.getFileStore(path(containerId)).type().equals("nsfs");
    } catch (IOException e) {
      return false;
    }
  }

  Path create(String containerId) throws NetworkException {
    Path path = path(containerId);
    try {
      shareRunDir();
      Files.createFile(path);
    } catch (FileAlreadyExistsException e) {
      throw new NetworkException("create network namespace " + path + ": it already exists");
    } catch (IOException | LastErrorException e) {
      throw failure("create network namespace " + path, e);
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // A thread of its own: unshare moves only the calling thread, which then moves back.
    Thread maker = new Thread(() -> {
      try {
        bindNewNamespace(path);
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "edge-netns");
    maker.start();
    // It takes microseconds; leaving early on interrupt could leave a mount nobody records.
    joinUninterruptibly(maker);
    if (failure.get() != null) {
      NetworkException e = failure("create network namespace " + path, failure.get());
      try {
        delete(containerId);
      } catch (NetworkException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return path;
  }

  /** Unmounts and removes the namespace if it is there; its links (the veth) go with it. */
  void delete(String containerId) throws NetworkException {
    Path path = path(containerId);
    try {
      NetnsSyscalls.LIBC.umount2(path.toString(), NetnsSyscalls.MNT_DETACH);
    } catch (LastErrorException e) {
      // not mounted (a half-made namespace) or already gone: only the file may remain
      if (e.getErrorCode() != NetnsSyscalls.EINVAL && e.getErrorCode() != NetnsSyscalls.ENOENT) {
        throw failure("remove network namespace " + path, e);
      }
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw failure("remove network namespace " + path, e);
    }
  }

  /** The container IDs of the namespaces with this prefix. */
  Set<String> list() throws NetworkException {
    Set<String> ids = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(NETNS_DIR, prefix + "*")) {
      for (Path entry : entries) {
        ids.add(entry.getFileName().toString().substring(prefix.length()));
      }
    } catch (NoSuchFileException e) {
      return ids;
    } catch (IOException e) {
      throw failure("list network namespaces in " + NETNS_DIR, e);
    }
    return ids;
  }

  private static void bindNewNamespace(Path path) {
    NetnsSyscalls libc = NetnsSyscalls.LIBC;
    int host = libc.open(THREAD_NETNS, NetnsSyscalls.O_RDONLY | NetnsSyscalls.O_CLOEXEC);
    try {
      libc.unshare(NetnsSyscalls.CLONE_NEWNET);
      try {
        libc.mount(THREAD_NETNS, path.toString(), "none",
            new NativeLong(NetnsSyscalls.MS_BIND), null);
      } finally {
        libc.setns(host, NetnsSyscalls.CLONE_NEWNET);
      }
    } finally {
      libc.close(host);
    }
  }

  /** As iproute2 does: /run/netns made a mount point of its own and marked shared. */
  private static void shareRunDir() throws IOException {
    Files.createDirectories(NETNS_DIR);
    try {
      makeShared();
    } catch (LastErrorException e) {
      if (e.getErrorCode() != NetnsSyscalls.EINVAL) {
        throw e;
      }
      // EINVAL: not a mount point yet
      NetnsSyscalls.LIBC.mount(NETNS_DIR.toString(), NETNS_DIR.toString(), "none",
          new NativeLong(NetnsSyscalls.MS_BIND | NetnsSyscalls.MS_REC), null);
      makeShared();
    }
  }

  private static void makeShared() {
    NetnsSyscalls.LIBC.mount("none", NETNS_DIR.toString(), null,
        new NativeLong(NetnsSyscalls.MS_SHARED | NetnsSyscalls.MS_REC), null);
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static NetworkException failure(String action, Throwable cause) {
    String reason;
    if (cause instanceof LastErrorException errno) {
      reason = NetnsSyscalls.LIBC.strerror(errno.getErrorCode()).toLowerCase(Locale.ROOT);
    } else if (cause instanceof IOException io) {
      reason = IoErrors.describe(io);
    } else {
      reason = String.valueOf(cause);
    }
    return new NetworkException(action + ": " + reason, cause);
  }
}
