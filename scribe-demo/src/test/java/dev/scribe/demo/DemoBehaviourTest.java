package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.testing.TestResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every behaviour of the demo, end to end over HTTP against the application started in-process. */
class DemoBehaviourTest {
  private static DemoApplication demo;
  private static DemoClient client;
  private static DemoClient admin;

  @BeforeAll
  static void start() {
    demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem", "--admin-password", "admin password 1")));
    URI uri = demo.serve();
    client = new DemoClient(uri);
    admin = client.login("admin", "admin password 1");
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void onStartSeedsThreeTasksThroughTheStoreAction() {
    TestResponse reply = admin.get("/admin/tasks?sort=id&size=3");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.items()).extracting(t -> t.get("title"), t -> t.get("slug"))
        .startsWith(
            org.assertj.core.groups.Tuple.tuple("Read the Scribe README", "read-the-scribe-readme"),
            org.assertj.core.groups.Tuple.tuple("Write a handler", "write-a-handler"),
            org.assertj.core.groups.Tuple.tuple("Trace a request", "trace-a-request"));
  }

  @Test
  void onPreStoreDerivesTheSlugAndTheNamedHandlerTrimsTheTitle() {
    java.time.Instant before = java.time.Instant.now();
    TestResponse reply = client.post("/tasks", Map.of("title", "  Ship v2.0 -- (final)!  "));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("Location")).endsWith("/tasks/" + reply.map().get("id"));
    assertThat(reply.map()).containsEntry("title", "Ship v2.0 -- (final)!").containsEntry("slug", "ship-v2-0-final")
        .containsEntry("priority", 3).containsEntry("completed", false).containsEntry("archived", false)
        .containsEntry("updateCount", 0);
    assertThat(java.time.Instant.parse((String) reply.map().get("createdAt"))).as("stamped by prePersist")
        .isBetween(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), java.time.Instant.now());
  }

  @Test
  void aListOfSubtasksThatLeavesOneOutIsRefusedNamingItWhereItWasTheSubtasksOwnRequiredTask() {
    TestResponse created = client.post("/tasks", Map.of("title", "Trip whose steps change",
        "subtasks", List.of(Map.of("title", "Book the train"))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Object id = created.map().get("id");
    Object kept = client.get("/tasks/" + id + "/subtasks").items().get(0).get("id");

    // a subtask cannot be without its task: leaving it out of the list cannot take it off the task
    TestResponse replaced = client.patch("/tasks/" + id, Map.of("subtasks", List.of(Map.of("title", "Take the bus"))));

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(422);
    assertThat(replaced.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(replaced.map().get("detail")).isEqualTo("subtasks: subtask " + kept + " cannot be taken off its task, "
        + "which it requires; keep it in the list, or delete the subtask itself");
    assertThat(replaced.map().get("errors")).isEqualTo(Map.of("subtasks", List.of("subtask " + kept
        + " cannot be taken off its task, which it requires; keep it in the list, or delete the subtask itself")));
    assertThat(client.get("/tasks/" + id + "/subtasks").items()).extracting(s -> s.get("title"))
        .containsExactly("Book the train");
    // kept in the list, a new one is added beside it
    TestResponse added = client.patch("/tasks/" + id, Map.of("subtasks", List.of(kept, Map.of("title", "Take the bus"))));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(client.get("/tasks/" + id + "/subtasks").items()).extracting(s -> s.get("title"))
        .containsExactly("Book the train", "Take the bus");
  }

  @Test
  void aTaskCreatedWithItsSubtasksCreatesThemUnderIt() {
    TestResponse reply = client.post("/tasks", Map.of("title", "Plan the trip with its steps",
        "subtasks", List.of(Map.of("title", "Book the train"), Map.of("title", "Pack"))));

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    Object id = reply.map().get("id");
    assertThat(client.get("/tasks/" + id + "/subtasks").items()).extracting(s -> s.get("title"))
        .containsExactly("Book the train", "Pack");
  }

  @Test
  void aClientCannotSetReadOnlyFields() {
    TestResponse reply = client.post("/tasks", Map.of("title", "Sneaky", "slug", "mine", "updateCount", 99));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map().get("errors")).isEqualTo(Map.of(
        "slug", List.of("is guarded and cannot be set from params"),
        "updateCount", List.of("is guarded and cannot be set from params")));
  }

  @Test
  void aBlankTitleAndAnOutOfRangePriorityAreFieldErrors() {
    TestResponse blank = client.post("/tasks", Map.of("title", "   "));
    TestResponse priority = client.post("/tasks", Map.of("title", "Priority nine", "priority", 9));

    assertThat(blank.status()).isEqualTo(422);
    assertThat(blank.map().get("errors")).isEqualTo(Map.of("title", List.of("must not be blank")));
    assertThat(priority.status()).isEqualTo(422);
    assertThat(priority.map().get("errors")).isEqualTo(Map.of("priority", List.of("must be less than or equal to 5")));
  }

  @Test
  void aTitleOfAnOpenTaskIsAConflictIgnoringCase() {
    client.createTask(Map.of("title", "Water the plants"));

    TestResponse reply = client.post("/tasks", Map.of("title", "WATER the PLANTS"));

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.map()).containsEntry("message", "a task with this title is already open");
  }

  /**
   * The rule's key keeps a title's length: lower-casing a Turkish capital dotted I ({@code \u0130}) gives two
   * characters, so a title of a hundred of them (within the title's 200) made a key longer than its column, and the
   * task was refused with "a value is longer than its column allows", naming no field the client could fix.
   */
  @Test
  void aLongTitleOfLettersThatLowerCaseIntoTwoIsStored() {
    String turkish = "\u0130stanbul \u0130zmir ".repeat(12) + "\u0130".repeat(200 - 12 * 15);

    TestResponse reply = client.post("/tasks", Map.of("title", turkish));
    TestResponse twin = client.post("/tasks", Map.of("title", turkish));

    assertThat(turkish).hasSize(200);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    assertThat(reply.map()).containsEntry("title", turkish);
    assertThat(twin.status()).as(twin.body()).isEqualTo(409);
  }

  /**
   * Titles that read the same are one title for the rule: an accent typed as a combining mark ({@code e\u0301}) and
   * the accented letter ({@code \u00e9}), a no-break space at the end (which the trimming passed over) or a zero-width
   * space inside. Each made a second open task that every list showed under the first one's title.
   */
  @Test
  void titlesThatReadTheSameAreOneTitleForTheOpenTitleRule() {
    client.createTask(Map.of("title", "Caf\u00e9 opening"));

    for (String alike : List.of("Cafe\u0301 opening", "Caf\u00e9 opening\u00a0", "\u2007Caf\u00e9 opening",
        "Caf\u00e9\u200b opening", "CAF\u00c9 OPENING")) {
      TestResponse reply = client.post("/tasks", Map.of("title", alike));
      assertThat(reply.status()).as(alike + ": " + reply.body()).isEqualTo(409);
      assertThat(reply.map()).containsEntry("message", "a task with this title is already open");
    }
    TestResponse spaced = client.post("/tasks", Map.of("title", "\u00a0Cafe\u0301 closing\u202f"));
    assertThat(spaced.status()).as(spaced.body()).isEqualTo(201);
    assertThat(spaced.map()).as("trimmed of no-break spaces too").containsEntry("title", "Cafe\u0301 closing");
    TestResponse blank = client.post("/tasks", Map.of("title", "\u00a0\u2007\u00a0"));
    assertThat(blank.status()).as(blank.body()).isEqualTo(422);
    assertThat(blank.map().get("errors")).isEqualTo(Map.of("title", List.of("must not be blank")));
  }

  /**
   * A title of invisible characters only (a zero-width space, a byte order mark) reads as blank and is refused as
   * one, and a title is trimmed of them as of spaces: {@code "\u200b"} was stored as a task every list showed
   * without a title, its slug empty, and {@code "\ufeffPack"} as a title that looks like {@code Pack} but sorts and
   * filters otherwise.
   */
  @Test
  void aTitleOfInvisibleCharactersIsBlankAndATitleIsTrimmedOfThem() {
    for (String invisible : List.of("\u200b", "\ufeff", "\u200b\u200d\u2060", " \u200b\u00a0\u202e ")) {
      TestResponse blank = client.post("/tasks", Map.of("title", invisible));
      assertThat(blank.status()).as(blank.body()).isEqualTo(422);
      assertThat(blank.map().get("errors")).isEqualTo(Map.of("title", List.of("must not be blank")));
      long id = client.createTask(Map.of("title", "Visible at first"));
      TestResponse renamed = client.patch("/tasks/" + id, Map.of("title", invisible));
      assertThat(renamed.status()).as(renamed.body()).isEqualTo(422);
      assertThat(client.get("/tasks/" + id).map()).containsEntry("title", "Visible at first");
      client.patch("/tasks/" + id, Map.of("completed", true));
    }
    TestResponse marked = client.post("/tasks", Map.of("title", "\ufeff\u200bPack the van\u200e"));
    assertThat(marked.status()).as(marked.body()).isEqualTo(201);
    assertThat(marked.map()).containsEntry("title", "Pack the van").containsEntry("slug", "pack-the-van");
    assertThat(client.post("/tasks", Map.of("title", "Pack\u200b the van")).map())
        .as("an invisible character inside a title stays, and is no second open title")
        .containsEntry("status", 409);
  }

  @Test
  void aCompletedTasksTitleMayBeReused() {
    long id = client.createTask(Map.of("title", "Renew the passport"));
    client.patch("/tasks/" + id, Map.of("completed", true));

    assertThat(client.post("/tasks", Map.of("title", "renew the passport")).status()).isEqualTo(201);
  }

  @Test
  void everyUpdateAddsOneToUpdateCount() {
    long id = client.createTask(Map.of("title", "Count my updates"));

    client.patch("/tasks/" + id, Map.of("priority", 4));
    TestResponse second = client.patch("/tasks/" + id, Map.of("description", "twice"));

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.map()).containsEntry("updateCount", 2).containsEntry("priority", 4);
  }

  @Test
  void completingATaskCompletesItsSubtasksAndNotifiesAfterCommit() {
    long id = client.createTask(Map.of("title", "Move house"));
    client.post("/tasks/" + id + "/subtasks", Map.of("title", "Pack"));
    client.post("/tasks/" + id + "/subtasks", Map.of("title", "Drive"));

    TestResponse completed = client.patch("/tasks/" + id, Map.of("completed", true));

    assertThat(completed.status()).isEqualTo(200);
    assertThat(client.get("/tasks/" + id + "/subtasks").items()).extracting(s -> s.get("completed"))
        .containsExactly(true, true);
    assertThat(messages(client.get("/notifications?size=100"))).contains("task " + id + " completed");
  }

  @Test
  void aVetoedCompletionPublishesNothing() {
    long id = client.createTask(Map.of("title", "Half done"));

    TestResponse refused = client.patch("/tasks/" + id, Map.of("completed", true, "priority", 0));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(messages(client.get("/notifications?size=100"))).doesNotContain("task " + id + " completed");
    assertThat(client.get("/tasks/" + id).map()).containsEntry("completed", false).containsEntry("updateCount", 0);
  }

  @Test
  void aTaskWithOpenSubtasksCannotBeDeleted() {
    long id = client.createTask(Map.of("title", "Plan the trip"));
    client.post("/tasks/" + id + "/subtasks", Map.of("title", "Book the train"));

    TestResponse reply = client.delete("/tasks/" + id);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.map()).containsEntry("message", "task " + id + " has open subtasks");
    assertThat(client.get("/tasks/" + id).status()).isEqualTo(200);
  }

  @Test
  void aTaskWhoseSubtasksAreDoneCanBeDeleted() {
    long id = client.createTask(Map.of("title", "Sweep"));

    assertThat(client.delete("/tasks/" + id).status()).isEqualTo(204);
    assertThat(client.get("/tasks/" + id).status()).isEqualTo(404);
  }

  @Test
  void archivedTasksAreHiddenOutsideAdminWithRightTotals() {
    long archived = client.createTask(Map.of("title", "Old archived task", "archived", true));

    TestResponse open = client.get("/tasks?size=100");
    TestResponse all = admin.get("/admin/tasks?size=100");

    assertThat(open.items()).extracting(t -> t.get("id")).doesNotContain((int) archived);
    assertThat(((Number) open.map().get("total")).intValue()).isEqualTo(open.items().size());
    assertThat(all.items()).extracting(t -> t.get("id")).contains((int) archived);
    assertThat(((Number) all.map().get("total")).intValue()).isEqualTo(all.items().size());
    assertThat(client.get("/tasks?archived=true").map()).containsEntry("total", 0);
    // find reads its body as an index query: the same rule
    assertThat(client.post("/tasks/find", Map.of("archived", true)).map()).containsEntry("total", 0);
    assertThat(client.post("/tasks/find", Map.of("size", 100)).items()).extracting(t -> t.get("id"))
        .doesNotContain((int) archived);
  }

  @Test
  void internalNotesAreVisibleOnlyUnderAdmin() {
    TestResponse created = client.post("/tasks", Map.of("title", "Secret plan", "internalNotes", "tell no one"));
    Object id = created.map().get("id");

    assertThat(created.map()).doesNotContainKey("internalNotes");
    assertThat(client.get("/tasks/" + id).map()).doesNotContainKey("internalNotes");
    assertThat(client.get("/tasks?title=Secret%20plan").items().get(0)).doesNotContainKey("internalNotes");
    assertThat(client.patch("/tasks/" + id, Map.of("priority", 5)).map()).doesNotContainKey("internalNotes");
    assertThat(admin.get("/admin/tasks/" + id).map()).containsEntry("internalNotes", "tell no one");
    assertThat(admin.get("/admin/tasks?title=Secret%20plan").items().get(0)).containsEntry("internalNotes", "tell no one");
  }

  @Test
  void internalNotesCannotBeReadOrInferredOnAnyRouteOutsideAdmin() {
    long id = client.createTask(Map.of("title", "Hidden notes", "internalNotes", "alpha"));
    client.post("/tasks/" + id + "/subtasks", Map.of("title", "A step"));
    String before = admin.get("/admin/tasks?size=100&sort=id").body();

    assertThat(client.get("/tasks/" + id + "/subtasks?with=task").body()).contains("Hidden notes").doesNotContain("internalNotes", "alpha");
    assertThat(client.get("/tasks/" + id + "?with=subtasks").body()).contains("A step").doesNotContain("internalNotes", "alpha");
    assertThat(client.get("/tasks?size=100").body()).doesNotContain("internalNotes", "alpha");
    String[][] refusedLikeUnknown = {
        {"/tasks?internalNotes%5Blike%5D=a%25", "/tasks?colour%5Blike%5D=a%25"},
        {"/tasks/count?internalNotes=alpha", "/tasks/count?colour=alpha"},
        {"/tasks?sort=internalNotes", "/tasks?sort=colour"},
        {"/tasks/" + id + "?fields=title,internalNotes", "/tasks/" + id + "?fields=title,colour"},
    };
    for (String[] pair : refusedLikeUnknown) {
      TestResponse hidden = client.get(pair[0]);
      String unknown = client.get(pair[1]).body();
      assertThat(hidden.status()).as(pair[0]).isEqualTo(400);
      assertThat(unknown).as(pair[1]).doesNotContain("internalNotes");
      assertThat(hidden.body()).as(pair[0]).isEqualTo(unknown.replace("colour", "internalNotes"));
    }
    assertThat(admin.get("/admin/tasks/" + id + "?fields=id,internalNotes").map())
        .isEqualTo(Map.of("id", (int) id, "internalNotes", "alpha"));
    assertThat(admin.get("/admin/tasks/count?internalNotes%5Blike%5D=alp%25").map()).containsEntry("count", 1);
    assertThat(admin.get("/admin/tasks?size=100&sort=id").body()).isEqualTo(before);
  }

  @Test
  void hostileInputIsAClean4xxAndWritesNothing() {
    String before = admin.get("/admin/tasks?size=100&sort=id").body();
    String[] bodies = {"{\"title\":true}", "{\"title\":9199039280337}", "{\"title\":\"x\",\"priority\":1e400}",
        "{\"title\":\"x\",\"priority\":99999999999999999999}", "{\"title\":\"x\",\"description\":\""
        + "d".repeat(4001) + "\"}", "{\"title\":\"x\",\"title\":\"y\"}", "[" .repeat(500) + "]".repeat(500),
        "{\"title\":\"a\\u0000b\"}", "{\"title\":\"\\udc00\"}", "\"text\"", "42", "null", "{\"title\":\"x\",\"completed\":\"yes\"}"};
    for (String body : bodies) {
      TestResponse reply = client.post("/tasks", body);
      assertThat(reply.status()).as(body).isBetween(400, 422);
      assertThat(reply.header("Content-Type")).as(body).isEqualTo("application/problem+json");
      assertThat(reply.body()).as(body).doesNotContain("Jackson", "JsonReadFeature", "java.lang", "com.fasterxml");
    }
    TestResponse tooLong = client.post("/tasks", "{\"title\":\"x\",\"description\":\"" + "d".repeat(4001) + "\"}");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.map().get("errors")).isEqualTo(Map.of("description", List.of("must be at most 4000 characters long (it has 4001)")));
    assertThat(client.get("/tasks?page=2147483647").status()).isEqualTo(400);
    assertThat(admin.get("/admin/tasks?size=100&sort=id").body()).isEqualTo(before);
  }

  @Test
  void theNamedAdminHandlerAddsADirectiveOnlyUnderAdmin() {
    assertThat(admin.get("/admin/tasks").map()).containsEntry("view", "admin");
    assertThat(client.get("/tasks").map()).doesNotContainKey("view");
  }

  @Test
  void theAuditSubscriberRecordsCreateUpdateAndDeleteOfEveryRepository() {
    long id = client.createTask(Map.of("title", "Audited"));
    TestResponse subtask = client.post("/tasks/" + id + "/subtasks", Map.of("title", "Audited step"));
    Object subtaskId = subtask.map().get("id");
    client.patch("/tasks/" + id + "/subtasks/" + subtaskId, Map.of("completed", true));
    client.patch("/tasks/" + id, Map.of("priority", 1));
    client.delete("/tasks/" + id);

    List<String> entries = client.get("/audit?entityType[in]=task,subtask&size=100&sort=id").items().stream()
        .filter(e -> e.get("entityType").equals("task") && e.get("entityId").equals(String.valueOf(id))
            || e.get("entityType").equals("subtask") && e.get("entityId").equals(String.valueOf(subtaskId)))
        .map(e -> e.get("action") + " " + e.get("entityType") + " " + e.get("entityId"))
        .collect(Collectors.toList());
    assertThat(entries).containsExactly("create task " + id, "create subtask " + subtaskId, "update subtask " + subtaskId,
        "update task " + id, "delete subtask " + subtaskId, "delete task " + id);
  }

  @Test
  void aSubtaskReopenedWhileItsTaskIsBeingDeletedKeepsTheTask() throws Exception {
    long task = client.createTask(Map.of("title", "Reopen race " + System.nanoTime()));
    Object subtask = client.post("/tasks/" + task + "/subtasks", Map.of("title", "step", "completed", true)).map().get("id");
    long subtaskId = ((Number) subtask).longValue();
    dev.scribe.repository.Repository<dev.scribe.demo.tasks.Subtask, Long> subtasks =
        demo.store().repository(dev.scribe.demo.tasks.Subtask.class);
    java.util.concurrent.CountDownLatch reopened = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    java.util.concurrent.CompletableFuture<Void> reopening = java.util.concurrent.CompletableFuture.runAsync(() ->
        demo.store().inTransaction(() -> {
          subtasks.update(subtaskId, Map.of("completed", false));
          reopened.countDown();
          try {
            release.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
    assertThat(reopened.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    java.util.concurrent.CompletableFuture<TestResponse> deleting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> client.delete("/tasks/" + task));
    // the delete reaches the reopened subtask's row lock and waits there (or, answered already, waits no more)
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!deleting.isDone() && blockedSessions() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    release.countDown();
    reopening.get(30, java.util.concurrent.TimeUnit.SECONDS);

    TestResponse deleted = deleting.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(409);
    assertThat(client.get("/tasks/" + task + "/subtasks/" + subtaskId).map()).containsEntry("completed", false);
  }

  /** The sessions of the demo's database waiting for a lock another one holds. */
  private static long blockedSessions() {
    return demo.store().inTransaction(() -> ((Number) demo.store().currentUnitOfWork().orElseThrow().entityManager()
        .createNativeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")
        .getSingleResult()).longValue());
  }

  @Test
  void aRenameOrAReopeningMayNotMakeASecondOpenTaskOfOneTitle() {
    String title = "Twin " + System.nanoTime();
    long open = client.createTask(Map.of("title", title));
    long done = client.createTask(Map.of("title", title + " later"));
    assertThat(client.patch("/tasks/" + done, Map.of("completed", true)).status()).isEqualTo(200);

    assertThat(client.patch("/tasks/" + done, Map.of("title", title.toUpperCase())).status())
        .as("a completed task may take the title").isEqualTo(200);
    TestResponse reopened = client.patch("/tasks/" + done, Map.of("completed", false));
    assertThat(reopened.status()).as(reopened.toString()).isEqualTo(409);
    assertThat(reopened.map()).containsEntry("detail", "a task with this title is already open");
    long other = client.createTask(Map.of("title", "Other " + System.nanoTime()));
    assertThat(client.patch("/tasks/" + other, Map.of("title", title)).status()).isEqualTo(409);
    assertThat(client.patch("/tasks/" + open, Map.of("title", title, "priority", 1)).status())
        .as("a task keeps its own title").isEqualTo(200);
  }

  @Test
  void auditAndNotificationsAreReadOnly() {
    assertThat(client.post("/audit", Map.of("action", "create")).status()).isEqualTo(405);
    assertThat(client.post("/audit", Map.of("action", "create")).header("Allow")).isEqualTo("GET, HEAD");
    assertThat(client.delete("/notifications/1").status()).isEqualTo(405);
  }

  @Test
  void aBatchStoreIsAllOrNothingUnlessIgnoreErrors() {
    List<Map<String, Object>> batch = List.of(Map.of("title", "Batch one"), Map.of("title", ""),
        Map.of("title", "Batch three", "priority", 7));

    TestResponse refused = client.post("/tasks", batch);
    TestResponse kept = client.post("/tasks?ignoreErrors=true", batch);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.map().get("records")).asList().hasSize(2);
    assertThat(kept.status()).isEqualTo(201);
    assertThat(kept.items()).extracting(t -> t.get("title")).containsExactly("Batch one");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> records = (List<Map<String, Object>>) kept.map().get("records");
    assertThat(records).extracting(r -> r.get("index")).containsExactly(1, 2);
  }

  @Test
  void theEventCatalogueIsServedWithEveryHandlerToTheAdminOnly() {
    TestResponse reply = admin.get("/_scribe/events");

    assertThat(client.get("/_scribe/events").status()).isEqualTo(401);
    assertThat(client.get("/_scribe/requests").status()).isEqualTo(401);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("TaskRepository.verifyCreate", "AuditSubscriber.postCreate", "trimTitle", "adminView");
  }

  @Test
  void traceFlagAddsScribeHeaders() {
    try (DemoApplication traced = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem", "--trace")))) {
      DemoClient tracedClient = new DemoClient(traced.serve());

      TestResponse reply = tracedClient.post("/tasks", Map.of("title", "Traced"));

      assertThat(reply.status()).isEqualTo(201);
      assertThat(reply.header("X-Scribe-Path")).isEqualTo("tasks.store");
      assertThat(reply.header("X-Scribe-Handlers")).contains("TaskController.onPreStore", "TaskRepository.verifyCreate",
          "AuditSubscriber.postCreate");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> messages(TestResponse reply) {
    return reply.items().stream().map(n -> n.get("message")).collect(Collectors.toList());
  }
}
