package dev.edge.agent.images;

import dev.edge.runtime.distribution.Progress;
import dev.edge.runtime.distribution.PullService;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.store.ImageRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pulls of one image (reference and platform) that overlap share one transfer. {@link PullService} alone shares
 * only layer downloads: a second pull waits for a layer another one is fetching, but fetches manifest and config
 * again, and fails outright when the other holds the config's ingest. Here the first job starts the pull on a
 * thread of its own and later jobs follow it; a job that is canceled leaves, and the transfer stops only when
 * no job follows it any more.
 */
public final class SharedPulls implements AutoCloseable {
  /** The pull itself: resolve, tell the tally the layers, fetch. The daemon's is {@link #of(PullService)}. */
  @FunctionalInterface
  public interface Puller {
    ImageRecord pull(Reference ref, Optional<Platform> platform, Tally tally) throws IOException,
        InterruptedException;
  }

  /** Where a puller reports: the layers to expect, then the pull's own messages. */
  public interface Tally extends Progress {
    void expect(List<Descriptor> layers);
  }

  /** Hears how the shared transfer goes. */
  @FunctionalInterface
  public interface Follower {
    void update(int percent, String message, long doneBytes, long totalBytes);
  }

  /** A finished pull, and whether this caller joined one that was already running. */
  public record Outcome(ImageRecord image, boolean joined) {}

  private final Puller puller;
  private final Map<String, Transfer> transfers = new HashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "image-pull");
    t.setDaemon(true);
    return t;
  });

  public SharedPulls(Puller puller) {
    this.puller = puller;
  }

  /** Pulls through the daemon's pull service, with the daemon's stored registry credentials. */
  public static SharedPulls of(PullService pulls) {
    return new SharedPulls((ref, platform, tally) -> {
      PullService.Resolved resolved = pulls.resolve(ref, platform, Optional.empty());
      tally.expect(resolved.layers());
      return pulls.pull(resolved, tally);
    });
  }

  /** One pull in flight and the jobs that follow it. */
  private static final class Transfer {
    final List<Follower> followers = new CopyOnWriteArrayList<>();
    final CompletableFuture<ImageRecord> result = new CompletableFuture<>();
    final PullTally tally = new PullTally((p, m, d, t) -> followers.forEach(f -> f.update(p, m, d, t)));
    /** The thread pulling, once it runs. */
    Thread worker;
    /** Every follower left and the worker was interrupted: nobody may join it any more. */
    boolean abandoned;
  }

  /**
   * Pulls {@code ref}, or follows the pull of it already running.
   *
   * @throws InterruptedException when this caller is canceled; the transfer goes on for the others
   */
  public Outcome pull(Reference ref, Optional<Platform> platform, Follower follower) throws IOException,
      InterruptedException {
    String key = ref + "|" + platform.map(Platform::toString).orElse("");
    while (true) {
      Transfer t;
      boolean joined;
      boolean abandoned;
      synchronized (this) {
        t = transfers.get(key);
        joined = t != null && !t.abandoned;
        if (t == null) {
          t = start(key, ref, platform);
        }
        abandoned = t.abandoned;
        if (!abandoned) {
          t.followers.add(follower);
        }
      }
      if (abandoned) {
        awaitEnd(t); // its layer downloads still hold their ingests; start over once they let go
        continue;
      }
      if (joined) {
        follower.update(t.tally.percent(), "joined the pull of " + ref.familiar() + " already running", 0, 0);
      }
      try {
        return new Outcome(t.result.get(), joined);
      } catch (InterruptedException e) {
        leave(t, follower);
        throw e;
      } catch (ExecutionException e) {
        throw unwrap(ref, e.getCause());
      } finally {
        t.followers.remove(follower);
      }
    }
  }

  private Transfer start(String key, Reference ref, Optional<Platform> platform) {
    Transfer t = new Transfer();
    transfers.put(key, t);
    threads.execute(() -> {
      synchronized (SharedPulls.this) {
        if (t.abandoned) {
          transfers.remove(key, t);
          t.result.completeExceptionally(new InterruptedException("nobody waits for the pull any more"));
          return;
        }
        t.worker = Thread.currentThread();
      }
      ImageRecord record = null;
      Throwable failure = null;
      try {
        record = puller.pull(ref, platform, new Tally() {
          @Override
          public void expect(List<Descriptor> layers) {
            t.tally.expect(layers);
          }

          @Override
          public void report(Map<String, Object> message) {
            t.tally.report(message);
          }
        });
      } catch (Throwable e) {
        failure = e;
      }
      synchronized (SharedPulls.this) {
        transfers.remove(key, t);
        t.worker = null;
        Thread.interrupted(); // an abandoned pull's interrupt stays with it, not with the pool's next task
      }
      if (failure != null) {
        t.result.completeExceptionally(failure);
      } else {
        t.result.complete(record);
      }
    });
    return t;
  }

  private synchronized void leave(Transfer t, Follower follower) {
    t.followers.remove(follower);
    if (t.followers.isEmpty() && !t.result.isDone()) {
      t.abandoned = true;
      if (t.worker != null) {
        t.worker.interrupt();
      }
    }
  }

  private static void awaitEnd(Transfer t) throws InterruptedException {
    try {
      t.result.get();
    } catch (ExecutionException e) {
      // the abandoned pull's own end; ours starts now
    }
  }

  private static IOException unwrap(Reference ref, Throwable cause) {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof InterruptedException) {
      return new IOException("pull " + ref.familiar() + " was interrupted");
    }
    return new IOException("pull " + ref.familiar() + ": " + cause, cause);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
