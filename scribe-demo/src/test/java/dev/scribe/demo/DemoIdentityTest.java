package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.demo.tasks.TaskController;
import dev.scribe.testing.TestResponse;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with users, over HTTP: accounts and tokens, tasks that belong to their creator (and subtasks
 * through their task), anonymous callers on ownerless tasks, {@code /admin/**} for the admin role, the user
 * in the audit, and notifications for the owner of the task.
 */
class DemoIdentityTest {
  private static final String PASSWORD = "a password for tests";
  private static DemoApplication demo;
  private static DemoClient anonymous;
  private static DemoClient admin;
  private static int accounts;

  @BeforeAll
  static void start() {
    demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem")));
    URI uri = demo.serve();
    anonymous = new DemoClient(uri);
    admin = anonymous.login("admin", demo.generatedAdminPassword());
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  private static DemoClient newUser() {
    return anonymous.register("user" + (++accounts), PASSWORD);
  }

  @Test
  void theAdminAccountIsCreatedOnFirstStartWithARandomPassword() {
    assertThat(demo.generatedAdminPassword()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(admin.get("/auth/me").map()).containsEntry("name", "admin").containsEntry("roles", List.of("admin"));
  }

  @Test
  void aRestartWithTheSameAdminPasswordKeepsTheAdminsTokensAndANewOneRevokesThem(@TempDir Path directory) {
    List<String> flags = List.of("--port", "0", "--db", directory.resolve("db").toString(), "--admin-password");
    String token;
    try (DemoApplication first = DemoApplication.create(DemoOptions.parse(concat(flags, "first password 1")))) {
      token = new DemoClient(first.serve()).login("admin", "first password 1").token();
    }
    try (DemoApplication again = DemoApplication.create(DemoOptions.parse(concat(flags, "first password 1")))) {
      URI uri = again.serve();
      assertThat(new DemoClient(uri).as(token).get("/auth/me").status()).isEqualTo(200);
    }
    try (DemoApplication changed = DemoApplication.create(DemoOptions.parse(concat(flags, "second password 2")))) {
      URI uri = changed.serve();
      assertThat(new DemoClient(uri).as(token).get("/auth/me").status()).isEqualTo(401);
      assertThat(new DemoClient(uri).login("admin", "second password 2").get("/auth/me").status()).isEqualTo(200);
    }
  }

  /**
   * Behind a load balancer every login came from its address, so twenty failed logins of anyone locked every
   * user out: {@code --trusted-proxies} names the proxies whose {@code X-Forwarded-For} says who the client is.
   */
  @Test
  void behindTrustedProxiesEachForwardedClientHasALoginThrottleOfItsOwn() {
    try (DemoApplication proxied = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem",
        "--admin-password", "the admin's password", "--trusted-proxies", "127.0.0.1,::1")))) {
      dev.scribe.testing.TestClient http = dev.scribe.testing.TestClient.of(proxied.serve());
      int status = 0;
      for (int i = 0; i < 30 && status != 429; i++) {
        status = http.post("/auth/login", Map.of("name", "guess" + i, "password", "wrong password"),
            "X-Forwarded-For", "203.0.113.7").status();
      }
      assertThat(status).as("the guessing client is throttled").isEqualTo(429);

      assertThat(http.post("/auth/login", Map.of("name", "admin", "password", "the admin's password"),
          "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(429);
      assertThat(http.post("/auth/login", Map.of("name", "admin", "password", "the admin's password"),
          "X-Forwarded-For", "198.51.100.20").status()).as("another client behind the same proxy").isEqualTo(200);
    }
    assertThat(DemoOptions.parse(List.of()).trustedProxies()).as("none by default").isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoOptions.parse(List.of("--trusted-proxies",
        "10.0.0.0/8,,127.0.0.1"))).hasMessageContaining("--trusted-proxies").hasMessageContaining("empty entry");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoOptions.parse(List.of(
        "--port", "0", "--db", "mem", "--trusted-proxies", "proxy.example.com"))).hasMessageContaining("proxy.example.com");
  }

  private static List<String> concat(List<String> flags, String last) {
    List<String> all = new java.util.ArrayList<>(flags);
    all.add(last);
    return all;
  }

  @Test
  void aUserSeesAndChangesOnlyItsOwnTasks() {
    DemoClient alice = newUser();
    DemoClient bob = newUser();
    long task = alice.createTask(Map.of("title", "Alice's plan"));

    assertThat(alice.get("/tasks/" + task).status()).isEqualTo(200);
    assertThat(alice.get("/tasks?size=100").items()).extracting(t -> t.get("title")).containsExactly("Alice's plan");
    assertThat(alice.get("/tasks/count").map()).containsEntry("count", 1);
    for (DemoClient outsider : List.of(bob, anonymous)) {
      assertThat(outsider.get("/tasks/" + task).status()).isEqualTo(404);
      assertThat(outsider.patch("/tasks/" + task, Map.of("priority", 1)).status()).isEqualTo(404);
      assertThat(outsider.delete("/tasks/" + task).status()).isEqualTo(404);
      assertThat(outsider.get("/tasks?title=Alice%27s%20plan").map()).containsEntry("total", 0);
      assertThat(outsider.get("/tasks/" + task + "/subtasks").status()).isEqualTo(404);
      assertThat(outsider.post("/tasks/" + task + "/subtasks", Map.of("title", "sneak in")).status()).isEqualTo(404);
    }
    assertThat(bob.get("/tasks").map()).containsEntry("total", 0);
    assertThat(admin.get("/tasks/" + task).map()).containsEntry("title", "Alice's plan");
    assertThat(admin.get("/admin/tasks/" + task).map()).containsEntry("title", "Alice's plan");
    assertThat(alice.get("/tasks/" + task).map()).containsEntry("priority", 3);
  }

  @Test
  void exportAndBulkWritesByQueryStayInsideTheCallersRows() {
    DemoClient alice = newUser();
    DemoClient bob = newUser();
    long task = alice.createTask(Map.of("title", "Alice's export secret"));

    assertThat(alice.get("/tasks.csv").body()).contains("Alice's export secret");
    for (DemoClient outsider : List.of(bob, anonymous)) {
      TestResponse export = outsider.get("/tasks.csv");
      assertThat(export.status()).isEqualTo(200);
      assertThat(export.body()).doesNotContain("Alice's export secret");
      assertThat(outsider.get("/tasks.ndjson").body()).doesNotContain("Alice's export secret");
      TestResponse bulk = outsider.patch("/tasks?title=Alice%27s%20export%20secret", Map.of("priority", 1));
      assertThat(bulk.status()).isEqualTo(200);
      assertThat(((Number) bulk.map().get("updated")).intValue()).isZero();
    }
    assertThat(alice.get("/tasks/" + task).map()).containsEntry("priority", 3);
  }

  @Test
  void subtasksBelongToTheOwnerOfTheirTaskAndCompletionCascadesInsideTheScope() {
    DemoClient alice = newUser();
    DemoClient bob = newUser();
    long task = alice.createTask(Map.of("title", "Move house"));
    Object step = alice.post("/tasks/" + task + "/subtasks", Map.of("title", "Pack")).map().get("id");

    assertThat(bob.get("/tasks/" + task + "/subtasks/" + step).status()).isEqualTo(404);
    assertThat(bob.patch("/tasks/" + task + "/subtasks/" + step, Map.of("completed", true)).status()).isEqualTo(404);
    assertThat(alice.patch("/tasks/" + task, Map.of("completed", true)).status()).isEqualTo(200);
    assertThat(alice.get("/tasks/" + task + "/subtasks/" + step).map()).containsEntry("completed", true);
  }

  /**
   * A subtask of another user's task is refused in a task's body as one that does not exist, before the task's
   * own rules run: it passed the check of the ids, the open-title rule then refused the write with a 409, and a
   * missing id was a 422, so the answer told whether another user's subtask existed.
   */
  @Test
  void anotherUsersSubtaskInABodyIsAnsweredAsAMissingOneWhateverTheTasksRulesSay() {
    DemoClient alice = newUser();
    DemoClient bob = newUser();
    long task = alice.createTask(Map.of("title", "Alice's move"));
    long step = ((Number) alice.post("/tasks/" + task + "/subtasks", Map.of("title", "Pack")).map().get("id")).longValue();
    long missing = step + 1_000_000;
    bob.createTask(Map.of("title", "Bob's chores"));
    long errands = bob.createTask(Map.of("title", "Bob's errands"));

    for (long subtask : List.of(step, missing)) {
      String refusal = "subtasks: subtask " + subtask + " does not exist";
      TestResponse created = bob.post("/tasks", Map.of("title", "Bob's chores", "subtasks", List.of(subtask)));
      assertThat(created.status()).as("create naming subtask " + subtask).isEqualTo(422);
      assertThat(created.map()).containsEntry("detail", refusal);
      TestResponse updated = bob.patch("/tasks/" + errands, Map.of("title", "Bob's chores", "subtasks", List.of(subtask)));
      assertThat(updated.status()).as("update naming subtask " + subtask).isEqualTo(422);
      assertThat(updated.map()).containsEntry("detail", refusal);
      TestResponse nested = bob.patch("/tasks/" + errands,
          Map.of("title", "Bob's chores", "subtasks", List.of(Map.of("id", subtask, "title", "Mine"))));
      assertThat(nested.status()).as("update naming subtask " + subtask + " as an object").isEqualTo(422);
      assertThat(nested.map()).containsEntry("detail", refusal);
    }
    assertThat(alice.get("/tasks/" + task + "/subtasks/" + step).map()).containsEntry("title", "Pack");
    assertThat(bob.get("/tasks/" + errands).map()).containsEntry("title", "Bob's errands");
  }

  /**
   * With the trace headers on, a write of another user's task runs the same handlers as a write of a task that
   * does not exist: the row scope was asked only about a row the lock had found, so {@code X-Scribe-Handlers}
   * listed {@code scopeQuery} for the one and not for the other.
   */
  @Test
  void theTraceOfAWriteOfAnotherUsersTaskIsTheTraceOfAWriteOfAMissingOne() {
    try (DemoApplication traced = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem",
        "--admin-password", "the admin's password", "--trace")))) {
      DemoClient someone = new DemoClient(traced.serve());
      DemoClient alice = someone.register("alice", PASSWORD);
      DemoClient bob = someone.register("bob", PASSWORD);
      long task = alice.createTask(Map.of("title", "Alice's secret plan"));
      long missing = task + 1_000_000;

      Map<Long, List<String>> handlers = new java.util.HashMap<>();
      for (long id : List.of(task, missing)) {
        List<TestResponse> answers = List.of(
            bob.patch("/tasks/" + id, Map.of("priority", 1)),
            bob.put("/tasks/" + id, Map.of("title", "Bob's now")),
            bob.delete("/tasks/" + id),
            bob.patch("/tasks", List.of(Map.of("id", id, "priority", 1))),
            bob.send("DELETE", "/tasks", List.of(id)));
        assertThat(answers).extracting(TestResponse::status).as("task " + id).containsOnly(404);
        handlers.put(id, answers.stream().map(answer -> answer.header("X-Scribe-Handlers")).collect(Collectors.toList()));
      }
      assertThat(handlers.get(task)).as("the handlers of the writes of another user's task")
          .isEqualTo(handlers.get(missing));
      assertThat(alice.get("/tasks/" + task).map()).containsEntry("title", "Alice's secret plan");
    }
  }

  /**
   * A change of a hidden field is a new version of the record: its tag changes where the owner sees no field change,
   * and a write that names the tag read before is refused, so that it cannot overwrite what it never saw.
   */
  @Test
  void aChangeOfAHiddenFieldIsANewVersionWhoseTagTheOwnerSeesWithoutTheField() {
    DemoClient alice = newUser();
    long task = alice.createTask(Map.of("title", "Noted by the admin"));
    TestResponse before = alice.get("/tasks/" + task);

    assertThat(admin.patch("/admin/tasks/" + task, Map.of("internalNotes", "watch this one")).status()).isEqualTo(200);

    TestResponse after = alice.get("/tasks/" + task);
    assertThat(after.map()).doesNotContainKey("internalNotes").containsEntry("title", "Noted by the admin");
    assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
    assertThat(after.map().get("version")).isNotEqualTo(before.map().get("version"));
    assertThat(alice.patch("/tasks/" + task, Map.of("priority", 1), "If-Match", before.header("ETag")).status())
        .isEqualTo(412);
  }

  @Test
  void theOwnerIsSetByAHandlerNeverByClients() {
    DemoClient alice = newUser();

    TestResponse refused = alice.post("/tasks", Map.of("title", "Mine", "ownerId", "someone else"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.map().get("errors")).as("ownerId is hidden outside admin, so it is refused like an unknown field")
        .isEqualTo(Map.of("ownerId", List.of("is not an attribute of task")));
    assertThat(admin.post("/admin/tasks", Map.of("title", "Mine", "ownerId", "someone else")).map().get("errors"))
        .isEqualTo(Map.of("ownerId", List.of("is guarded and cannot be set from params")));
  }

  @Test
  void anotherUsersOpenTitlesDoNotLeakThroughTheDuplicateCheck() {
    DemoClient alice = newUser();
    DemoClient bob = newUser();
    alice.createTask(Map.of("title", "Quarterly report"));

    assertThat(bob.post("/tasks", Map.of("title", "Quarterly report")).status()).isEqualTo(201);
    assertThat(alice.post("/tasks", Map.of("title", "quarterly REPORT")).status()).isEqualTo(409);
  }

  @Test
  void anonymousCallersKeepWorkingOnOwnerlessTasks() {
    TestResponse seeded = anonymous.get("/tasks?sort=id&size=100");
    assertThat(seeded.items()).extracting(t -> t.get("title")).contains(TaskController.SEED_TITLES.get(0));
    long task = anonymous.createTask(Map.of("title", "Anyone's chore"));

    assertThat(anonymous.patch("/tasks/" + task, Map.of("priority", 4)).status()).isEqualTo(200);
    assertThat(newUser().get("/tasks/" + task).status()).isEqualTo(404);
    assertThat(anonymous.delete("/tasks/" + task).status()).isEqualTo(204);
  }

  @Test
  void adminRoutesNeedTheAdminRole() {
    TestResponse none = anonymous.get("/admin/tasks");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    DemoClient alice = newUser();
    assertThat(alice.get("/admin/tasks").status()).isEqualTo(403);
    assertThat(alice.post("/admin/tasks", Map.of("title", "x")).status()).isEqualTo(403);
    assertThat(alice.delete("/admin/tasks/1").status()).isEqualTo(403);
    assertThat(admin.get("/admin/tasks").status()).isEqualTo(200);
  }

  @Test
  void theAuditRecordsTheUserAndEachUserReadsItsOwnEntries() {
    DemoClient alice = newUser();
    String aliceId = (String) alice.get("/auth/me").map().get("id");
    long task = alice.createTask(Map.of("title", "Audited by name"));
    alice.patch("/tasks/" + task, Map.of("priority", 2));

    List<Map<String, Object>> entries = alice.get("/audit?size=100&sort=id").items();
    assertThat(entries).extracting(e -> e.get("action") + " " + e.get("entityId") + " " + e.get("userName"))
        .containsExactly("create " + task + " " + "user" + accounts, "update " + task + " user" + accounts);
    assertThat(entries).allSatisfy(e -> assertThat(e).containsEntry("userId", aliceId));
    List<Object> seenByAnonymous = anonymous.get("/audit?size=100").items().stream().map(e -> e.get("userId"))
        .distinct().collect(Collectors.toList());
    assertThat(seenByAnonymous).containsOnly((Object) null);
    assertThat(admin.get("/audit?userId=" + aliceId).map()).containsEntry("total", 2);
  }

  @Test
  void aCompletionNotifiesTheTasksOwnerWhoeverCompletedIt() {
    DemoClient alice = newUser();
    DemoClient bob = newUser();
    String aliceId = (String) alice.get("/auth/me").map().get("id");
    long byAdmin = alice.createTask(Map.of("title", "Completed by the admin"));
    long byAction = alice.createTask(Map.of("title", "Completed by the admin's action"));

    assertThat(admin.patch("/admin/tasks/" + byAdmin, Map.of("completed", true)).status()).isEqualTo(200);
    assertThat(admin.post("/tasks/" + byAction + "/complete", Map.of()).status()).isEqualTo(200);

    List<Map<String, Object>> seen = alice.get("/notifications?size=100&sort=id").items();
    assertThat(seen).extracting(n -> n.get("message"))
        .containsExactly("task " + byAdmin + " completed", "task " + byAction + " completed");
    assertThat(seen).allSatisfy(n -> assertThat(n).containsEntry("userId", aliceId));
    assertThat(bob.get("/notifications?size=100").items()).isEmpty();
    assertThat(anonymous.get("/notifications?size=100").items()).extracting(n -> n.get("message"))
        .doesNotContain("task " + byAdmin + " completed", "task " + byAction + " completed");
  }

  @Test
  void logoutEndsTheSession() {
    DemoClient alice = newUser();
    assertThat(alice.get("/auth/me").status()).isEqualTo(200);

    assertThat(alice.post("/auth/logout", Map.of()).status()).isEqualTo(204);

    assertThat(alice.get("/auth/me").status()).isEqualTo(401);
    assertThat(alice.get("/tasks").status()).isEqualTo(401);
  }
}
