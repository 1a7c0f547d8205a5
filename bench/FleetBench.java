// bench/fleet's driver, run by the source launcher (not part of any Maven module):
//   java -cp "$(ls edge-cli/target/edge/lib/*.jar | tr '\n' :)" bench/FleetBench.java --broker mqtt://127.0.0.1:PORT
//        --dir DIR [--gateways 200] [--rounds 5] [--pace-ms 2] [--idle-seconds 60] [--timeout-seconds 30]
// N real FleetAgents in this JVM, each with its own Paho connection (client id gw-NNN), state dir and JobEngine;
// an operator client sends them signed jobs and times each from just before its publish to its final status.
// Prints figures; exits 0 when every job ended SUCCEEDED, 1 when some did not (or never reported), 2 on setup.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.fleet.AgentConfig;
import dev.edge.agent.fleet.FleetAgent;
import dev.edge.agent.fleet.FleetKeys;
import dev.edge.agent.fleet.FleetTopics;
import dev.edge.agent.fleet.JobDocuments;
import dev.edge.agent.fleet.JobStatusMessage;
import dev.edge.agent.fleet.SignedJobs;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.mqtt.Backoff;
import dev.edge.agent.mqtt.MqttSettings;
import dev.edge.agent.mqtt.MqttTransport;
import dev.edge.agent.mqtt.PahoTransport;
import dev.edge.agent.status.GatewayFacts;
import dev.edge.agent.status.GatewayJobs;
import dev.edge.runtime.system.HostFacts;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

public class FleetBench {
  static final String NO_OP = "no-op";
  static final String GATEWAY_STATUS = "gateway.status";
  static final double TARGET_P99_MS = 100;

  final String broker;
  final Path dir;
  final int n;
  final int rounds;
  final double paceMs;
  final int idleSeconds;
  final int timeoutSeconds;
  final KeyPair fleetKey = FleetKeys.generate();
  final String keyId = FleetKeys.keyId(fleetKey.getPublic());
  final Map<String, PublicKey> keys = Map.of(keyId, fleetKey.getPublic());
  final AtomicLong seq = new AtomicLong();
  final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  final Thread mainThread = Thread.currentThread();
  Operator operator;
  int deadlocked;
  Stats single;

