package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.outbox.internal.wire.Json;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Person;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RowScope;
import dev.scribe.repository.Subtask;
import dev.scribe.repository.Task;
import dev.scribe.repository.internal.CallOptionsAccess;
import dev.scribe.repository.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change feed's row scope and field policy without a broker: the changes as the relay publishes them,
 * through {@link ScopedFeedAccess} for several callers, against a real repository with a {@code scopeQuery}.
 */
class FeedAccessTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private static final User ALICE = User.of("u-alice", "alice");
  private static final User BOB = User.of("u-bob", "bob");
  private static final User ADMIN = User.of("u-admin", "admin", "admin");

  private DataStore store;
  private ScopedTasks tasks;

  /** Each caller sees the tasks it created; admins all. */
  static final class ScopedTasks extends Repository<Task, Long> {
    /** How many of the next scope queries fail as a connection the database terminated makes them fail. */
    final java.util.concurrent.atomic.AtomicInteger broken = new java.util.concurrent.atomic.AtomicInteger();
    /** How many scope queries were asked. */
    final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

    void scopeQuery(EventArgs args) {
      asked.incrementAndGet();
      if (broken.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
        throw new dev.scribe.repository.DatabaseUnavailableException("the database cannot be reached or is"
            + " restarting; retry in 1 s", false, 1, new java.sql.SQLException("terminating connection", "57P01"));
      }
      User user = User.from(args);
      if (user == null || !user.hasRole("admin")) {
        RowScope.of(args).where("createdBy", Operator.EQ, user == null ? null : user.id());
      }
    }
  }

  @BeforeEach
  void start() {
    store = DB.store(Scribe.create(), Task.class, Subtask.class, Person.class);
    tasks = store.register(new ScopedTasks());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aCreateIsShownToTheCallersWhoseScopeHoldsTheRecordWithoutTheFieldsHiddenFromThem() {
    Task task = tasks.create(Map.of("title", "alice's", "createdBy", "u-alice", "priority", 3, "budget", 10),
        CallOptionsAccess.trustParams(CallOptions.builder().user(ALICE)).build());
    ChangeMessage created = change(task.getId(), "created", "u-alice");

    ChangeMessage forAlice = stream(ALICE).apply(created);
    assertThat(forAlice.newValues()).containsEntry("title", "t").doesNotContainKeys("priority", "budget");
    assertThat(forAlice.payload()).doesNotContain("priority").doesNotContain("budget");
    assertThat(stream(BOB).apply(created)).isNull();
    assertThat(stream(null).apply(created)).isNull();
    ChangeMessage forAdmin = stream(ADMIN).apply(created);
    assertThat(forAdmin.newValues()).containsKey("budget").doesNotContainKey("priority");
  }

  @Test
  void aDeleteIsShownToWhoMadeItAndToStreamsThatShowedTheRecordNeverToOthers() {
    Task task = tasks.create(Map.of("title", "short-lived", "createdBy", "u-alice"),
        CallOptionsAccess.trustParams(CallOptions.builder().user(ALICE)).build());
    ChangeMessage created = change(task.getId(), "created", "u-alice");
    UnaryOperator<ChangeMessage> adminStream = stream(ADMIN);
    assertThat(adminStream.apply(created)).isNotNull();
    tasks.delete(task.getId(), CallOptions.builder().user(ALICE).build());
    ChangeMessage deleted = change(task.getId(), "deleted", "u-alice");

    assertThat(adminStream.apply(deleted)).as("the admin's stream showed the record").isNotNull();
    assertThat(stream(ALICE).apply(deleted)).as("alice deleted it").isNotNull();
    assertThat(stream(BOB).apply(deleted)).isNull();
  }

  @Test
  void aChangeOfAnEntityWithoutARepositoryIsNotShown() {
    assertThat(stream(ADMIN).apply(ChangeMessage.parse(Json.write(Map.of("id", "e-1", "aggregateType", "Secret",
        "aggregateId", "1", "type", "created")), 1))).isNull();
  }

  @Test
  void aRecordThatLeftTheCallersScopeIsAnnouncedWithoutItsNewValuesAndItsLaterChangesAreNotShown() {
    Task task = create("alice's", "u-alice");
    UnaryOperator<ChangeMessage> aliceStream = stream(ALICE);
    assertThat(aliceStream.apply(change(task.getId(), "created", "u-alice"))).isNotNull();

    moveTo(task.getId(), "u-bob", "handed over");
    ChangeMessage moved = aliceStream.apply(update(task.getId(), "u-admin", "alice's", "u-alice", "handed over", "u-bob"));
    assertThat(moved).as("alice's stream showed the record: it hears that it changed").isNotNull();
    assertThat(moved.newValues()).as("but not what it became outside her scope").isNull();
    assertThat(moved.payload()).doesNotContain("u-bob").doesNotContain("handed over");

    moveTo(task.getId(), "u-bob", "bob's secret");
    assertThat(aliceStream.apply(update(task.getId(), "u-bob", "handed over", "u-bob", "bob's secret", "u-bob")))
        .as("a later change of a record out of her scope").isNull();
    assertThat(aliceStream.apply(change(task.getId(), "deleted", "u-bob"))).isNull();
  }

  /**
   * An open stream asks for its filter again as it goes on (the caller's roles may have changed since it
   * opened): the records it showed before stay shown, so one that leaves the caller's scope still says so.
   */
  @Test
  void aStreamCheckedAgainRemembersTheRecordsItShowedAndHearsThatOneLeftTheScope() throws Exception {
    Task task = create("alice's", "u-alice");
    ScopedFeedAccess access = ScopedFeedAccess.builder(store).caller(request -> ALICE).build();
    ChangeMessage created = change(task.getId(), "created", "u-alice");
    ChangeMessage moved = update(task.getId(), "u-admin", "alice's", "u-alice", "handed over", "u-bob");
    jakarta.servlet.http.HttpServlet stream = new jakarta.servlet.http.HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(jakarta.servlet.http.HttpServletRequest request,
          jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        boolean createdShown = access.open(request).apply(created) != null;
        moveTo(task.getId(), "u-bob", "handed over");
        boolean movedShown = access.open(request).apply(moved) != null;
        response.getWriter().write(createdShown + " " + movedShown);
      }
    };
    try (dev.scribe.controller.ScribeServer server = dev.scribe.controller.ScribeServer.builder()
        .servlet("/stream", stream).start()) {
      java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(server.uri().resolve("/stream")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());

      assertThat(answer.body()).as("created shown, then its leaving the scope heard after the check").isEqualTo("true true");
    }
  }

  @Test
  void aCallerWhoMovedARecordOutOfTheirScopeSeesTheirWriteButNotTheChangesAfterIt() {
    Task task = create("alice's", "u-alice");
    UnaryOperator<ChangeMessage> aliceStream = stream(ALICE);
    assertThat(aliceStream.apply(change(task.getId(), "created", "u-alice"))).isNotNull();

    moveTo(task.getId(), "u-bob", "for bob");
    ChangeMessage given = aliceStream.apply(update(task.getId(), "u-alice", "alice's", "u-alice", "for bob", "u-bob"));
    assertThat(given.newValues()).as("her own write, as her PATCH answered it").containsEntry("title", "for bob");

    moveTo(task.getId(), "u-bob", "bob's secret");
    assertThat(aliceStream.apply(update(task.getId(), "u-bob", "for bob", "u-bob", "bob's secret", "u-bob"))).isNull();
  }

  @Test
  void aRecordThatEnteredTheCallersScopeComesWithoutTheValuesItHadBefore() {
    Task task = create("alice's draft", "u-alice");
    UnaryOperator<ChangeMessage> bobStream = stream(BOB);
    assertThat(bobStream.apply(change(task.getId(), "created", "u-alice"))).isNull();

    moveTo(task.getId(), "u-bob", "handed over");
    ChangeMessage arrived = bobStream.apply(update(task.getId(), "u-admin", "alice's draft", "u-alice", "handed over", "u-bob"));
    assertThat(arrived).isNotNull();
    assertThat(arrived.newValues()).containsEntry("title", "handed over");
    assertThat(arrived.oldValues()).as("bob could not read the record before").isNull();
    assertThat(arrived.payload()).doesNotContain("alice's draft").doesNotContain("u-alice");

    moveTo(task.getId(), "u-bob", "renamed");
    assertThat(bobStream.apply(update(task.getId(), "u-bob", "handed over", "u-bob", "renamed", "u-bob")).oldValues())
        .as("once shown, a record's updates carry what it was").containsEntry("title", "handed over");
  }

  /**
   * The scope could not be asked (a connection terminated under the question): the change was left out of the
   * stream without a word. A broken connection is now asked again, on another, and the change shown.
   */
  @Test
  void aScopeQuestionMetByABrokenConnectionIsAskedAgainAndTheChangeShown() {
    Task task = create("alice's", "u-alice");
    tasks.broken.set(1);

    ChangeMessage shown = stream(ALICE).apply(change(task.getId(), "created", "u-alice"));

    assertThat(shown).isNotNull();
    assertThat(shown.newValues()).containsEntry("title", "t");
  }

  /**
   * A scope that cannot be asked at all fails the stream's view, for each stream of the caller, with one question:
   * the feed then ends those streams with {@code dropped}, where the change was left out without a word.
   */
  @Test
  void aScopeThatCannotBeAskedFailsTheViewOfEveryStreamOfTheCallerAfterOneMoreTry() {
    Task task = create("alice's", "u-alice");
    ChangeMessage created = change(task.getId(), "created", "u-alice");
    ScopedFeedAccess access = ScopedFeedAccess.builder(store).caller(request -> ALICE).build();
    UnaryOperator<ChangeMessage> first = access.open(null);
    UnaryOperator<ChangeMessage> second = access.open(null);
    tasks.broken.set(5);

    assertThatThrownBy(() -> first.apply(created)).isInstanceOf(dev.scribe.repository.DatabaseUnavailableException.class);
    assertThatThrownBy(() -> second.apply(created)).isInstanceOf(dev.scribe.repository.DatabaseUnavailableException.class);
    assertThat(tasks.broken.get()).as("asked twice for the caller's two streams, not twice each").isEqualTo(3);
  }

  /**
   * The changes the feed hands out together are asked about with one query per caller and entity: one question per
   * change and caller left the streams of a busy store tens of seconds behind it. The answers are those each change
   * gets alone.
   */
  @Test
  void changesHandedOutTogetherAreAskedAboutWithOneQuestionPerCaller() {
    java.util.List<ChangeMessage> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String owner = i % 3 == 0 ? "u-bob" : "u-alice";
      burst.add(change(create("task " + i, owner).getId(), "created", owner));
    }
    Task gone = create("deleted meanwhile", "u-alice");
    tasks.delete(gone.getId(), CallOptions.builder().user(ALICE).build());
    burst.add(change(gone.getId(), "created", "u-alice"));
    burst.add(ChangeMessage.parse(Json.write(Map.of("id", "e-bad", "aggregateType", "Task", "aggregateId", "not-an-id",
        "type", "created")), 1));
    ScopedFeedAccess access = ScopedFeedAccess.builder(store).caller(request -> ALICE).build();
    UnaryOperator<ChangeMessage> first = access.open(null);
    UnaryOperator<ChangeMessage> second = access.open(null);
    tasks.asked.set(0);

    access.upcoming(burst);
    java.util.List<Boolean> shown = new java.util.ArrayList<>();
    for (ChangeMessage change : burst.subList(0, 31)) {
      shown.add(first.apply(change) != null);
      assertThat(second.apply(change) != null).isEqualTo(shown.get(shown.size() - 1));
    }
    assertThat(tasks.asked.get()).as("one question for the 31 records of alice's two streams").isEqualTo(1);
    assertThatThrownBy(() -> first.apply(burst.get(31))).as("an id that is no id is asked alone, as before")
        .isInstanceOf(RuntimeException.class);

    java.util.List<Boolean> alone = new java.util.ArrayList<>();
    for (ChangeMessage change : burst.subList(0, 31)) {
      access.upcoming(java.util.List.of(change));
      alone.add(access.open(null).apply(change) != null);
    }
    assertThat(shown).isEqualTo(alone);
    assertThat(shown.stream().filter(Boolean::booleanValue).count()).as("alice's 20, not bob's 10 nor the deleted one")
        .isEqualTo(20);
  }

  /** A question about the changes together that fails leaves each to be asked alone, with its own retry. */
  @Test
  void aFailedQuestionAboutChangesTogetherLeavesEachToBeAskedAlone() {
    Task mine = create("alice's", "u-alice");
    Task his = create("bob's", "u-bob");
    java.util.List<ChangeMessage> burst = java.util.List.of(change(mine.getId(), "created", "u-alice"),
        change(his.getId(), "created", "u-bob"));
    ScopedFeedAccess access = ScopedFeedAccess.builder(store).caller(request -> ALICE).build();
    UnaryOperator<ChangeMessage> stream = access.open(null);
    access.upcoming(burst);
    tasks.broken.set(2); // the question together, then its first change's first try alone

    assertThat(stream.apply(burst.get(0))).isNotNull();
    assertThat(stream.apply(burst.get(1))).isNull();
  }

  private Task create(String title, String owner) {
    return tasks.create(Map.of("title", title, "createdBy", owner),
        CallOptionsAccess.trustParams(CallOptions.builder().user(User.of(owner, owner))).build());
  }

  private void moveTo(long id, String owner, String title) {
    tasks.update(id, Map.of("createdBy", owner, "title", title),
        CallOptionsAccess.trustParams(CallOptions.builder().user(ADMIN)).build());
  }

  private static ChangeMessage update(long id, String user, String oldTitle, String oldOwner, String newTitle,
      String newOwner) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", java.util.UUID.randomUUID().toString());
    body.put("aggregateType", "Task");
    body.put("aggregateId", Long.toString(id));
    body.put("type", "updated");
    body.put("old", Map.of("id", id, "title", oldTitle, "createdBy", oldOwner));
    body.put("new", Map.of("id", id, "title", newTitle, "createdBy", newOwner));
    body.put("user", user);
    return ChangeMessage.parse(Json.write(body), 1);
  }

  private UnaryOperator<ChangeMessage> stream(User caller) {
    return ScopedFeedAccess.builder(store)
        .caller(request -> caller)
        .fields(FieldPolicy.builder().hide("Task", "priority").readRoles("Task", "budget", "admin").build())
        .build()
        .open(null);
  }

  private ChangeMessage change(long id, String type, String user) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", id);
    values.put("title", "t");
    values.put("priority", 3);
    values.put("budget", 10);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", "e-" + type + "-" + id);
    body.put("aggregateType", "Task");
    body.put("aggregateId", Long.toString(id));
    body.put("type", type);
    body.put("old", type.equals("created") ? null : values);
    body.put("new", type.equals("deleted") ? null : values);
    body.put("user", user);
    return ChangeMessage.parse(Json.write(body), 1);
  }
}
