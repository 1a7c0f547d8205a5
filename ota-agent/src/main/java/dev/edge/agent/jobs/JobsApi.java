package dev.edge.agent.jobs;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.JsonStream;
import dev.edge.runtime.api.Router;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The job endpoints: {@code POST /edge/v1/jobs} (a job document; 201 with the job), {@code GET /edge/v1/jobs},
 * {@code GET /edge/v1/jobs/{id}} and {@code GET /edge/v1/jobs/{id}/log?since=SEQ&follow=1}: the progress log as
 * one JSON event per line; when following, the stream ends once the job is done, with a last line
 * {@code {"kind": "end", "job": summary}}.
 */
public final class JobsApi implements ApiModule {
  public static final String PATH = "/edge/v1/jobs";
  /** How long a follower waits for an event before it sends a heartbeat, which finds clients that left. */
  static final long HEARTBEAT_MILLIS = 15_000;

  private final JobEngine engine;

  public JobsApi(JobEngine engine) {
    this.engine = engine;
  }

  @Override
  public void register(Router router) {
    router.post(PATH, this::submit);
    router.get(PATH, this::list);
    router.get(PATH + "/{id}", this::get);
    router.get(PATH + "/{id}/log", this::log);
  }

  private void submit(ApiExchange exchange) throws IOException {
    Job job;
    try {
      job = engine.submit(exchange.readJsonTree());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    exchange.json(201, job.summary());
  }

  private void list(ApiExchange exchange) throws IOException {
    List<Map<String, Object>> jobs = engine.list().stream().map(Job::summary).toList();
    exchange.json(200, jobs);
  }

  private void get(ApiExchange exchange) throws IOException {
    exchange.json(200, job(exchange).summary());
  }

  private void log(ApiExchange exchange) throws IOException {
    Job job = job(exchange);
    long since = exchange.query("since").map(JobsApi::parseSeq).orElse(0L);
    boolean follow = exchange.queryFlag("follow");
    JsonStream stream = exchange.jsonStream(200);
    long last = since;
    try {
      while (true) {
        List<JobEvent> events = job.eventsAfter(last, follow ? HEARTBEAT_MILLIS : 0);
        for (JobEvent e : events) {
          stream.write(e);
          last = e.seq();
        }
        if (!follow) {
          return;
        }
        if (job.state().done() && job.eventsAfter(last, 0).isEmpty()) {
          stream.write(Map.of("kind", "end", "job", job.summary()));
          return;
        }
        if (events.isEmpty()) {
          stream.heartbeat();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // the job carries on; its log stays readable
    }
  }

  private Job job(ApiExchange exchange) {
    String id = exchange.pathParam("id");
    return engine.find(id).orElseThrow(() -> ApiException.notFound("no such job: " + id));
  }

  private static long parseSeq(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("since=" + text + ": expected an event number");
    }
  }
}