  FleetBench(Map<String, String> a) {
    if (a.get("broker") == null || a.get("dir") == null) {
      throw new IllegalArgumentException("usage: FleetBench --broker mqtt://HOST:PORT --dir DIR [--gateways N]"
          + " [--rounds R] [--pace-ms MS] [--idle-seconds S] [--timeout-seconds S]");
    }
    broker = a.get("broker");
    dir = Path.of(a.get("dir"));
    n = Integer.parseInt(a.getOrDefault("gateways", "200"));
    rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
    paceMs = Double.parseDouble(a.getOrDefault("pace-ms", "2"));
    idleSeconds = Integer.parseInt(a.getOrDefault("idle-seconds", "60"));
    timeoutSeconds = Integer.parseInt(a.getOrDefault("timeout-seconds", "30"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int rc;
    try {
      rc = new FleetBench(a).run();
    } catch (SetupException e) {
      System.err.println("fleet: " + e.getMessage());
      rc = 2;
    }
    System.out.flush();
    // Paho's and the engines' threads are closed by now; exit even if a straggler is left
    System.exit(rc);
  }

  static final class SetupException extends Exception {
    SetupException(String m) {
      super(m);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  int run() throws Exception {
    Files.createDirectories(dir);
    long benchStart = System.nanoTime();
    operator = new Operator(broker, dir.resolve("operator"));
    say("operator connected to %s; JVM %s, %d CPUs, flags %s", broker, System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));

    warmUp();

    // ---- idle cost ----
    Mem before = Mem.settled();
    say("before the gateways: RSS %d KiB, heap used %d KiB, non-heap %d KiB, %d threads", before.rssKib,
        before.heapKib, before.nonHeapKib, before.threads);
    List<Gateway> gateways = new ArrayList<>();
    long startAll = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      String id = String.format("gw-%03d", i);
      gateways.add(Gateway.start(id, dir.resolve(id), broker, keys));
    }
    long created = System.nanoTime();
    if (!operator.awaitStates(gateways, "online", Duration.ofSeconds(120))) {
      throw new SetupException("not all gateways came online within 120 s: " + operator.notIn(gateways,
          "online").size() + " missing, e.g. " + operator.notIn(gateways, "online").stream().limit(5).toList());
    }
    long online = System.nanoTime();
    say("%d gateways created in %.1f s, all online (retained state) after %.1f s", n, secs(created - startAll),
        secs(online - startAll));
    Mem after = Mem.settled();
    say("after, idle:        RSS %d KiB, heap used %d KiB, non-heap %d KiB, %d threads", after.rssKib,
        after.heapKib, after.nonHeapKib, after.threads);
    double rssPerGw = (after.rssKib - before.rssKib) / (double) n;
    double heapPerGw = (after.heapKib - before.heapKib) / (double) n;
    double threadsPerGw = (after.threads - before.threads) / (double) n;
    say("per gateway: RSS %.0f KiB, heap %.0f KiB, non-heap %.1f KiB, %.1f threads", rssPerGw, heapPerGw,
        (after.nonHeapKib - before.nonHeapKib) / (double) n, threadsPerGw);

    Cpu idle0 = cpu();
    Thread.sleep(idleSeconds * 1000L);
    Cpu idle1 = cpu();
    double idlePct = idle1.minus(idle0).percentPerGateway(n);
    say("idle %d s: process CPU %.2f s, %.4f %% of a core per gateway (operator threads: %.2f s)", idleSeconds,
        idle1.minus(idle0).processSecs(), idlePct, idle1.minus(idle0).operatorSecs());

    // ---- jobs ----
    say("warm-up round: one job per gateway, paced, not counted");
    List<Sent> warm = plan(gateways, 1, "w", 0);
    Phase warmPhase = send(warm, paceMs);
    report("warm-up", warm, warmPhase);

    List<Sent> paced = plan(gateways, rounds, "r", 0);
    say("paced: %d rounds x %d gateways = %d jobs, one every %.1f ms (%.0f/s), alternating %s and %s", rounds, n,
        paced.size(), paceMs, 1000 / paceMs, NO_OP, GATEWAY_STATUS);
    Phase pacedPhase = send(paced, paceMs);
    report("paced", paced, pacedPhase);

    Thread.sleep(2000);
    List<Sent> burst = plan(gateways, 1, "b", 1);
    say("burst: %d jobs, one per gateway, sent as fast as one publishing thread can", burst.size());
    Phase burstPhase = send(burst, 0);
    report("burst", burst, burstPhase);

    Mem afterJobs = Mem.settled();
    say("after the jobs:     RSS %d KiB, heap used %d KiB, non-heap %d KiB, %d threads (per gateway: RSS %.0f KiB,"
        + " heap %.0f KiB, %.1f threads)", afterJobs.rssKib, afterJobs.heapKib, afterJobs.nonHeapKib,
        afterJobs.threads, (afterJobs.rssKib - before.rssKib) / (double) n,
        (afterJobs.heapKib - before.heapKib) / (double) n, (afterJobs.threads - before.threads) / (double) n);

    // ---- close ----
    long closeStart = System.nanoTime();
    ExecutorService closer = Executors.newFixedThreadPool(16);
    List<Future<?>> closing = new ArrayList<>();
    for (Gateway g : gateways) {
      closing.add(closer.submit(() -> {
        g.close();
        return null;
      }));
    }
    int closeErrors = 0;
    for (Future<?> f : closing) {
      try {
        f.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        closeErrors++;
        System.err.println("fleet: closing a gateway: " + e);
      }
    }
    closer.shutdown();
    boolean allOffline = operator.awaitStates(gateways, "offline", Duration.ofSeconds(20));
    long cleanOffline = gateways.stream().filter(g -> operator.cleanOffline(g.id)).count();
    say("closed %d agents in %.1f s (16 at a time): %d published their own offline state%s%s", n,
        secs(System.nanoTime() - closeStart), cleanOffline, allOffline ? "" : ", some never went offline",
        closeErrors == 0 ? "" : ", " + closeErrors + " close errors");

    // ---- summary ----
    Stats ps = Stats.of(pacedPhase.roundTrips());
    Stats bs = Stats.of(burstPhase.roundTrips());
    int sent = paced.size() + burst.size();
    long ok = pacedPhase.succeeded() + burstPhase.succeeded();
    long failed = pacedPhase.failed() + burstPhase.failed();
    long missing = pacedPhase.missing() + burstPhase.missing();
    System.out.println();
    System.out.printf(Locale.ROOT, "fleet: %d gateways, %d jobs paced (%.0f/s, one every %.1f ms; sent at %.0f/s)"
        + " + %d burst (sent in %.0f ms)%n", n, paced.size(), 1000 / paceMs, paceMs, pacedPhase.sendRate(),
        burst.size(), pacedMs(burstPhase.sendNanos));
    System.out.printf(Locale.ROOT, "round trip paced: p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms  (target"
        + " p99 <= %.0f ms: %s)%n", ps.p50, ps.p90, ps.p99, ps.max, TARGET_P99_MS,
        ps.p99 <= TARGET_P99_MS && ps.count == paced.size() ? "met" : "NOT met");
    System.out.printf(Locale.ROOT, "round trip burst: p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n", bs.p50,
        bs.p90, bs.p99, bs.max);
    System.out.printf(Locale.ROOT, "round trip of one agent alone, one job at a time (warm-up): p50 %.1f ms  max %.1f"
        + " ms%n", single.p50, single.max);
    System.out.printf(Locale.ROOT, "memory per gateway: RSS %.0f KiB, heap %.0f KiB, %.1f threads (after the jobs:"
        + " RSS %.0f KiB); CPU idle per gateway: %.4f %% of a core (over %d s)%n", rssPerGw, heapPerGw, threadsPerGw,
        (afterJobs.rssKib - before.rssKib) / (double) n, idlePct, idleSeconds);
    System.out.printf(Locale.ROOT, "CPU under jobs: paced %.3f %% of a core per gateway (%.2f ms CPU per job,"
        + " %.2f ms without the operator), burst %.2f ms CPU per job%n", pacedPhase.cpu.percentPerGateway(n),
        pacedPhase.cpuMsPerJob(), pacedPhase.gatewayCpuMsPerJob(), burstPhase.cpuMsPerJob());
    System.out.printf(Locale.ROOT, "jobs: %d sent, %d SUCCEEDED, %d failed, %d missing (no final status within"
        + " %d s)%s; bench took %.0f s%n", sent, ok, failed, missing, timeoutSeconds, deadlocked == 0 ? ""
        : "; Java-level DEADLOCK in the agents (" + deadlocked + " threads)", secs(System.nanoTime() - benchStart));

    operator.close();
    return failed == 0 && missing == 0 ? 0 : 1;
  }

  /** One agent run end to end, so Paho, Jackson, Ed25519, the engine and the handlers are loaded and compiled. */
  void warmUp() throws Exception {
    ObjectNode doc = job("warm-sign", NO_OP, "gw-warmup");
    long t0 = System.nanoTime();
    byte[] signed = null;
    for (int i = 0; i < 200; i++) {
      signed = SignedJobs.sign(doc, fleetKey.getPrivate(), keyId);
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      SignedJobs.verify(signed, keys);
    }
    long t2 = System.nanoTime();
    Gateway g = Gateway.start("gw-warmup", dir.resolve("gw-warmup"), broker, keys);
    if (!operator.awaitStates(List.of(g), "online", Duration.ofSeconds(20))) {
      throw new SetupException("the warm-up gateway did not come online");
    }
    List<Sent> jobs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String type = i % 2 == 0 ? NO_OP : GATEWAY_STATUS;
      jobs.add(new Sent(String.format("warm-%02d", i), g.id, type, sign(job(String.format("warm-%02d", i), type,
          g.id))));
    }
    // one at a time: a job arriving while the previous one finishes can deadlock the agent (see deadlocks())
    List<double[]> rts = new ArrayList<>();
    long ok = 0;
    for (Sent s : jobs) {
      Phase one = send(List.of(s), 0);
      ok += one.succeeded();
      rts.add(one.roundTrips());
      if (one.succeeded() == 0) {
        deadlocks();
        break;
      }
    }
    double[] all = rts.stream().flatMapToDouble(Arrays::stream).toArray();
    single = Stats.of(all);
    g.close();
    operator.awaitStates(List.of(g), "offline", Duration.ofSeconds(10));
    // the next warm sign/verify, as the gateways see them after compilation
    long t3 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      SignedJobs.verify(signed, keys);
    }
    long t4 = System.nanoTime();
    say("warm-up: one agent, %d/%d jobs SUCCEEDED one after the other (median %.1f ms); Ed25519 sign %.2f ms,"
        + " verify %.2f ms cold, %.2f ms warm (each)", ok, jobs.size(), single.p50, (t1 - t0) / 200e6,
        (t2 - t1) / 200e6, (t4 - t3) / 200e6);
    where(jobs.subList(jobs.size() / 2, jobs.size()));
    if (ok != jobs.size()) {
      throw new SetupException("the warm-up agent did not run its jobs");
    }
  }

