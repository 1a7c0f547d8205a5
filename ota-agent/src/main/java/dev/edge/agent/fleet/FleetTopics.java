package dev.edge.agent.fleet;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fleet's topic tree, {@code edge/v1/<gw>/...}; one instance per gateway. The gateway id is sanitised to
 * letters, digits, '-' and '_' (so it is one topic level, matches a broker's {@code %u}/{@code %c} ACL
 * patterns, and has no wildcard in it).
 */
public final class FleetTopics {
  public static final String ROOT = "edge/v1";
  /** Every gateway's retained state, for {@code edge fleet ls}. */
  public static final String ALL_STATES = ROOT + "/+/state";
  public static final String ALL_BOARDS = ROOT + "/+/boards/+";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String gateway;
  private final String base;

  public FleetTopics(String gatewayId) {
    this.gateway = sanitise(gatewayId);
    this.base = ROOT + "/" + gateway;
  }

  /**
   * The id as it appears in topics: characters other than letters, digits, '-' and '_' become '-', at most 64.
   *
   * @throws IllegalArgumentException for an empty id
   */
  public static String sanitise(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("gateway id: empty; use letters, digits, '-' and '_'");
    }
    String s = id.trim().replaceAll("[^A-Za-z0-9_-]", "-");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  /** Whether {@code id} is already safe as it is (the CLI warns when it had to change one). */
  public static boolean isSafe(String id) {
    return id != null && SAFE.matcher(id).matches();
  }

  /** Whether {@code jobId} may name a job: 1-64 letters, digits, '.', '_' or '-', not starting with a symbol. */
  public static boolean isJobId(String jobId) {
    return jobId != null && JOB_ID.matcher(jobId).matches();
  }

  /** A board name as one topic level: the port's base name, lower-case, unsafe characters replaced. */
  public static String boardLevel(String board) {
    return sanitise(board).toLowerCase(Locale.ROOT);
  }

  public String gateway() {
    return gateway;
  }

  public String state() {
    return base + "/state";
  }

  public String status() {
    return base + "/status";
  }

  public String board(String board) {
    return base + "/boards/" + boardLevel(board);
  }

  /** The agent's command subscription: job documents. */
  public String jobFilter() {
    return base + "/jobs/+";
  }

  public String job(String jobId) {
    return base + "/jobs/" + jobId;
  }

  public String jobStatus(String jobId) {
    return base + "/jobs/" + jobId + "/status";
  }

  /** Every job status of this gateway, for an operator following its jobs. */
  public String jobStatusFilter() {
    return base + "/jobs/+/status";
  }

  public String events() {
    return base + "/events";
  }

  public String rebirth() {
    return base + "/cmd/rebirth";
  }

  /** The job id of a {@link #job} topic of this gateway, if {@code topic} is one. */
  public Optional<String> jobIdOf(String topic) {
    String prefix = base + "/jobs/";
    if (!topic.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = topic.substring(prefix.length());
    return rest.isEmpty() || rest.contains("/") ? Optional.empty() : Optional.of(rest);
  }

  /** The gateway level of any {@code edge/v1/<gw>/...} topic. */
  public static Optional<String> gatewayOf(String topic) {
    String prefix = ROOT + "/";
    if (!topic.startsWith(prefix)) {
      return Optional.empty();
    }
    int end = topic.indexOf('/', prefix.length());
    return Optional.of(end < 0 ? topic.substring(prefix.length()) : topic.substring(prefix.length(), end));
  }
}
