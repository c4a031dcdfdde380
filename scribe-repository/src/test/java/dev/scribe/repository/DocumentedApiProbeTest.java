package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Config;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The repository tier's Java API used as docs/repository.md and docs/reference.md describe it. */
class DocumentedApiProbeTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  @Test
  void anEmptyBatchIsAnEmptyResult() {
    BatchResult<Task> result = fixture.tasks.createBatch(List.of(), CallOptions.none());
    assertThat(result.items()).isEmpty();
    assertThat(result.hasFailures()).isFalse();
    assertThat(result.failureVeto()).isNull();
  }

  @Test
  void aNullRecordOfABatchIsThatRecordsRefusal() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(params("title", "a"));
    rows.add(null);
    assertThatThrownBy(() -> fixture.tasks.createBatch(rows, CallOptions.none())).isInstanceOf(Veto.class)
        .hasMessage("record 1 is null, not an object of task fields");
    assertThat(fixture.db.rows("Task")).isEmpty();
    BatchResult<Task> kept = fixture.tasks.createBatch(rows, CallOptions.builder().ignoreErrors(true).build());
    assertThat(kept.items()).extracting(task -> task.title).containsExactly("a");
    assertThat(kept.failures()).extracting(Veto.RecordError::index, Veto.RecordError::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, 400));
  }

  @Test
  void ignoredFailuresComeBackAsOneBatchVeto() {
    BatchResult<Task> result = fixture.tasks.createBatch(List.of(params("title", "ok"), params("title", ""),
        params("title", "x", "priority", 9)), CallOptions.builder().ignoreErrors(true).build());
    assertThat(result.items()).hasSize(1);
    assertThat(result.failures()).extracting(Veto.RecordError::index).containsExactly(1, 2);
    Veto veto = result.failureVeto();
    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.records()).hasSize(2);
    assertThatThrownBy(() -> result.items().add(null)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aMisspeltMistypedOrOutOfRangeCallOverrideIsRefusedWhereItIsWritten() {
    assertThatThrownBy(() -> CallOptions.builder().optionOverrides(Map.of("ignoreErrorz", true)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'ignoreErrorz' is not an option of a repository; did you mean 'ignoreErrors'? (an"
            + " application's own options must not look like Scribe's), in CallOptions.builder().optionOverrides("
            + "{ignoreErrorz=true})");
    assertThatThrownBy(() -> CallOptions.builder().optionOverrides(Map.of("ignoreErrors", "yes")))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'ignoreErrors' is String 'yes'");
    assertThatThrownBy(() -> CallOptions.builder().optionOverrides(Map.of("bulkPageSize", 0)))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("option 'bulkPageSize' is 0, but must be at least 1");
    assertThat(CallOptions.builder().optionOverrides(Map.of("auditLevel", "full", "ignoreErrors", true)).build()
        .optionOverrides()).containsEntry("auditLevel", "full");
    assertThat(fixture.db.rows("Task")).isEmpty();
  }

  @Test
  void configureRefusesNullAndBadOptions() {
    assertThatThrownBy(() -> fixture.tasks.configure(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.configure(Config.of(Map.of("maxBulkRows", 0))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxBulkRows");
    assertThatThrownBy(() -> fixture.tasks.configure(Config.of(Map.of("ignoreErorrs", true))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("ignoreErrors");
  }

  @Test
  void aBadOptionIsRefusedInEachOverrideOfAGlobOverriddenTwice() {
    Config merged = Config.empty().override("admin.**", Map.of("maxBulkRows", 0))
        .merge(Config.empty().override("admin.**", Map.of("ignoreErrors", true)));

    assertThatThrownBy(() -> fixture.tasks.configure(merged)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxBulkRows").hasMessageContaining("admin.**");
    assertThat(fixture.tasks.config().resolve("admin.tasks.store").has("maxBulkRows")).isFalse();
  }

  @Test
  void idsInScopeAnswersIdsOfTheIdTypeWhetherOrNotAScopeRestricts() {
    Task a = fixture.tasks.create(params("title", "a", "priority", 2));
    Task b = fixture.tasks.create(params("title", "b", "priority", 3));
    List<Object> given = List.of(a.id.intValue(), String.valueOf(b.id));

    // unrestricted, the ids came back as given: an Integer in a Set<Long>, which contains(a.id) did not find
    assertThat(fixture.tasks.idsInScope(given, CallOptions.none())).containsExactly(a.id, b.id);
    assertThatThrownBy(() -> fixture.tasks.idsInScope(List.of("abc"), CallOptions.none())).isInstanceOf(Veto.class)
        .hasMessageStartingWith("id: 'abc' is not a valid Long");
    fixture.on(fixture.tasks.events(), "scopeQuery", args -> RowScope.of(args).where("priority", Operator.EQ, 2));
    assertThat(fixture.tasks.idsInScope(given, CallOptions.none())).containsExactly(a.id);
    // restricted, it was Hibernate's CoercionException
    assertThatThrownBy(() -> fixture.tasks.idsInScope(List.of("abc"), CallOptions.none())).isInstanceOf(Veto.class)
        .hasMessageStartingWith("id: 'abc' is not a valid Long");
  }

  @Test
  void nullsOfTheReadsAndBatchesAreUsageExceptions() {
    assertThatThrownBy(() -> fixture.tasks.createBatch(null, CallOptions.none())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.updateBatch(null, CallOptions.none())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.deleteBatch(null, CallOptions.none())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.count(null, CallOptions.none())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.forEach(new Query(), CallOptions.none(), null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.idsInScope(null, CallOptions.none())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.get(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.find(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "x"), null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.update(1L, null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.deleteWhere(null, CallOptions.none())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> fixture.tasks.updateWhere(new Query(), null, CallOptions.none())).isInstanceOf(UsageException.class);
  }

  @Test
  void aMissingRecordIsA404NamingIt() {
    assertThatThrownBy(() -> fixture.tasks.get(424242L)).isInstanceOf(RecordNotFoundException.class)
        .hasMessage("task 424242 not found").extracting(e -> ((Veto) e).status()).isEqualTo(404);
    assertThat(fixture.tasks.find(424242L)).isEmpty();
    assertThatThrownBy(() -> fixture.tasks.delete(424242L)).isInstanceOf(RecordNotFoundException.class);
    assertThatThrownBy(() -> fixture.tasks.update(424242L, params("title", "x"))).isInstanceOf(RecordNotFoundException.class);
  }

  @Test
  void aStaleExpectedVersionIsA409WithBothVersions() {
    Task task = fixture.tasks.create(params("title", "v"));
    fixture.tasks.update(task.id, params("title", "v2"));
    assertThatThrownBy(() -> fixture.tasks.update(task.id, params("title", "v3"),
        CallOptions.builder().expectedVersion(0L).build())).isInstanceOf(VersionConflictException.class)
        .hasMessage("task " + task.id + " is at version 1, not at the expected version 0; reload it and retry");
  }

  @Test
  void storeBuilderRefusesBadSettings() {
    Scribe scribe = Scribe.create();
    List<Runnable> bad = List.of(
        () -> DataStore.builder(scribe).poolSize(0).jdbcUrl("jdbc:h2:mem:p0").entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build(),
        () -> DataStore.builder(scribe).poolSize(-3).jdbcUrl("jdbc:h2:mem:p1").entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build(),
        () -> DataStore.builder(scribe).connectionWait(null).jdbcUrl("jdbc:h2:mem:p2").entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build(),
        () -> DataStore.builder(scribe).connectionWait(Duration.ofMillis(-5)).jdbcUrl("jdbc:h2:mem:p3").entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build(),
        () -> DataStore.builder(scribe).jdbcUrl("jdbc:h2:mem:p4").entities(String.class).build(),
        () -> DataStore.builder(scribe).entities().jdbcUrl("jdbc:h2:mem:p5").build(),
        () -> DataStore.builder(scribe).lockTimeout(Duration.ZERO),
        () -> DataStore.builder(scribe).retryAfter(Duration.ofSeconds(-1)),
        () -> DataStore.builder(scribe).schemaAction("nuke"));
    for (int i = 0; i < bad.size(); i++) {
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(bad.get(i)::run);
      assertThat(thrown).as("case " + i).isInstanceOfAny(ConfigurationException.class, UsageException.class);
    }
  }

  @Test
  void aPoolBeyondWhatADatabaseServesIsRefusedNamingItsBounds() {
    Scribe scribe = Scribe.create();
    // it built: the pool never filled, and a busy server opened connections until the database refused one
    // ("too many clients"), answered as a database that cannot be reached rather than a wait for a free one
    assertThatThrownBy(() -> DataStore.builder(scribe).poolSize(Integer.MAX_VALUE))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("poolSize must be at least 1 and at most 10000 connections, not 2147483647");
    assertThatThrownBy(() -> DataStore.builder(scribe).poolSize(10_001)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at most 10000");
    assertThatThrownBy(() -> DataStore.builder(scribe).poolSize(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 1");
    DataStore.builder(scribe).poolSize(1).poolSize(10_000);
  }

  @Test
  void aWaitBeyondWhatTheDatabaseTakesIsRefusedNamingItsBounds() {
    Scribe scribe = Scribe.create();
    // toMillis() overflowed (an ArithmeticException at build()); PostgreSQL's lock_timeout holds at most
    // 2147483647 ms and takes 0 for no timeout at all, which a positive wait under 1 ms became
    assertThatThrownBy(() -> DataStore.builder(scribe).lockTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lockTimeout").hasMessageContaining("at most 2147483647 ms");
    assertThatThrownBy(() -> DataStore.builder(scribe).lockTimeout(Duration.ofMillis(Integer.MAX_VALUE + 1L)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at most 2147483647 ms");
    assertThatThrownBy(() -> DataStore.builder(scribe).lockTimeout(Duration.ofNanos(1)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> DataStore.builder(scribe).connectionWait(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("connectionWait").hasMessageContaining("at most 2147483647 ms");
    assertThatThrownBy(() -> DataStore.builder(scribe).retryAfter(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("retryAfter").hasMessageContaining("at most 2147483647 ms");
    DataStore.builder(scribe).lockTimeout(Duration.ofMillis(Integer.MAX_VALUE)).connectionWait(Duration.ofDays(24))
        .retryAfter(Duration.ofDays(24));
  }

  @Test
  void entitiesNamedTwiceAreOneEntity() {
    try (DataStore store = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:twice;DB_CLOSE_DELAY=-1")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class, Task.class).schemaAction("create-drop").build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      assertThat(tasks.create(params("title", "once")).id).isNotNull();
    }
  }

  @Test
  void aRepositoryRegisteredTwiceIsRefused() {
    assertThatThrownBy(() -> fixture.store.register(new TaskRepository())).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> fixture.store.register(fixture.tasks)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new TaskRepository().create(params("title", "x"))).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> new TaskRepository().events()).isInstanceOf(UsageException.class);
  }

  @Test
  void closingTwiceIsHarmless() {
    DataStore store = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:twice-closed")
        .entities(Task.class, Subtask.class, Person.class, AuditEntry.class).schemaAction("create-drop").build();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.inTransaction(() -> 1)).isInstanceOf(UsageException.class);
  }

  @Test
  void failuresComeBackInInputOrderWhetherACheckOrTheDatabaseRefusedThem() throws Exception {
    try (java.sql.Connection connection = fixture.db.connection(); java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE UNIQUE INDEX probe_title_unique ON Task (title)");
    }
    try {
      fixture.tasks.create(params("title", "taken"));
      BatchResult<Task> result = fixture.tasks.createBatch(List.of(params("title", "ok 0"), params("title", ""),
          params("title", "ok 2"), params("title", "taken"), params("title", "ok 4"), params("title", "x", "priority", 9)),
          CallOptions.builder().ignoreErrors(true).build());

      assertThat(result.items()).extracting(Task::getTitle).containsExactly("ok 0", "ok 2", "ok 4");
      assertThat(result.failures()).extracting(Veto.RecordError::index, Veto.RecordError::status).containsExactly(
          org.assertj.core.groups.Tuple.tuple(1, 422), org.assertj.core.groups.Tuple.tuple(3, 409),
          org.assertj.core.groups.Tuple.tuple(5, 422));
      assertThat(result.failureVeto().status()).isEqualTo(422);
    } finally {
      try (java.sql.Connection connection = fixture.db.connection(); java.sql.Statement statement = connection.createStatement()) {
        statement.execute("DROP INDEX probe_title_unique");
      }
    }
  }

  @Test
  void anExplicitCallOptionWinsOverTheRepositoryOptionOfThePath() {
    fixture.tasks.configure(Config.of(Map.of("ignoreErrors", true)));
    try {
      List<Map<String, Object>> rows = List.of(params("title", "kept"), params("title", ""));
      assertThat(fixture.tasks.createBatch(rows, CallOptions.none()).failures()).hasSize(1);
      assertThatThrownBy(() -> fixture.tasks.createBatch(rows, CallOptions.builder().ignoreErrors(false).build()))
          .isInstanceOf(Veto.class);
      fixture.tasks.configure(Config.empty());
      assertThat(fixture.tasks.createBatch(rows, CallOptions.builder().optionOverrides(Map.of("ignoreErrors", true))
          .build()).items()).hasSize(1);
    } finally {
      fixture.tasks.configure(Config.empty());
    }
  }

  @Test
  void theEntityEventsOfAClassThatIsNoEntityOfTheStoreAreRefusedNamingIt() {
    assertThatThrownBy(() -> fixture.store.entities().events(String.class)).isInstanceOf(ConfigurationException.class)
        .hasMessage("java.lang.String is not an entity of this data store, so it has no entity events; add it with"
            + " DataStore.builder(...).entities(String.class)");
    assertThat(fixture.store.entities().eventsOrNull(String.class)).isNull();
    assertThat(fixture.store.entities().events(Task.class)).isSameAs(fixture.store.entities().eventsOrNull(Task.class));
  }

  @Test
  void aRepositoryGivenNullForItsTypesIsRefusedWhereItIsConstructed() {
    assertThatThrownBy(() -> new Repository<Task, Long>(null, Long.class) {}).isInstanceOf(UsageException.class)
        .hasMessage("Repository(null, Long.class): pass the entity class and the class of its id, e.g."
            + " Repository(Task.class, Long.class)");
    assertThatThrownBy(() -> new Repository<Task, Long>(Task.class, null) {}).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Repository(Task.class, null): pass the entity class and the class of its id");
  }

  @Test
  void theArgsKeysOfTheReferenceArePresentWithTheirDocumentedTypes() {
    try (DataStore store = DataStore.builder(Scribe.builder().trace(true).build())
        .jdbcUrl("jdbc:h2:mem:probe-args;DB_CLOSE_DELAY=-1").entities(Task.class, Subtask.class, Person.class, AuditEntry.class)
        .schemaAction("create-drop").build()) {
      TaskRepository tasks = store.register(new TaskRepository());
      Map<String, Map<String, Object>> seen = new java.util.LinkedHashMap<>();
      for (String event : List.of("preCreate", "processResultsCreate", "postCreateBatch", "preUpdate", "preStart", "preStop")) {
        tasks.events().on(event, args -> seen.putIfAbsent(event + "@" + args.path(), new java.util.LinkedHashMap<>(args)));
      }
      store.entities().events(Task.class).on("prePersist",
          args -> seen.putIfAbsent("prePersist", new java.util.LinkedHashMap<>(args)));
      dev.scribe.core.User ada = new dev.scribe.core.User("u1", "ada", java.util.Set.of());
      CallOptions options = CallOptions.builder().user(ada).put("source", "probe").build();
      Task task = tasks.create(params("title", "args"), options);
      tasks.update(task.id, params("title", "args 2"), options);
      tasks.list(new Query(), options);

      Map<String, Object> create = seen.get("preCreate@tasks.create");
      assertThat(create.get("self")).isSameAs(tasks);
      assertThat(create.get("params")).isInstanceOf(Map.class);
      assertThat(create.get("index")).isEqualTo(0);
      assertThat(create.get("options")).isInstanceOf(Map.class);
      assertThat(create.get("optionOverrides")).isInstanceOf(Map.class);
      assertThat(create.get("frontEndOptions")).isInstanceOf(Map.class);
      assertThat(create.get("config")).isInstanceOf(dev.scribe.core.Options.class);
      assertThat(create.get("user")).isSameAs(ada);
      assertThat(create.get("source")).isEqualTo("probe");
      assertThat(create.get("trace")).isInstanceOf(dev.scribe.core.Trace.class);
      assertThat(seen.get("processResultsCreate@tasks.create").get("lastResult")).isSameAs(task);
      assertThat(seen.get("postCreateBatch@tasks.create").get("results")).isEqualTo(List.of(task));
      Map<String, Object> update = seen.get("preUpdate@tasks.update");
      assertThat(update.get("id")).isEqualTo(task.id);
      assertThat(update.get("entity")).isInstanceOf(Task.class);
      assertThat(update.get("changes")).isInstanceOf(Map.class);
      assertThat(((Map<?, ?>) update.get("changes")).get("title")).isInstanceOf(dev.scribe.core.Change.class);
      assertThat(seen.get("preStart@tasks.list").get("criteria")).isInstanceOf(Query.class);
      Map<String, Object> listed = seen.get("preStop@tasks.list");
      assertThat(listed.get("total")).isEqualTo(1L);
      assertThat(listed.get("results")).asList().extracting(row -> ((Task) row).id).containsExactly(task.id);
      Map<String, Object> persist = seen.get("prePersist");
      assertThat(persist.get("self")).isInstanceOf(Task.class);
      assertThat(persist.get("user")).isSameAs(ada);
      assertThat(persist.get("trace")).isInstanceOf(dev.scribe.core.Trace.class);
      assertThat(persist.get("path")).isEqualTo("tasks.create");
    }
  }

  @Test
  void anExtraActionOrQueryOfTheWrongTypeIsRefusedWhereItIsPut() {
    assertThatThrownBy(() -> CallOptions.builder().put("action", 42)).isInstanceOf(UsageException.class)
        .hasMessage("CallOptions.builder().put(\"action\", 42): the args key 'action' holds the action's name, a String,"
            + " not a java.lang.Integer; put the value under a name of your own");
    assertThatThrownBy(() -> CallOptions.builder().put("query", "status=open")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("CallOptions.builder().put(\"query\", status=open): the args key 'query' holds the query, a Map");
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "preCreate", args -> seen.add(args.action()));
    fixture.tasks.create(params("title", "acted"), CallOptions.builder().put("action", "import").build());
    assertThat(seen).containsExactly("import");
  }

  @Test
  void massAssignmentIsRefusedAsTheEntityGuideSays() {
    assertThatThrownBy(() -> fixture.tasks.create(params("id", 7, "createdBy", "mallory", "title", "x")))
        .isInstanceOfSatisfying(Veto.class, veto -> assertThat(veto.status()).isEqualTo(400))
        .hasMessageStartingWith("cannot set id, createdBy on task; settable fields: title, status, priority,");
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "x", "colour", "red")))
        .hasMessageStartingWith("cannot set colour on task; settable fields:");
    fixture.tasks.configure(Config.of(Map.of("rejectUnknownFields", false)));
    try {
      assertThat(fixture.tasks.create(params("title", "lenient", "colour", "red")).id).isNotNull();
    } finally {
      fixture.tasks.configure(Config.empty());
    }
    fixture.on(fixture.tasks.events(), "preCreate", args -> args.params().put("createdBy", "system"));
    assertThat(fixture.tasks.create(params("title", "stamped")).createdBy).isEqualTo("system");
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "sent", "createdBy", "mallory")))
        .hasMessageStartingWith("cannot set createdBy on task");
    fixture.on(fixture.tasks.events(), "preCreate", args -> args.params().remove("createdBy"));
    assertThat(fixture.tasks.create(params("title", "dropped", "createdBy", "mallory")).createdBy).isNull();
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "p", "priority", "high")))
        .isInstanceOfSatisfying(Veto.class, veto -> assertThat(veto.status()).isEqualTo(400))
        .hasMessageStartingWith("priority: 'high' is not a valid Integer");
    assertThatThrownBy(() -> fixture.tasks.create(params("title", "r", "owner", 424242)))
        .isInstanceOfSatisfying(Veto.class, veto -> assertThat(veto.status()).isEqualTo(422))
        .hasMessageStartingWith("owner: person 424242 does not exist");
  }

  @Test
  void hiddenFieldsAreLeftOutOfARefusalsSettableFields() {
    fixture.tasks.configure(Config.of(Map.of("hiddenFields", List.of("budget", "remindAt"))));
    try {
      Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
          () -> fixture.tasks.create(params("title", "x", "colour", "red")));
      assertThat(refused).hasMessageStartingWith("cannot set colour on task; settable fields: ")
          .hasMessageNotContaining("budget").hasMessageNotContaining("remindAt");
    } finally {
      fixture.tasks.configure(Config.empty());
    }
  }
}