  /** Rounds x gateways signed jobs, types alternating by gateway and round, all signed before the clock starts. */
  List<Sent> plan(List<Gateway> gateways, int rounds, String prefix, int typeOffset) {
    List<Sent> jobs = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < gateways.size(); i++) {
        String gw = gateways.get(i).id;
        String type = (r + i + typeOffset) % 2 == 0 ? NO_OP : GATEWAY_STATUS;
        String jobId = prefix + (r + 1) + "-" + gw;
        jobs.add(new Sent(jobId, gw, type, sign(job(jobId, type, gw))));
      }
    }
    return jobs;
  }

  ObjectNode job(String jobId, String type, String gateway) {
    ObjectNode j = Json.mapper().createObjectNode();
    j.put("jobId", jobId);
    j.put("type", type);
    return JobDocuments.complete(j, gateway, Instant.now(), JobDocuments.DEFAULT_LIFETIME, seq.incrementAndGet());
  }

  byte[] sign(ObjectNode doc) {
    return SignedJobs.sign(doc, fleetKey.getPrivate(), keyId);
  }

  /** Publishes {@code jobs} one every {@code paceMs} (0: back to back) and waits for their final statuses. */
  Phase send(List<Sent> jobs, double paceMs) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(jobs.size());
    for (Sent s : jobs) {
      s.done = done;
      operator.jobs.put(s.jobId, s);
    }
    long pace = (long) (paceMs * 1_000_000);
    Cpu c0 = cpu();
    long start = System.nanoTime();
    for (int k = 0; k < jobs.size(); k++) {
      long due = start + k * pace;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      Sent s = jobs.get(k);
      s.sentMicros = epochMicros(Instant.now());
      s.sentNanos = System.nanoTime();
      try {
        operator.transport.publish(FleetTopicsFor.job(s.gateway, s.jobId), s.message, 1, false);
      } catch (IOException e) {
        s.sendError = e.getMessage();
        done.countDown();
      }
      s.publishedNanos = System.nanoTime();
    }
    long lastSent = System.nanoTime();
    done.await(lastSent + TimeUnit.SECONDS.toNanos(timeoutSeconds) - System.nanoTime(), TimeUnit.NANOSECONDS);
    // the CPU window ends when the last final status arrived, or at the deadline
    Cpu c1 = cpu();
    return new Phase(jobs, timeoutSeconds, lastSent - start, c1.minus(c0));
  }

  void report(String name, List<Sent> jobs, Phase p) {
    Stats s = Stats.of(p.roundTrips());
    say("%s: %d jobs sent in %.0f ms; %d SUCCEEDED, %d failed, %d missing; round trip p50 %.1f  p90 %.1f  p99 %.1f"
        + "  max %.1f ms", name, jobs.size(), pacedMs(p.sendNanos), p.succeeded(), p.failed(), p.missing(),
        s.p50, s.p90, s.p99, s.max);
    if (p.missing() > 0) {
      deadlocks();
    }
    if (p.failed() > 0 || p.missing() > 0) {
      jobs.stream().filter(j -> !j.succeeded(timeoutSeconds)).limit(5).forEach(j -> say("  %s on %s: %s", j.jobId,
          j.gateway, j.sendError != null ? "not sent: " + j.sendError : j.finalState == null ? "no final status"
              + " (saw " + j.states + ")" : j.finalState + " " + (j.error == null ? "" : j.error)));
    }
    for (String type : List.of(NO_OP, GATEWAY_STATUS)) {
      Stats t = Stats.of(jobs.stream().filter(j -> j.type.equals(type) && j.succeeded(timeoutSeconds))
          .mapToDouble(Sent::roundTripMs).toArray());
      say("  %-14s p50 %.1f  p99 %.1f ms (%d)", type, t.p50, t.p99, t.count);
    }
    where(jobs);
    say("  CPU: %.2f s process over %.2f s (%.3f %% of a core per gateway), %.2f ms per job, %.2f ms per job"
        + " without the operator's threads", p.cpu.processSecs(), p.cpu.wallNanos / 1e9, p.cpu.percentPerGateway(n),
        p.cpuMsPerJob(), p.gatewayCpuMsPerJob());
  }

  /** Where the time goes, from the status messages' own timestamps (the same clock: one JVM). */
  void where(List<Sent> jobs) {
    List<Sent> ok = jobs.stream().filter(j -> j.succeeded(timeoutSeconds) && j.queuedMicros > 0
        && j.runningMicros > 0 && j.succeededMicros > 0).toList();
    if (!ok.isEmpty()) {
      say("  where the time goes (p50 / p99 ms): operator publish() %s | to QUEUED made (broker, admission: verify,"
          + " replay.json, job record) %s | to IN_PROGRESS made %s | to SUCCEEDED made (job record, handler) %s |"
          + " SUCCEEDED made to received (publish thread, Paho, broker) %s",
          seg(ok, j -> (j.publishedNanos - j.sentNanos) / 1e6),
          seg(ok, j -> (j.queuedMicros - j.sentMicros) / 1e3),
          seg(ok, j -> (j.runningMicros - j.queuedMicros) / 1e3),
          seg(ok, j -> (j.succeededMicros - j.runningMicros) / 1e3),
          seg(ok, j -> (j.finalMicros - j.succeededMicros) / 1e3));
    }
  }

  /** Names the threads of a Java-level deadlock, if there is one (a missing job's usual cause). */
  void deadlocks() {
    long[] ids = threads.findDeadlockedThreads();
    if (ids == null) {
      say("  no Java-level deadlock");
      return;
    }
    deadlocked = ids.length;
    var infos = threads.getThreadInfo(ids, true, true);
    say("  DEADLOCK: %d threads, e.g.:", ids.length);
    for (int i = 0; i < Math.min(4, infos.length); i++) {
      var t = infos[i];
      String top = String.join(" < ", Arrays.stream(t.getStackTrace()).filter(e -> e.getClassName()
          .startsWith("dev.edge")).limit(3).map(e -> e.getClassName().replaceFirst(".*\\.", "") + "."
          + e.getMethodName() + ":" + e.getLineNumber()).toList());
      say("    %s waits for %s held by %s, at %s", t.getThreadName(), t.getLockName(), t.getLockOwnerName(), top);
    }
  }

  static String seg(List<Sent> jobs, java.util.function.ToDoubleFunction<Sent> f) {
    Stats s = Stats.of(jobs.stream().mapToDouble(f).toArray());
    return String.format(Locale.ROOT, "%.1f / %.1f", s.p50, s.p99);
  }

  Cpu cpu() {
    long operatorNanos = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t == mainThread || t.getName().endsWith(": operator")) {
        long c = threads.getThreadCpuTime(t.getId());
        operatorNanos += Math.max(0, c);
      }
    }
    return new Cpu(os.getProcessCpuTime(), operatorNanos, System.nanoTime());
  }

  static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  static double secs(long nanos) {
    return nanos / 1e9;
  }

  static double pacedMs(long nanos) {
    return nanos / 1e6;
  }

  static long epochMicros(Instant i) {
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
  }
}

