package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a developer gets for using the API carelessly: an error that names the call and what to do, thrown
 * where the mistake is, never a NullPointerException, a 404 for a record nobody asked for, or a lock that
 * outlives its unit of work.
 */
class ApiMisuseTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  @Test
  void nullArgumentsAreUsageErrorsNamingTheCall() {
    TaskRepository tasks = fixture.tasks;

    assertThatThrownBy(() -> tasks.create(null)).isInstanceOf(UsageException.class)
        .hasMessage("create(...) got null; pass a map of the record's fields");
    assertThatThrownBy(() -> tasks.update(null, Map.of("title", "x"))).isInstanceOf(UsageException.class)
        .hasMessage("update(...) got null; pass the id of the record to update");
    assertThatThrownBy(() -> tasks.delete(null)).isInstanceOf(UsageException.class)
        .hasMessage("delete(...) got null; pass the id of the record to delete");
    assertThatThrownBy(() -> tasks.list(null, CallOptions.none())).isInstanceOf(UsageException.class)
        .hasMessage("list(...) got null; pass a Query (new Query() for the first page of every record)");
    assertThatThrownBy(() -> tasks.updateWhere(null, Map.of("title", "x"), CallOptions.none()))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("updateWhere(...) got null; pass a Query");
    assertThatThrownBy(() -> tasks.createBatch(List.of(params("title", "x")), null)).isInstanceOf(UsageException.class)
        .hasMessage("createBatch(...) got null; pass CallOptions.none() for no options");
    assertThat(fixture.db.rows("Task")).isEmpty();
  }

  @Test
  void aContextPathWithAnEmptySegmentWhitespaceOrAGlobStarIsRefused() {
    for (String path : List.of("a..b", "", ".tasks", "tasks.", "admin.tasks.*", "admin. tasks")) {
      assertThatThrownBy(() -> CallOptions.builder().path(path)).isInstanceOf(UsageException.class)
          .hasMessage("CallOptions.builder().path(\"" + path + "\"): a context path is names separated by single dots,"
              + " such as \"admin.tasks.store\", without whitespace or '*'; pass null for the default"
              + " <repository name>.<operation>");
    }
    assertThat(CallOptions.builder().path("admin.tasks-v2.store_all").build().path()).isEqualTo("admin.tasks-v2.store_all");
    assertThat(CallOptions.builder().path(null).build().path()).isNull();
  }

  @Test
  void theFailureOfNullArgsIsAUsageError() {
    assertThatThrownBy(() -> RepositoryTier.exception(null)).isInstanceOf(UsageException.class)
        .hasMessage("RepositoryTier.exception(null): pass the event's args, e.g. RepositoryTier.exception(args) in a"
            + " preStop handler");
  }

  @Test
  void nullArgumentsOfTheUnitOfWorkAreUsageErrorsNamingTheArgument() {
    fixture.store.inTransaction(() -> {
      UnitOfWork unit = fixture.store.currentUnitOfWork().orElseThrow();
      assertThatThrownBy(() -> unit.afterCommit(null)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("afterCommit(null): pass the code to run");
      assertThatThrownBy(() -> unit.afterRollback(null)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("afterRollback(null): pass the code to run");
      assertThatThrownBy(() -> unit.lock(null, "k")).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("lock(null, k): pass the name of the lock space");
      assertThatThrownBy(() -> unit.lock(" ", "k")).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("lock(\" \", k): pass the name of the lock space");
      assertThatThrownBy(() -> unit.lockAll("", List.of("k"))).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("lockAll(\"\", [k]): pass the name of the lock space");
      assertThatThrownBy(() -> unit.lock("space", null)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("lock(\"space\", null): pass the key to lock");
      assertThatThrownBy(() -> unit.lockAll(null, List.of("k"))).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("lockAll(null, [k]): pass the name of the lock space");
      assertThatThrownBy(() -> unit.lockAll("space", null)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("lockAll(\"space\", null): pass the keys to lock");
      assertThatThrownBy(() -> unit.lockAll("space", java.util.Arrays.asList("k", null)))
          .isInstanceOf(UsageException.class).hasMessageContaining("got a null key");
      return null;
    });
  }

  @Test
  void nullArgumentsOfTheStoreAreUsageErrorsAndANegativeRetryCountIsRefused() {
    DataStore store = fixture.store;
    int[] runs = new int[1];

    assertThatThrownBy(() -> store.inTransaction((java.util.function.Supplier<Object>) null))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("inTransaction(null): pass the work");
    assertThatThrownBy(() -> store.inTransaction((Runnable) null))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("inTransaction(null): pass the work");
    assertThatThrownBy(() -> store.retrying(3, null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("retrying(3, null): pass the work to run");
    assertThatThrownBy(() -> store.retrying(-1, () -> runs[0]++)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("retrying(-1, ...): pass how many more runs a lost race may get, 0 or more");
    assertThat(runs[0]).isZero();
    assertThatThrownBy(() -> store.register(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("register(null): pass the repository to register");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).entities((Class<?>[]) null))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("DataStore.builder().entities(null) got null");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).entities(Task.class, null))
        .isInstanceOf(UsageException.class).hasMessageContaining("got null; pass the entity classes");
    // a ConfigurationException naming no call, where every other null of the store's API is a UsageException naming it
    assertThatThrownBy(() -> DataStore.builder(null)).isInstanceOf(UsageException.class)
        .hasMessage("DataStore.builder(null): pass the Scribe application the store fires its events in, e.g."
            + " DataStore.builder(Scribe.create())");
  }

  @Test
  void nullArgumentsOfTheScopeHelpersAreUsageErrorsNamingTheCall() {
    TaskRepository tasks = fixture.tasks;

    assertThatThrownBy(() -> tasks.idsInScope(null, CallOptions.none())).isInstanceOf(UsageException.class)
        .hasMessage("idsInScope(...) got null; pass the ids to check (List.of() for none)");
    assertThatThrownBy(() -> tasks.idsInScope(List.of(1L), null)).isInstanceOf(UsageException.class)
        .hasMessage("idsInScope(...) got null; pass CallOptions.none() for no options");
    fixture.store.inTransaction(() -> {
      jakarta.persistence.EntityManager em = fixture.store.currentUnitOfWork().orElseThrow().entityManager();
      jakarta.persistence.criteria.Root<Task> root = em.getCriteriaBuilder().createQuery(Task.class).from(Task.class);
      assertThatThrownBy(() -> tasks.scopePredicate(null, root)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("scopePredicate(...) got null; pass the CriteriaBuilder");
      assertThatThrownBy(() -> tasks.scopePredicate(em.getCriteriaBuilder(), null)).isInstanceOf(UsageException.class)
          .hasMessage("scopePredicate(...) got null; pass the Root of the query to scope, query.from(Task.class)");
      assertThatThrownBy(() -> tasks.scopePredicate(em.getCriteriaBuilder(), root, null))
          .isInstanceOf(UsageException.class).hasMessageContaining("CallOptions.none()");
      return null;
    });
  }

  @Test
  void callOptionsRefuseANullKeyOrMapAndTheKeysTheCallSetsItself() {
    assertThatThrownBy(() -> CallOptions.builder().put(null, "v")).isInstanceOf(UsageException.class)
        .hasMessage("CallOptions.builder().put(null, v): pass the name the handlers read the value under");
    assertThatThrownBy(() -> CallOptions.builder().frontEndOptions(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("CallOptions.builder().frontEndOptions(null): pass the front-end options");
    assertThatThrownBy(() -> CallOptions.builder().optionOverrides(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("CallOptions.builder().optionOverrides(null)");
    Map<String, Object> nullName = new java.util.HashMap<>();
    nullName.put(null, true);
    assertThatThrownBy(() -> CallOptions.builder().optionOverrides(nullName)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("the options {null=true} have the name null for the value true");
    assertThatThrownBy(() -> CallOptions.builder().put("path", "admin.tasks")).isInstanceOf(UsageException.class)
        .hasMessage("CallOptions.builder().put(\"path\", ...): the repository call sets 'path' in the args itself, so"
            + " this value would never reach the handlers; use path(...)");
    assertThatThrownBy(() -> CallOptions.builder().put("user", "ada")).isInstanceOf(UsageException.class)
        .hasMessageEndingWith("use user(...)");
    for (String key : List.of("self", "params", "index", "config", "options", "entity", "id")) {
      assertThatThrownBy(() -> CallOptions.builder().put(key, 1)).as(key).isInstanceOf(UsageException.class)
          .hasMessageEndingWith("put the value under a name of your own");
    }

    List<Object> seen = new java.util.ArrayList<>();
    fixture.on(fixture.tasks.events(), "preCreate", args -> seen.add(args.get("controller") + " " + args.get("tenant")));
    fixture.tasks.create(params("title", "a"), CallOptions.builder().put("controller", "admin").put("tenant", "acme")
        .build());
    assertThat(seen).containsExactly("admin acme");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aQueryFromParamsWithAKeyThatIsNotAStringIsAUsageErrorNamingTheKey() {
    Map raw = new java.util.LinkedHashMap();
    raw.put(42, "1");
    Map withNull = new java.util.HashMap();
    withNull.put(null, "1");

    assertThatThrownBy(() -> Query.fromParams(raw)).isInstanceOf(UsageException.class)
        .hasMessage("Query.fromParams(...) got the key 42 (an Integer); the keys are parameter names (Strings) such as"
            + " title, priority[gte], sort, page or size");
    assertThatThrownBy(() -> Query.fromParams(withNull)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Query.fromParams(...) got the key null;");
    assertThatThrownBy(() -> Query.fromParams(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Query.fromParams(...) got null;");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void anIdOfTheWrongTypeThroughARawReferenceIsA400AsForDelete() {
    Repository raw = fixture.tasks;

    assertThatThrownBy(() -> raw.get("abc")).isInstanceOf(dev.scribe.core.Veto.class)
        .hasMessageStartingWith("id: ").satisfies(e -> assertThat(((dev.scribe.core.Veto) e).status()).isEqualTo(400));
    assertThatThrownBy(() -> raw.find("abc")).isInstanceOf(dev.scribe.core.Veto.class);
  }

  @Test
  void aNullIdInADeleteBatchIsRefusedUnderItsIndex() {
    Task kept = fixture.tasks.create(params("title", "kept"));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
        fixture.tasks.deleteBatch(java.util.Arrays.asList(kept.getId(), null), CallOptions.none()));

    assertThat(thrown).isInstanceOf(dev.scribe.core.Veto.class)
        .hasMessageContaining("record 1 of the delete batch is null; each element is the id of a task to delete");
    assertThat(((dev.scribe.core.Veto) thrown).status()).isEqualTo(400);
    assertThat(fixture.db.rows("Task")).hasSize(1);
  }

  @Test
  void anIdRepeatedInADeleteBatchIsRefusedUnderItsIndexNotReportedAsMissing() {
    Task kept = fixture.tasks.create(params("title", "kept"));
    Task other = fixture.tasks.create(params("title", "other"));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
        fixture.tasks.deleteBatch(List.of(kept.getId(), kept.getId()), CallOptions.none()));
    BatchResult<Task> kept2 = fixture.tasks.deleteBatch(List.of(other.getId(), other.getId()),
        CallOptions.builder().ignoreErrors(true).build());

    assertThat(thrown).isInstanceOf(dev.scribe.core.Veto.class)
        .hasMessage("record 1 of the delete batch repeats the id " + kept.getId() + " of record 0; name each task once");
    assertThat(((dev.scribe.core.Veto) thrown).status()).isEqualTo(400);
    assertThat(((dev.scribe.core.Veto) thrown).records()).extracting(dev.scribe.core.Veto.RecordError::index).containsExactly(1);
    assertThat(kept2.items()).hasSize(1);
    assertThat(kept2.failures()).extracting(dev.scribe.core.Veto.RecordError::index, dev.scribe.core.Veto.RecordError::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, 400));
    assertThat(fixture.db.rows("Task")).hasSize(1);
  }

  @Test
  void anIdRepeatedInAnUpdateBatchIsRefusedUnderItsIndexAsInADeleteBatch() {
    Task kept = fixture.tasks.create(params("title", "kept"));
    Task other = fixture.tasks.create(params("title", "other"));

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> fixture.tasks.updateBatch(List.of(
        params("id", kept.getId(), "title", "first"), params("id", kept.getId(), "title", "second")), CallOptions.none()));
    BatchResult<Task> kept2 = fixture.tasks.updateBatch(List.of(params("id", other.getId(), "title", "first"),
        params("id", String.valueOf(other.getId()), "title", "second")), CallOptions.builder().ignoreErrors(true).build());

    assertThat(thrown).isInstanceOf(dev.scribe.core.Veto.class)
        .hasMessage("record 1 of the update batch repeats the id " + kept.getId() + " of record 0; name each task once");
    assertThat(((dev.scribe.core.Veto) thrown).status()).isEqualTo(400);
    assertThat(((dev.scribe.core.Veto) thrown).records()).singleElement().satisfies(error -> {
      assertThat(error.index()).isEqualTo(1);
      assertThat(error.fieldErrors()).containsEntry("id", List.of("repeats record 0"));
    });
    assertThat(kept2.items()).extracting(Task::getTitle).containsExactly("first");
    assertThat(kept2.failures()).extracting(dev.scribe.core.Veto.RecordError::index, dev.scribe.core.Veto.RecordError::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 400));
    assertThat(fixture.db.rows("Task")).extracting(row -> row.get("title")).containsExactlyInAnyOrder("kept", "first");
  }

  @Test
  void anIdRepeatedAfterRisingOrFallingIdsIsRefusedNamingTheRecordThatNamedItFirst() {
    Task a = fixture.tasks.create(params("title", "a"));
    Task b = fixture.tasks.create(params("title", "b"));
    Task c = fixture.tasks.create(params("title", "c"));
    CallOptions keep = CallOptions.builder().ignoreErrors(true).build();

    // ids in rising order, then one named before: found although the rising ids are not looked up one by one
    BatchResult<Task> rising = fixture.tasks.updateBatch(List.of(params("id", a.getId(), "title", "a1"),
        params("id", b.getId(), "title", "b1"), params("id", c.getId(), "title", "c1"),
        params("id", a.getId(), "title", "a2")), keep);
    // out of order first, then a repeat of the first record and of a later one
    BatchResult<Task> falling = fixture.tasks.updateBatch(List.of(params("id", c.getId(), "title", "c3"),
        params("id", a.getId(), "title", "a3"), params("id", c.getId(), "title", "c4"),
        params("id", b.getId(), "title", "b3"), params("id", a.getId(), "title", "a4")), keep);

    assertThat(rising.items()).extracting(Task::getTitle).containsExactly("a1", "b1", "c1");
    assertThat(rising.failures()).singleElement().satisfies(error -> {
      assertThat(error.index()).isEqualTo(3);
      assertThat(error.fieldErrors()).containsEntry("id", List.of("repeats record 0"));
    });
    assertThat(falling.items()).extracting(Task::getTitle).containsExactly("c3", "a3", "b3");
    assertThat(falling.failures()).extracting(dev.scribe.core.Veto.RecordError::index,
        error -> error.fieldErrors().get("id")).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, List.of("repeats record 0")),
        org.assertj.core.groups.Tuple.tuple(4, List.of("repeats record 1")));
  }

  @Test
  void aClosedStoreSaysSoInsteadOfHibernatesError() {
    DataStore closed = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:closed-store").username("sa")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    TaskRepository tasks = closed.register(new TaskRepository());
    closed.close();

    assertThatThrownBy(() -> tasks.create(params("title", "late"))).isInstanceOf(UsageException.class)
        .hasMessage("this DataStore is closed; it cannot open a unit of work. Build a new DataStore, or close the store"
            + " only after the last call to its repositories");
    assertThatThrownBy(() -> closed.inTransaction(() -> 1)).isInstanceOf(UsageException.class);
    for (Repository<?, ?> late : List.of(new TaskRepository(), new PersonRepository())) {
      assertThatThrownBy(() -> closed.register(late)).isInstanceOf(UsageException.class)
          .hasMessage("this DataStore is closed; it cannot register " + late.getClass().getName() + ". Register the"
              + " repositories on a new DataStore, before it is closed");
    }
    assertThat(closed.findRepository(Person.class)).isEmpty();
  }

  @Test
  void aHandlerThatReplacesTheLoadedEntityOrIdIsAnArgsContractErrorAndNothingIsWritten() {
    Task task = fixture.tasks.create(params("title", "original"));
    fixture.on(fixture.tasks.events(), "preUpdate", args -> args.put(EventArgs.ENTITY, new Task()));

    assertThatThrownBy(() -> fixture.tasks.update(task.getId(), params("title", "changed")))
        .isInstanceOf(ArgsContractException.class)
        .hasMessage("a handler of TaskRepository replaced 'entity' in the args of update of task " + task.getId()
            + " with another Task; change the loaded entity's fields, or the params, instead of replacing it");
    assertThat(fixture.tasks.get(task.getId()).getTitle()).isEqualTo("original");
    fixture.reset();

    Task other = fixture.tasks.create(params("title", "other"));
    fixture.on(fixture.tasks.events(), "verifyUpdate", args -> args.put(EventArgs.ID, 424242L));
    assertThatThrownBy(() -> fixture.tasks.update(other.getId(), params("title", "changed")))
        .isInstanceOf(ArgsContractException.class)
        .hasMessageStartingWith("a handler of TaskRepository replaced 'id' in the args of update of task " + other.getId()
            + " with 424242;");
    fixture.reset();

    Task doomed = fixture.tasks.create(params("title", "doomed"));
    fixture.on(fixture.tasks.events(), "preDelete", args -> args.put(EventArgs.ENTITY, new Task()));
    assertThatThrownBy(() -> fixture.tasks.delete(doomed.getId())).isInstanceOf(ArgsContractException.class)
        .hasMessageContaining("replaced 'entity' in the args of delete of task " + doomed.getId());
    assertThat(fixture.tasks.find(doomed.getId())).isPresent();
  }

  @Test
  void changesProposeAToOneAssociationByIdBeforeBinding() {
    Person ann = fixture.people.create(params("name", "ann"));
    Person bo = fixture.people.create(params("name", "bo"));
    Task task = fixture.tasks.create(params("title", "a", "owner", ann.id));
    List<String> seen = new java.util.ArrayList<>();
    fixture.on(fixture.tasks.events(), "preUpdate", args -> seen.add("preUpdate " + args.changes()));
    fixture.on(fixture.tasks.events(), "validateUpdate", args -> seen.add("validateUpdate " + args.changes()));

    fixture.tasks.update(task.getId(), params("owner", bo.id, "priority", "3"));
    fixture.tasks.update(task.getId(), params("owner", Map.of("id", bo.id)));
    fixture.tasks.update(task.getId(), params("owner", null));

    String owner = "owner=Change[oldValue=" + ann.id + ", newValue=" + bo.id + "]";
    assertThat(seen).hasSize(6);
    assertThat(seen.get(0)).startsWith("preUpdate ").contains(owner).contains("priority=");
    assertThat(seen.get(1)).startsWith("validateUpdate ").contains(owner);
    assertThat(seen.get(2)).isEqualTo("preUpdate {}");
    assertThat(seen.get(4)).isEqualTo("preUpdate {owner=Change[oldValue=" + bo.id + ", newValue=null]}");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void paramsWithAKeyThatIsNotAStringAreAUsageErrorNamingTheKey() {
    Map raw = new java.util.LinkedHashMap();
    raw.put("title", "a");
    raw.put(7, "x");

    assertThatThrownBy(() -> fixture.tasks.create(raw)).isInstanceOf(UsageException.class)
        .hasMessage("tasks.create: the params of record 0 have the key 7 (an Integer); params map field names (Strings) to values");
    assertThatThrownBy(() -> fixture.tasks.createBatch((List) List.of(params("title", "b"), raw), CallOptions.none()))
        .isInstanceOf(UsageException.class).hasMessageContaining("record 1 have the key 7");
    assertThatThrownBy(() -> fixture.tasks.updateWhere(new Query(), raw, CallOptions.none()))
        .isInstanceOf(UsageException.class).hasMessageContaining("the key 7 (an Integer)");
    assertThat(fixture.db.rows("Task")).isEmpty();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aNestedRecordWithAKeyThatIsNotAStringIsAUsageErrorNamingWhereItIs() {
    Map raw = new java.util.LinkedHashMap();
    raw.put(7, "x");
    Map<String, Object> nullKey = new java.util.HashMap<>();
    nullKey.put(null, "x");

    assertThatThrownBy(() -> fixture.tasks.create(params("title", "a", "subtasks", List.of(params("title", "s"), raw))))
        .isInstanceOf(UsageException.class).hasMessage("tasks.create: the params of record 0 have the key 7 (an Integer)"
            + " under subtasks[1]; params map field names (Strings) to values");
    assertThatThrownBy(() -> fixture.tasks.createBatch(List.of(params("title", "b"), params("title", "c", "owner",
        nullKey)), CallOptions.none())).isInstanceOf(UsageException.class)
        .hasMessage("tasks.create: the params of record 1 have the key null under owner; params map field names"
            + " (Strings) to values");
    Task task = fixture.tasks.create(params("title", "d"));
    assertThatThrownBy(() -> fixture.tasks.update(task.id, params("subtasks", List.of(raw))))
        .isInstanceOf(UsageException.class).hasMessageContaining("have the key 7 (an Integer) under subtasks[0]");
    assertThat(fixture.db.rows("Task")).extracting(row -> row.get("title")).containsExactly("d");
    assertThat(fixture.db.rows("Subtask")).isEmpty();
  }

  @Test
  void aPageThatStartsPastWhatAQueryCanSkipIsA400NamingTheLastPage() {
    fixture.tasks.create(params("title", "a"));

    assertThatThrownBy(() -> fixture.tasks.list(new Query().page(Integer.MAX_VALUE), CallOptions.none()))
        .isInstanceOfSatisfying(dev.scribe.core.Veto.class, veto -> {
          assertThat(veto.status()).isEqualTo(400);
          assertThat(veto.getMessage()).startsWith("page 2147483647 of size 20 starts past the last record")
              .contains("ask for page 107374183 at most");
        });
    assertThat(fixture.tasks.list(new Query().page(107374183), CallOptions.none()).items()).isEmpty();
  }

  @Test
  void anOptionOfTheWrongTypeIsRefusedWhenConfiguredAndAnUnknownSchemaActionAtTheBuilder() {
    assertThatThrownBy(() -> fixture.tasks.configure(Config.of(Map.of("ignoreErrors", "yes"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("ignoreErrors")
        .hasMessageContaining("TaskRepository, the defaults");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).schemaAction("crate"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("schemaAction 'crate' is not one Hibernate knows; use one of none, create, create-drop, create-only,"
            + " drop, update, validate");
  }

  @Test
  void aUnitOfWorkThatHasEndedOrRunsOnAnotherThreadRefusesLocksCallbacksAndItsEntityManager() throws Exception {
    UnitOfWork[] kept = new UnitOfWork[1];
    fixture.store.inTransaction(() -> {
      kept[0] = fixture.store.currentUnitOfWork().orElseThrow();
      CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> kept[0].lock("space", "k"));
      ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, elsewhere::get);
      assertThat(refused.getCause()).isInstanceOf(UsageException.class).hasMessageContaining("belongs to the thread");
      CompletableFuture<Object> reading = CompletableFuture.supplyAsync(() -> kept[0].entityManager());
      refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, reading::get);
      assertThat(refused.getCause()).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("entityManager() from thread");
      return null;
    });

    assertThatThrownBy(() -> kept[0].lock("space", "k")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("lock(...) on a unit of work that has ended");
    assertThatThrownBy(() -> kept[0].afterCommit(() -> { })).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> kept[0].setRollbackOnly()).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> kept[0].entityManager()).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("entityManager() on a unit of work that has ended (committed or rolled back);");
    // the key was never taken: another unit gets it at once
    fixture.store.inTransaction(() -> fixture.store.currentUnitOfWork().orElseThrow().lock("space", "k"));
  }

  @Test
  void handlersThatReplaceParamsWithTheWrongTypeBreakTheArgsContract() {
    fixture.on(fixture.tasks.events(), "preCreateBatch", args -> args.put(EventArgs.PARAMS, Map.of("title", "x")));
    assertThatThrownBy(() -> fixture.tasks.createBatch(List.of(params("title", "a")), CallOptions.none()))
        .isInstanceOf(ArgsContractException.class).hasMessageContaining("preCreateBatch");
    fixture.reset();

    fixture.on(fixture.tasks.events(), "preCreate", args -> args.put(EventArgs.PARAMS, "not a map"));
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "a"))).isInstanceOf(ArgsContractException.class)
        .hasMessageContaining("params");
    assertThat(fixture.db.rows("Task")).isEmpty();
  }

  @Test
  void aHandlerThatPutsANullKeyInTheParamsBreaksTheArgsContractWhereItWritesAndNothingIsWritten() {
    fixture.on(fixture.tasks.events(), "preCreate", args -> args.params().put(null, 3));

    assertThatThrownBy(() -> fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b")),
        CallOptions.builder().ignoreErrors(true).build())).isInstanceOf(ArgsContractException.class)
        .hasMessage("a handler put 3 under the key null in the params; params map field names to values: put it"
            + " under the name of the field it sets");
    assertThat(fixture.db.rows("Task")).isEmpty();
  }

  @Test
  void aHandlerThatRemovesTheParamsOfARecordBreaksTheArgsContractAndNothingIsWritten() {
    fixture.on(fixture.tasks.events(), "validateCreate", args -> args.remove(EventArgs.PARAMS));
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "a"))).isInstanceOf(ArgsContractException.class)
        .hasMessage("a validateCreate or validateSave handler of TaskRepository removed 'params' from the args of create"
            + " of record 0 (or put null there); change the entries of the params map, or put another map there,"
            + " instead of removing it");
    assertThat(fixture.db.rows("Task")).isEmpty();
    fixture.reset();

    Task task = fixture.tasks.create(params("title", "kept"));
    fixture.on(fixture.tasks.events(), "preUpdate", args -> args.put(EventArgs.PARAMS, null));
    assertThatThrownBy(() -> fixture.tasks.update(task.getId(), params("title", "changed")))
        .isInstanceOf(ArgsContractException.class).hasMessageStartingWith("a preUpdate or preSave handler of TaskRepository"
            + " removed 'params' from the args of update of record 0");
    fixture.reset();

    fixture.on(fixture.tasks.events(), "verifySave", args -> args.remove(EventArgs.PARAMS));
    assertThatThrownBy(() -> fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b")),
        CallOptions.builder().ignoreErrors(true).build())).isInstanceOf(ArgsContractException.class)
        .hasMessageStartingWith("a verifyCreate or verifySave handler");
    assertThat(fixture.db.rows("Task")).isEmpty();
  }

  @Test
  void aResultReplacedWithSomethingElseThanAnEntityIsRefusedBeforeTheCommit() {
    fixture.on(fixture.tasks.events(), "processResultsCreate", args -> args.put(EventArgs.LAST_RESULT, "done"));
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "a"))).isInstanceOf(ArgsContractException.class)
        .hasMessage("a processResultsCreate handler of TaskRepository replaced the result of record 0 of create with a"
            + " java.lang.String; create returns Task entities: put another Task (or null) there, or change the"
            + " entity's fields");
    assertThat(fixture.db.rows("Task")).isEmpty(); // the caller was told it failed: it did not commit
    assertThatThrownBy(() -> fixture.tasks.createBatch(List.of(params("title", "a")), CallOptions.none()))
        .isInstanceOf(ArgsContractException.class);
    assertThat(fixture.db.rows("Task")).isEmpty();
    fixture.reset();

    fixture.on(fixture.tasks.events(), "postCreateBatch", args -> args.results().add(42));
    assertThatThrownBy(() -> fixture.tasks.createBatch(List.of(params("title", "a")), CallOptions.none()))
        .isInstanceOf(ArgsContractException.class).hasMessageContaining("item 1 of the results of create with a java.lang.Integer");
    assertThat(fixture.db.rows("Task")).isEmpty();
    fixture.reset();

    Task task = fixture.tasks.create(params("title", "kept"));
    fixture.on(fixture.tasks.events(), "processResultsUpdate", args -> args.put(EventArgs.LAST_RESULT, 5));
    assertThatThrownBy(() -> fixture.tasks.updateBatch(List.of(params("id", task.getId(), "title", "changed")),
        CallOptions.none())).isInstanceOf(ArgsContractException.class);
    assertThat(fixture.tasks.get(task.getId()).getTitle()).isEqualTo("kept");
    fixture.reset();

    fixture.tasks.create(params("title", "listed"));
    fixture.on(fixture.tasks.events(), "preStop", args -> {
      if (args.results() != null) {
        args.results().add("not a task");
      }
    });
    assertThatThrownBy(() -> fixture.tasks.list(new Query(), CallOptions.none())).isInstanceOf(ArgsContractException.class)
        .hasMessageContaining("put a java.lang.String at 1 of the results of list");
    fixture.reset();

    fixture.on(fixture.tasks.events(), "preStop", args -> args.remove(EventArgs.RESULT));
    assertThatThrownBy(() -> fixture.tasks.count(new Query(), CallOptions.none())).isInstanceOf(ArgsContractException.class)
        .hasMessage("a preStop handler of TaskRepository removed the count of count from 'result' (or put null there);"
            + " count returns it: put another number there instead");
  }

  @Test
  void aQueryOrActingAsCallWithANullArgumentIsAUsageError() {
    assertThatThrownBy(() -> new Query().where(null, Operator.EQ, 3)).isInstanceOf(UsageException.class)
        .hasMessage("a filter got a null attribute (operator EQ, value 3); name the attribute to filter by, e.g."
            + " where(\"priority\", Operator.GTE, 3)");
    assertThatThrownBy(() -> new Query().where("priority", null, 3)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("the filter on 'priority' got a null operator; pass one of [EQ,");
    assertThatThrownBy(() -> new Query().orderBy(null, true)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("a sort key got a null attribute");
    assertThatThrownBy(() -> fixture.store.actingAs("ann", null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("actingAs(ann, null): pass the work to run as that user");
  }
  @Test
  void aBulkCallGivenAPageOrSizeIsRefusedInsteadOfChangingEveryMatchingRecord() {
    fixture.tasks.create(params("title", "one"));
    fixture.tasks.create(params("title", "two"));

    assertThatThrownBy(() -> fixture.tasks.updateWhere(new Query().size(1), Map.of("priority", 2), CallOptions.none()))
        .isInstanceOf(UsageException.class)
        .hasMessage("updateWhere changes every record the query's filters match; the query's size 1 does not apply"
            + " to it: leave the page and size out, or narrow the filters (maxBulkRows caps the records of one call)");
    assertThatThrownBy(() -> fixture.tasks.deleteWhere(new Query().page(2), CallOptions.none()))
        .isInstanceOf(UsageException.class).hasMessageStartingWith("deleteWhere changes every record the query's"
            + " filters match; the query's page 2 does not apply to it");
    assertThat(fixture.db.rows("Task")).hasSize(2);
    assertThat(fixture.tasks.updateWhere(new Query(), Map.of("priority", 2), CallOptions.none()).items()).hasSize(2);
  }

  @Test
  void aLookupByANullClassIsAUsageErrorNamingTheCall() {
    DataStore store = fixture.store;

    assertThatThrownBy(() -> store.repository(null)).isInstanceOf(UsageException.class)
        .hasMessage("repository(null): pass the entity class whose repository you want, e.g. repository(Task.class)");
    assertThatThrownBy(() -> store.findRepository(null)).isInstanceOf(UsageException.class)
        .hasMessage("findRepository(null): pass the entity class whose repository you want, e.g. findRepository(Task.class)");
    assertThatThrownBy(() -> store.model(null)).isInstanceOf(UsageException.class)
        .hasMessage("model(null): pass an entity class of this store, e.g. model(Task.class)");
    assertThatThrownBy(() -> store.entities().model(null)).isInstanceOf(UsageException.class)
        .hasMessage("model(null): pass an entity class of this store, e.g. model(Task.class)");
    assertThatThrownBy(() -> store.entities().find(null)).isInstanceOf(UsageException.class)
        .hasMessage("find(null): pass an entity class of this store, e.g. find(Task.class)");
    assertThatThrownBy(() -> store.entities().events(null)).isInstanceOf(UsageException.class)
        .hasMessage("events(null): pass an entity class of this store, e.g. events(Task.class)");
    assertThat(store.<Task, Long>findRepository(Task.class)).containsSame(fixture.tasks);
  }

  @Test
  void aRowScopeAskedOfNullArgsOrOutsideAScopeQueryHandlerIsAUsageError() {
    assertThatThrownBy(() -> RowScope.of(null)).isInstanceOf(UsageException.class)
        .hasMessage("RowScope.of(null): pass the args of the scopeQuery handler, RowScope.of(args)");
    fixture.on(fixture.tasks.events(), "preCreate", args -> RowScope.of(args).nothing());

    assertThatThrownBy(() -> fixture.tasks.create(params("title", "a"))).isInstanceOf(UsageException.class)
        .hasMessage("there is no row scope in the args of tasks.create; RowScope.of(args) works in scopeQuery"
            + " handlers only");
    assertThat(fixture.db.rows("Task")).isEmpty();
  }

  @Test
  void aRowScopeGivenANullAttributeOperatorOrRestrictionRefusesItInTheHandler() {
    fixture.tasks.create(params("title", "a"));
    List<Exception> refused = new java.util.ArrayList<>();
    fixture.on(fixture.tasks.events(), "scopeQuery", args -> {
      for (Runnable misuse : List.<Runnable>of(() -> RowScope.of(args).where(null, Operator.EQ, "ada"),
          () -> RowScope.of(args).where("createdBy", null, "ada"),
          () -> RowScope.of(args).where((RowScope.Restriction) null))) {
        try {
          misuse.run();
        } catch (UsageException e) {
          refused.add(e);
        }
      }
    });

    assertThat(fixture.tasks.list(new Query(), CallOptions.none()).items()).hasSize(1);
    assertThat(refused).extracting(Exception::getMessage).containsExactly(
        "RowScope.where(null, EQ, ada): name the attribute to scope by, e.g. where(\"ownerId\", Operator.EQ,"
            + " user.id())",
        "RowScope.where(\"createdBy\", null, ada): pass one of [EQ, NE, GT, GTE, LT, LTE, IN, LIKE], e.g."
            + " where(\"createdBy\", Operator.EQ, value)",
        "RowScope.where(null): pass the restriction, e.g. where((cb, root, model) -> cb.isNotNull(root.get(\"ownerId\"))),"
            + " or nothing() to hide every row");
  }

  @Test
  void aRowScopeGivenANullThatSqlWouldMatchWithNoRowRefusesItInTheHandler() {
    fixture.tasks.create(params("title", "a", "priority", 2));
    List<Exception> refused = new java.util.ArrayList<>();
    fixture.on(fixture.tasks.events(), "scopeQuery", args -> {
      for (Runnable misuse : List.<Runnable>of(
          () -> RowScope.of(args).where("priority", Operator.IN, java.util.Arrays.asList(2, null)),
          () -> RowScope.of(args).where("priority", Operator.IN, null),
          () -> RowScope.of(args).where("priority", Operator.GT, null),
          () -> RowScope.of(args).where("title", Operator.LIKE, null))) {
        try {
          misuse.run();
        } catch (UsageException e) {
          refused.add(e);
        }
      }
    });

    assertThat(fixture.tasks.list(new Query(), CallOptions.none()).items()).hasSize(1);
    assertThat(refused).extracting(Exception::getMessage).containsExactly(
        "RowScope.where(\"priority\", Operator.IN, [2, null]): an in-list holds null, and SQL's in (null) matches no"
            + " row, not even one whose priority is null; pass the values without null, and keep the rows without"
            + " priority with a where(...) of their own, where(\"priority\", Operator.EQ, null) meaning IS NULL",
        "RowScope.where(\"priority\", Operator.IN, null): an in-list is null, and SQL's in (null) matches no"
            + " row, not even one whose priority is null; pass the values without null, and keep the rows without"
            + " priority with a where(...) of their own, where(\"priority\", Operator.EQ, null) meaning IS NULL",
        "RowScope.where(\"priority\", Operator.GT, null): GT with null matches no row; only EQ and NE take null"
            + " (IS NULL, IS NOT NULL)",
        "RowScope.where(\"title\", Operator.LIKE, null): LIKE with null matches no row; only EQ and NE take null"
            + " (IS NULL, IS NOT NULL)");
  }

  @Test
  void aRowScopeValueOfTheWrongTypeInAnInListIsTheHandlersUsageErrorNotTheClientsVeto() {
    fixture.tasks.create(params("title", "a", "priority", 2));
    fixture.on(fixture.tasks.events(), "scopeQuery",
        args -> RowScope.of(args).where("priority", Operator.IN, List.of(2, "high")));

    assertThatThrownBy(() -> fixture.tasks.list(new Query(), CallOptions.none())).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("a row scope compares task.priority with 'high', which is not a whole number");
  }

  @Test
  void anInListGivenAsAnArrayIsItsValuesAsAListIsInAQueryAndARowScope() {
    // an array was read as one value, its toString(): "'[Ljava.lang.Integer;@5c2a3f0c' is not a valid Integer"
    fixture.tasks.create(params("title", "a", "priority", 1));
    fixture.tasks.create(params("title", "b", "priority", 2));
    fixture.tasks.create(params("title", "c", "priority", 3));

    assertThat(fixture.tasks.count(new Query().where("priority", Operator.IN, new Integer[] {1, 2}), CallOptions.none()))
        .isEqualTo(2);
    assertThat(fixture.tasks.count(new Query().where("priority", Operator.IN, new int[] {3}), CallOptions.none()))
        .isEqualTo(1);
    assertThat(new Query().where("priority", Operator.IN, new int[] {3}).filters().get(0).value()).isEqualTo(List.of(3));
    fixture.on(fixture.tasks.events(), "scopeQuery",
        args -> RowScope.of(args).where("priority", Operator.IN, new Integer[] {2, 3}));
    assertThat(fixture.tasks.list(new Query(), CallOptions.none()).items()).extracting(task -> task.getTitle())
        .containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void aRowScopeLikeOnAnAttributeThatIsNotTextIsTheHandlersUsageErrorNamingIt() {
    fixture.tasks.create(params("title", "a", "priority", 2));
    dev.scribe.core.Subscription scope = fixture.on(fixture.tasks.events(), "scopeQuery",
        args -> RowScope.of(args).where("priority", Operator.LIKE, "2"));

    assertThatThrownBy(() -> fixture.tasks.list(new Query(), CallOptions.none())).isInstanceOf(UsageException.class)
        .hasMessage("a row scope compares task.priority with Operator.LIKE, which matches text, but priority is an"
            + " Integer; compare it with EQ, IN or a range (GT, LT, ...)");
    scope.remove();
    fixture.on(fixture.tasks.events(), "scopeQuery", args -> RowScope.of(args).where("title", Operator.LIKE, "a%"));
    assertThat(fixture.tasks.list(new Query(), CallOptions.none()).items()).hasSize(1);
  }

  @Test
  void aHibernatePropertyWithoutNameOrValueIsRefusedWhereItIsGiven() {
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).property(null, "x")).isInstanceOf(UsageException.class)
        .hasMessage("DataStore.builder().property(null, x): pass the name of the Hibernate setting, e.g."
            + " property(\"hibernate.default_schema\", \"app\")");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).property("hibernate.default_schema", null))
        .isInstanceOf(UsageException.class)
        .hasMessage("DataStore.builder().property(\"hibernate.default_schema\", null): pass the setting's value;"
            + " leave the property out for Hibernate's default");
  }

  @Test
  void aNullConnectionExecutorOrValidatorFactoryIsRefusedWhereItIsGivenNotTakenForTheDefault() {
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).jdbcUrl(null)).isInstanceOf(UsageException.class)
        .hasMessage("DataStore.builder().jdbcUrl(null): pass the JDBC URL of the database, e.g."
            + " jdbcUrl(\"jdbc:h2:mem:app;DB_CLOSE_DELAY=-1\"), or give a dataSource(...) instead");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).jdbcUrl(" ")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("DataStore.builder().jdbcUrl(\" \"): pass the JDBC URL of the database");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).dataSource(null)).isInstanceOf(UsageException.class)
        .hasMessage("DataStore.builder().dataSource(null): pass the DataSource to use (a connection pool, typically),"
            + " or leave it out and give a jdbcUrl(...) for a HikariCP pool of the store's own");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).asyncExecutor(null)).isInstanceOf(UsageException.class)
        .hasMessage("DataStore.builder().asyncExecutor(null): pass the Executor that runs the asynchronous after-commit"
            + " subscribers, or leave it out for a daemon thread owned by the store");
    assertThatThrownBy(() -> DataStore.builder(Scribe.create()).validatorFactory(null)).isInstanceOf(UsageException.class)
        .hasMessage("DataStore.builder().validatorFactory(null): pass the Bean Validation factory, or leave it out for"
            + " the provider's default factory");
  }

  @Test
  void theEntityModelRefusesANullNameOrEntityNamingTheCall() {
    dev.scribe.entity.EntityModel<Task> model = fixture.store.model(Task.class);
    dev.scribe.entity.EntityAttribute title = model.attribute("title");

    assertThatThrownBy(() -> model.attribute(null)).isInstanceOf(UsageException.class)
        .hasMessage("attribute(null): pass the name of an attribute of task; its attributes are [id, version, title,"
            + " status, priority, dueDate, budget, remindAt, starred, createdBy, owner, subtasks]");
    assertThatThrownBy(() -> model.convert(null, "3")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("attribute(null): pass the name of an attribute of task");
    assertThatThrownBy(() -> model.refusals(null)).isInstanceOf(UsageException.class)
        .hasMessage("refusals(null): pass the params to check, Map.of() for none");
    assertThatThrownBy(() -> model.toMap(null)).isInstanceOf(UsageException.class)
        .hasMessage("toMap(null): pass the task to render");
    assertThatThrownBy(() -> model.toMap(new Task(), null)).isInstanceOf(UsageException.class)
        .hasMessage("toMap(task, null): pass the associations to embed, Set.of() for none");
    assertThatThrownBy(() -> model.idOf(null)).isInstanceOf(UsageException.class)
        .hasMessage("cannot read id of null; pass a task");
    assertThatThrownBy(() -> model.versionOf(null)).isInstanceOf(UsageException.class)
        .hasMessage("cannot read version of null; pass a task");
    Subtask subtask = new Subtask();
    assertThatThrownBy(() -> model.idOf(subtask)).isInstanceOf(UsageException.class)
        .hasMessage("cannot read id of a dev.scribe.repository.Subtask with the model of dev.scribe.repository.Task;"
            + " use the model of the object's own class (store.model(Subtask.class)), or pass a task");
    assertThatThrownBy(() -> model.versionOf(subtask)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("cannot read version of a dev.scribe.repository.Subtask with the model of");
    @SuppressWarnings({"unchecked", "rawtypes"})
    dev.scribe.entity.EntityModel<Object> raw = (dev.scribe.entity.EntityModel) model;
    assertThatThrownBy(() -> raw.toMap(subtask)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("cannot read the fields of a dev.scribe.repository.Subtask with the model of");
    assertThatThrownBy(() -> title.read(subtask)).isInstanceOf(UsageException.class)
        .hasMessage("cannot read title of a dev.scribe.repository.Subtask: it has no attribute of this model's; take"
            + " the attribute from the model of its own class, store.model(Subtask.class).attribute(\"title\")");
    assertThatThrownBy(() -> model.attribute("priority").write(subtask, 3)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("cannot write priority of a dev.scribe.repository.Subtask: it has no attribute");
    assertThatThrownBy(() -> model.attribute("priority").write(new Task(), "high"))
        .isInstanceOf(dev.scribe.core.MappingException.class).hasMessageStartingWith("cannot set priority");
    assertThatThrownBy(() -> title.write(null, "x")).isInstanceOf(UsageException.class)
        .hasMessage("cannot write title of null; pass the entity to write it on");
    assertThatThrownBy(() -> model.modelOf(null)).isInstanceOf(UsageException.class)
        .hasMessage("modelOf(null): pass an association of task, e.g. model.attribute(\"owner\")");
    assertThat(model.find(null)).isEmpty();
    assertThat(model.attributeOrNull(null)).isNull();
  }
}
