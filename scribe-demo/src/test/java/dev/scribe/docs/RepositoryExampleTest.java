package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.eventbus.Subscribe;
import dev.scribe.entity.EntityTier;
import dev.scribe.core.Scribe;
import dev.scribe.core.Tier;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.BatchResult;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.EntityCreated;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Page;
import dev.scribe.repository.Query;
import dev.scribe.repository.RepositoryTier;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The examples of docs/entity.md and docs/repository.md, run as shown there. */
class RepositoryExampleTest {
  private DataStore store;
  private TaskRepository tasks;

  private final List<String> fired = new ArrayList<>();

  @BeforeEach
  void open() {
    // tag::repository-setup[]
    Scribe scribe = Scribe.create();
    DataStore store = DataStore.builder(scribe)
        .jdbcUrl("jdbc:h2:mem:guide;DB_CLOSE_DELAY=-1").username("sa").password("")
        .entities(Task.class, Subtask.class)
        .schemaAction("create-drop")
        .build();
    TaskRepository tasks = store.register(new TaskRepository());
    store.register(new SubtaskRepository());        // nested subtasks are created through it
    // end::repository-setup[]
    this.store = store;
    this.tasks = tasks;
    for (Tier tier : List.of(RepositoryTier.TIER, EntityTier.TIER)) {
      for (String event : tier.eventNames()) {
        scribe.tier(tier).on(event, args -> fired.add(
            event.equals("preSetField") ? event + " " + EntityTier.fieldName(args) : tier.name() + "." + event));
      }
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void createsOneRecordAndABatch() {
    // tag::repository-create[]
    User ada = new User("u1", "ada", Set.of());
    Task one = tasks.create(Map.of("title", "  write the docs ", "dueDate", "2026-03-01"));
    BatchResult<Task> batch = tasks.createBatch(List.of(
            Map.of("title", "a", "subtasks", List.of(Map.of("title", "a.1"))),
            Map.of("title", "urgent"),
            Map.of("title", "c", "priority", "2")),
        CallOptions.builder().ignoreErrors(true).user(ada).build());
    // end::repository-create[]

    assertThat(one.title).isEqualTo("write the docs");            // preSetField stripped it
    assertThat(one.dueDate).isEqualTo(LocalDate.of(2026, 3, 1));   // converted to the attribute's type
    assertThat(one.priority).isEqualTo(3);                         // preCreate's default
    assertThat(one.createdBy).isEqualTo("anonymous");              // prePersist
    assertThat(batch.items()).extracting(t -> t.title).containsExactly("a", "c");
    assertThat(batch.items()).extracting(t -> t.priority).containsExactly(3, 2);
    assertThat(batch.items()).extracting(t -> t.createdBy).containsExactly("ada", "ada");
    assertThat(batch.items().get(0).subtasks).extracting(s -> s.title).containsExactly("a.1");
    assertThat(batch.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.index()).isEqualTo(1);
      assertThat(failure.status()).isEqualTo(422);
      assertThat(failure.fieldErrors()).isEqualTo(Map.of("title", List.of("must say what is urgent")));
    });
    assertThat(tasks.count(new Query(), CallOptions.none())).isEqualTo(3);
  }

  @Test
  void oneCreateFiresTheEventsInTheirOrder() {
    tasks.create(Map.of("title", "one"));

    // tag::create-order[]
    assertThat(fired).containsExactly(
        "repository.preStart", "repository.preCreateBatch",
        "repository.preCreate", "repository.preSave",                       // TaskRepository.preCreate adds priority
        "repository.validateCreate", "repository.validateSave",              // with Bean Validation
        "repository.verifyCreate", "repository.verifySave",
        "preSetField title", "preSetField priority",                         // entity tier, binding the params
        "entity.prePersist",                                                 // entity tier, at persist
        "repository.processResultsCreate", "repository.postCreate", "repository.postSave",
        "entity.postPersist",                                                // after the INSERT, at the flush point
        "repository.postCreateBatch", "repository.preStop");
    // end::create-order[]
  }

  @Test
  void aFailedCreateEndsWithPreStopCarryingTheFailure() {
    tasks.events().on("verifyCreate", args -> {
      throw new Veto(409, "a task with that title is open");
    });
    List<Object> seen = new ArrayList<>();
    tasks.events().on("preStop", args -> seen.add(RepositoryTier.exception(args)));
    List<Object> results = new ArrayList<>();
    tasks.events().on("preStop", args -> results.addAll(args.results()));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> tasks.create(Map.of("title", "one")));

    // tag::failure-order[]
    assertThat(fired).containsExactly(
        "repository.preStart", "repository.preCreateBatch",
        "repository.preCreate", "repository.preSave", "repository.validateCreate", "repository.validateSave",
        "repository.verifyCreate",                                           // the veto
        "repository.preStop");                                               // exception: that veto; results: []
    // end::failure-order[]
    assertThat(seen).containsExactly(thrown);
    assertThat(results).isEmpty();
  }

  @Test
  void aVetoRollsTheWholeBatchBack() {
    assertThatThrownBy(() -> tasks.createBatch(List.of(Map.of("title", "a"), Map.of("title", "urgent")), CallOptions.none()))
        .isInstanceOfSatisfying(Veto.class, veto -> assertThat(veto.status()).isEqualTo(422));
    assertThat(tasks.count(new Query(), CallOptions.none())).isZero();

    Task open = tasks.create(Map.of("title", "still open"));
    assertThatThrownBy(() -> tasks.delete(open.id))
        .isInstanceOfSatisfying(Veto.class, veto -> assertThat(veto.getMessage()).contains("is still open"));
    assertThat(tasks.find(open.id)).isPresent();
  }

  @Test
  void queriesAndBulkWrites() {
    tasks.createBatch(List.of(Map.of("title", "one", "priority", 1), Map.of("title", "two", "priority", 4),
        Map.of("title", "three", "priority", 5, "completed", true)), CallOptions.none());

    // tag::repository-query[]
    Page<Task> page = tasks.list(Query.fromParams(Map.of("priority[gte]", "3", "sort", "-priority")), CallOptions.none());
    long open = tasks.count(new Query().where("completed", Operator.EQ, false), CallOptions.none());
    // end::repository-query[]
    assertThat(page.items()).extracting(t -> t.title).containsExactly("three", "two");
    assertThat(page.total()).isEqualTo(2);
    assertThat(open).isEqualTo(2);

    // tag::repository-bulk[]
    tasks.updateWhere(new Query().where("completed", Operator.EQ, true), Map.of("archived", true), CallOptions.none());
    tasks.deleteWhere(new Query().where("archived", Operator.EQ, true), CallOptions.none());
    // end::repository-bulk[]
    assertThat(tasks.count(new Query(), CallOptions.none())).isEqualTo(2);
  }

  @Test
  void afterCommitEventsComeOnlyAfterTheCommit() {
    List<String> mail = new ArrayList<>();
    // tag::after-commit[]
    store.events().register(new Object() {
      @Subscribe public void on(EntityCreated created) {
        mail.add("new " + created.entityName() + " " + created.id());
      }
    });
    // end::after-commit[]
    Task task = tasks.create(Map.of("title", "mail me"));
    assertThatThrownBy(() -> tasks.create(Map.of("title", "urgent"))).isInstanceOf(Veto.class);

    assertThat(mail).containsExactly("new Task " + task.id);
  }
}