/** Topic names for any gateway, from the agent's own FleetTopics. */
final class FleetTopicsFor {
  private static final Map<String, FleetTopics> TOPICS = new ConcurrentHashMap<>();

  static String job(String gateway, String jobId) {
    return TOPICS.computeIfAbsent(gateway, FleetTopics::new).job(jobId);
  }
}

/** One simulated gateway: the daemon's layout (agent state, its Paho dir inside, jobs) under its own directory. */
final class Gateway {
  final String id;
  final JobEngine engine;
  final FleetAgent agent;

  private Gateway(String id, JobEngine engine, FleetAgent agent) {
    this.id = id;
    this.engine = engine;
    this.agent = agent;
  }

  static Gateway start(String id, Path dir, String broker, Map<String, PublicKey> keys) throws IOException {
    JobEngine engine = new JobEngine(dir.resolve("jobs"));
    GatewayJobs.handlers(new GatewayFacts(HostFacts::read, List::of, List::of, List::of))
        .forEach(engine::register);
    Path state = dir.resolve("agent");
    // as the daemon (FleetAgentOptions) creates them
    PahoTransport transport = PahoTransport.create(MqttSettings.of(broker), id, state.resolve("mqtt"),
        FleetAgent.will(id), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), new Random()), true);
    FleetAgent agent = new FleetAgent(new AgentConfig(id, keys, state, AgentConfig.DEFAULT_HEARTBEAT,
        AgentConfig.DEFAULT_OUTBOX_LIMIT, false), transport, engine, Facts.SUPPLIER);
    agent.start();
    engine.resume();
    return new Gateway(id, engine, agent);
  }

  void close() throws IOException {
    agent.close();
    engine.close();
  }
}

