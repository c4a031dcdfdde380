package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

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
    void scopeQuery(EventArgs args) {
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
