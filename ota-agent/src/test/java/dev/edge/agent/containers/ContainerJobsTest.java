package dev.edge.agent.containers;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobState;
import dev.edge.runtime.container.CreateRequest;
import dev.edge.runtime.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container jobs' documents; running them against real containers is FleetJobsIntegrationTest's. */
class ContainerJobsTest {
  @TempDir Path dir;
  private JobEngine engine;

  @BeforeEach
  void start() throws Exception {
    engine = new JobEngine(dir);
    new ContainerJobs(Optional.empty()).handlers().forEach(engine::register);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private String refusal(String json) {
    return assertThrows(IllegalArgumentException.class, () -> engine.submit(doc(json))).getMessage();
  }

  @Test
  void aRunDocumentBecomesDockersCreateBody() throws Exception {
    ContainerRunRequest r = ContainerRunRequest.parse(doc("{'image':'alpine:3.19','name':'probe','cmd':['sh','-c',"
        + "'echo hi'],'env':{'A':'1','B':2,'C':true},'binds':['/data:/data:ro','/run/x:/x'],'detach':false,"
        + "'autoRemove':true,'network':'host','jobId':'j','expiresAt':'x'}"));
    assertEquals("probe", r.name());
    assertEquals(false, r.detach());
    CreateRequest create = CreateRequest.fromJson(Json.mapper().valueToTree(r.createBody("job-7")));
    assertEquals("alpine:3.19", create.config().image());
    assertEquals("job-7", create.config().labels().get(ContainerJobs.JOB_LABEL), "labelled with its job");
    assertEquals(List.of("sh", "-c", "echo hi"), create.config().cmd());
    assertEquals(List.of("A=1", "B=2", "C=true"), create.config().env());
    assertEquals(List.of("/data:/data:ro", "/run/x:/x"), create.hostConfig().binds());
    assertEquals("host", create.hostConfig().networkMode());
    // a run that is waited for removes its container itself, after reading the exit code and the log
    assertEquals(false, create.hostConfig().autoRemove());
    ContainerRunRequest detached = ContainerRunRequest.parse(doc("{'image':'alpine','autoRemove':true}"));
    assertEquals(true, CreateRequest.fromJson(Json.mapper().valueToTree(detached.createBody(null))).hostConfig()
        .autoRemove());
    assertNull(CreateRequest.fromJson(Json.mapper().valueToTree(detached.createBody(null))).config().cmd());
    assertEquals("bridge", detached.network());
  }

  @Test
  void badRunFieldsAreNamed() {
    assertTrue(refusal("{'type':'container.run'}").startsWith("image: missing"));
    assertTrue(refusal("{'type':'container.run','image':'UPPER'}").startsWith("image: "));
    assertTrue(refusal("{'type':'container.run','image':'a','name':'-bad'}").startsWith("name: "));
    assertTrue(refusal("{'type':'container.run','image':'a','cmd':'echo hi'}").startsWith("cmd: "));
    assertTrue(refusal("{'type':'container.run','image':'a','cmd':[1]}").startsWith("cmd: "));
    assertTrue(refusal("{'type':'container.run','image':'a','env':['A=1']}").startsWith("env: "));
    assertTrue(refusal("{'type':'container.run','image':'a','env':{'A=B':'1'}}").startsWith("env: "));
    assertTrue(refusal("{'type':'container.run','image':'a','env':{'A':{'x':1}}}").startsWith("env: "));
    assertTrue(refusal("{'type':'container.run','image':'a','binds':['data:/data']}").startsWith("binds: "));
    assertTrue(refusal("{'type':'container.run','image':'a','binds':['/d:/d:rx']}").startsWith("binds: "));
    assertTrue(refusal("{'type':'container.run','image':'a','detach':'no'}").startsWith("detach: "));
    assertTrue(refusal("{'type':'container.run','image':'a','autoRemove':1}").startsWith("autoRemove: "));
    assertTrue(refusal("{'type':'container.run','image':'a','network':'macvlan'}").startsWith("network: "));
  }

  @Test
  void badStopAndRemoveFieldsAreNamed() {
    assertTrue(refusal("{'type':'container.stop'}").startsWith("container: missing"));
    assertTrue(refusal("{'type':'container.stop','container':'a b'}").startsWith("container: "));
    assertTrue(refusal("{'type':'container.stop','container':'web','stopTimeoutSeconds':-1}")
        .startsWith("stopTimeoutSeconds: "));
    assertTrue(refusal("{'type':'container.stop','container':'web','stopTimeoutSeconds':200}")
        .contains("do not fit in the job's 120 s"));
    assertTrue(refusal("{'type':'container.stop','container':'web','stopTimeoutSeconds':30,'timeoutSeconds':35}")
        .contains("do not fit in the job's 35 s"));
    assertTrue(refusal("{'type':'container.remove'}").startsWith("container: missing"));
    assertTrue(refusal("{'type':'container.remove','container':'web','force':'yes'}").startsWith("force: "));
  }

  @Test
  void withoutContainersTheJobsFailSayingWhy() throws Exception {
    for (String json : List.of("{'type':'container.run','id':'c-1','image':'alpine'}",
        "{'type':'container.stop','id':'c-2','container':'web','stopTimeoutSeconds':200,'timeoutSeconds':300}",
        "{'type':'container.remove','id':'c-3','container':'web','force':true}")) {
      Job job = awaitDone(engine.submit(doc(json)));
      assertEquals(JobState.FAILED, job.state());
      String type = doc(json).get("type").asText();
      assertEquals(type + " " + job.id() + ": this gateway cannot run containers (conmon not found: apt-get install"
          + " conmon)", job.error());
    }
  }

  @Test
  void eachTypeHasItsDeadline() {
    Map<String, Long> seconds = new java.util.HashMap<>();
    new ContainerJobs(Optional.empty()).handlers().forEach(h -> seconds.put(h.type(), h.timeout().toSeconds()));
    assertEquals(Map.of("container.run", 3600L, "container.stop", 120L, "container.remove", 120L), seconds);
  }
}