final class Facts {
  static final Map<String, Object> STATIC = Map.of("version", "fleet-bench", "os", System.getProperty("os.name")
      + " " + System.getProperty("os.arch"), "java", System.getProperty("java.version"));
  static final Supplier<Map<String, Object>> SUPPLIER = () -> STATIC;
}


/** The operator: a clean-session Paho client following every gateway's state and job statuses. */
final class Operator implements AutoCloseable {
  final PahoTransport transport;
  final Map<String, JsonNode> states = new ConcurrentHashMap<>();
  final Map<String, Sent> jobs = new ConcurrentHashMap<>();
  final AtomicLong unexpected = new AtomicLong();

  Operator(String broker, Path dir) throws Exception {
    transport = PahoTransport.create(MqttSettings.of(broker), "operator", dir, null,
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random()), false);
    transport.subscribe(FleetTopics.ALL_STATES, 1, this::state);
    transport.subscribe(FleetTopics.ROOT + "/+/jobs/+/status", 1, this::status);
    CountDownLatch up = new CountDownLatch(1);
    transport.start(new MqttTransport.ConnectionListener() {
      @Override
      public void connected(boolean reconnect) {
        up.countDown();
      }

      @Override
      public void lost(Throwable cause) {
        System.err.println("fleet: the operator lost its connection: " + cause);
      }
    });
    if (!up.await(15, TimeUnit.SECONDS)) {
      throw new FleetBench.SetupException("the operator could not connect to " + broker);
    }
  }

  private void state(String topic, byte[] payload) {
    if (payload.length == 0) {
      return;
    }
    try {
      JsonNode s = Json.mapper().readTree(payload);
      FleetTopics.gatewayOf(topic).ifPresent(gw -> states.put(gw, s));
    } catch (IOException e) {
      System.err.println("fleet: unreadable state on " + topic);
    }
  }

  private void status(String topic, byte[] payload) {
    long now = System.nanoTime();
    long nowMicros = FleetBench.epochMicros(Instant.now());
    JobStatusMessage m;
    try {
      m = Json.mapper().readValue(payload, JobStatusMessage.class);
    } catch (IOException e) {
      unexpected.incrementAndGet();
      return;
    }
    Sent s = jobs.get(m.jobId());
    if (s == null) {
      unexpected.incrementAndGet();
      return;
    }
    s.status(m, now, nowMicros);
  }

  boolean awaitStates(List<Gateway> gateways, String state, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (notIn(gateways, state).isEmpty()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  List<String> notIn(List<Gateway> gateways, String state) {
    return gateways.stream().map(g -> g.id).filter(id -> {
      JsonNode s = states.get(id);
      return s == null || !state.equals(s.path("state").asText());
    }).toList();
  }

  /** Offline by the agent's own close (it adds a time), not by the broker's Last Will (which has none). */
  boolean cleanOffline(String gateway) {
    JsonNode s = states.get(gateway);
    return s != null && "offline".equals(s.path("state").asText()) && s.has("time");
  }

  @Override
  public void close() throws IOException {
    transport.close();
  }
}

/** One job as sent, and what came back for it. */
final class Sent {
  final String jobId;
  final String gateway;
  final String type;
  final byte[] message;
  CountDownLatch done;
  long sentNanos;
  long sentMicros;
  long publishedNanos;
  String sendError;
  final List<String> states = new ArrayList<>();
  long queuedMicros;
  long runningMicros;
  long succeededMicros;
  volatile long finalNanos;
  long finalMicros;
  volatile String finalState;
  String error;

  Sent(String jobId, String gateway, String type, byte[] message) {
    this.jobId = jobId;
    this.gateway = gateway;
    this.type = type;
    this.message = message;
  }

  synchronized void status(JobStatusMessage m, long nanos, long micros) {
    states.add(m.state());
    long made = m.time() == null ? 0 : FleetBench.epochMicros(Instant.parse(m.time()));
    switch (m.state()) {
      case "QUEUED" -> queuedMicros = made;
      case "IN_PROGRESS" -> runningMicros = made;
      case "SUCCEEDED" -> succeededMicros = made;
      default -> { }
    }
    if (m.isFinal() && finalState == null) {
      finalMicros = micros;
      error = m.error();
      finalState = m.state();
      finalNanos = nanos;
      done.countDown();
    }
  }

  double roundTripMs() {
    return (finalNanos - sentNanos) / 1e6;
  }

  boolean succeeded(int timeoutSeconds) {
    return "SUCCEEDED".equals(finalState) && roundTripMs() <= timeoutSeconds * 1000.0;
  }
}

/** One batch of jobs: how they ended, and the CPU it took. */
final class Phase {
  final List<Sent> jobs;
  final int timeoutSeconds;
  final long sendNanos;
  final Cpu cpu;

  Phase(List<Sent> jobs, int timeoutSeconds, long sendNanos, Cpu cpu) {
    this.jobs = jobs;
    this.timeoutSeconds = timeoutSeconds;
    this.sendNanos = sendNanos;
    this.cpu = cpu;
  }

  double[] roundTrips() {
    return jobs.stream().filter(j -> j.succeeded(timeoutSeconds)).mapToDouble(Sent::roundTripMs).toArray();
  }

  long succeeded() {
    return jobs.stream().filter(j -> j.succeeded(timeoutSeconds)).count();
  }

  /** Ended in another final state (FAILED, REJECTED, ...), or not sent. */
  long failed() {
    return jobs.stream().filter(j -> j.sendError != null || (j.finalState != null
        && !"SUCCEEDED".equals(j.finalState))).count();
  }

  /** No final status within the timeout. */
  long missing() {
    return jobs.stream().filter(j -> j.sendError == null && (j.finalState == null
        || ("SUCCEEDED".equals(j.finalState) && !j.succeeded(timeoutSeconds)))).count();
  }

  double sendRate() {
    return jobs.size() > 1 ? (jobs.size() - 1) / ((jobs.get(jobs.size() - 1).sentNanos - jobs.get(0).sentNanos)
        / 1e9) : 0;
  }

  double cpuMsPerJob() {
    return cpu.processNanos / 1e6 / jobs.size();
  }

  double gatewayCpuMsPerJob() {
    return (cpu.processNanos - cpu.operatorNanos) / 1e6 / jobs.size();
  }
}

/** Process CPU time, the part of it on the operator's threads (and main), and when. */
final class Cpu {
  final long processNanos;
  final long operatorNanos;
  final long wallNanos;

  Cpu(long processNanos, long operatorNanos, long wallNanos) {
    this.processNanos = processNanos;
    this.operatorNanos = operatorNanos;
    this.wallNanos = wallNanos;
  }

  Cpu minus(Cpu o) {
    return new Cpu(processNanos - o.processNanos, operatorNanos - o.operatorNanos, wallNanos - o.wallNanos);
  }

  double processSecs() {
    return processNanos / 1e9;
  }

  double operatorSecs() {
    return operatorNanos / 1e9;
  }

  /** Process CPU over the wall time, shared out over {@code n} gateways, as a percentage of one core. */
  double percentPerGateway(int n) {
    return 100.0 * processNanos / wallNanos / n;
  }
}

/** The process's memory once a full collection has run and things settled. */
final class Mem {
  final long rssKib;
  final long heapKib;
  final long nonHeapKib;
  final int threads;

  private Mem(long rssKib, long heapKib, long nonHeapKib, int threads) {
    this.rssKib = rssKib;
    this.heapKib = heapKib;
    this.nonHeapKib = nonHeapKib;
    this.threads = threads;
  }

  static Mem settled() throws Exception {
    System.gc();
    Thread.sleep(1000);
    System.gc();
    Thread.sleep(500);
    var mem = ManagementFactory.getMemoryMXBean();
    return new Mem(rssKib(), mem.getHeapMemoryUsage().getUsed() / 1024, mem.getNonHeapMemoryUsage().getUsed()
        / 1024, ManagementFactory.getThreadMXBean().getThreadCount());
  }

  static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}

/** Nearest-rank percentiles of milliseconds. */
final class Stats {
  final int count;
  final double p50;
  final double p90;
  final double p99;
  final double max;

  private Stats(int count, double p50, double p90, double p99, double max) {
    this.count = count;
    this.p50 = p50;
    this.p90 = p90;
    this.p99 = p99;
    this.max = max;
  }

  static Stats of(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    if (v.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Stats(v.length, rank(v, 50), rank(v, 90), rank(v, 99), v[v.length - 1]);
  }

  private static double rank(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
