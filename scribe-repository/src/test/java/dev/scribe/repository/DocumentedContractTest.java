package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the repository guide, the reference and the public javadoc promise about reads, units of work,
 * batches and call options, asked of the repository as an application would call it.
 */
class DocumentedContractTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  private static Task task(String title, int priority) {
    return fixture.tasks.create(params("title", title, "priority", priority));
  }

  // reference.md, `criteria`: "the Query of a read; a preStart handler may add filters"
  @Test
  void aPreStartHandlerNarrowsAListAndACountThroughTheCriteria() {
    task("low", 1);
    task("high", 5);
    fixture.on(fixture.tasks.events(), "preStart", args -> {
      if (args.get(RepositoryTier.CRITERIA) instanceof Query query) {
        query.where("priority", Operator.GTE, 3);
      }
    });

    Page<Task> page = fixture.tasks.list(new Query(), CallOptions.none());
    long count = fixture.tasks.count(new Query(), CallOptions.none());

    assertThat(page.items()).extracting(Task::getTitle).containsExactly("high");
    assertThat(page.total()).isEqualTo(1);
    assertThat(count).isEqualTo(1);
  }

  // reference.md, `total`: "the count of matching rows; a handler may replace it"; `result`: what a read returns
  @Test
  void preStopHandlersReplaceWhatAReadReturns() {
    Task one = task("one", 1);
    Task two = task("two", 2);
    fixture.on(fixture.tasks.events(), "preStop", args -> {
      if (args.path().equals("tasks.list")) {
        args.put(RepositoryTier.TOTAL, 42L);
        args.results().removeIf(item -> ((Task) item).getTitle().equals("one"));
      } else if (args.path().equals("tasks.count")) {
        args.put(EventArgs.RESULT, 7L);
      } else if (args.path().equals("tasks.get") || args.path().equals("tasks.find")) {
        args.put(EventArgs.RESULT, fixture.tasks.model().type().cast(args.result()) == null ? null
            : fixture.store.currentUnitOfWork().orElseThrow().entityManager().find(Task.class, two.getId()));
      }
    });

    Page<Task> page = fixture.tasks.list(new Query(), CallOptions.none());

    assertThat(page.items()).extracting(Task::getTitle).containsExactly("two");
    assertThat(page.total()).isEqualTo(42);
    assertThat(fixture.tasks.count(new Query(), CallOptions.none())).isEqualTo(7);
    assertThat(fixture.tasks.get(one.getId()).getTitle()).isEqualTo("two");
    assertThat(fixture.tasks.find(one.getId())).get().extracting(Task::getTitle).isEqualTo("two");
  }

  // Repository.forEach: "page and size are ignored"
  @Test
  void forEachVisitsEveryMatchWhateverThePageAndSize() {
    for (int i = 1; i <= 5; i++) {
      task("t" + i, i);
    }
    List<String> seen = new ArrayList<>();

    long visited = fixture.tasks.forEach(new Query().orderBy("priority", false).page(2).size(2), CallOptions.none(),
        t -> seen.add(t.getTitle()));

    assertThat(visited).isEqualTo(5);
    assertThat(seen).containsExactly("t5", "t4", "t3", "t2", "t1");
  }

  // Repository.forEach visits its rows read-only; an update the visitor makes through the repository is a write all
  // the same: it answered the updated record and wrote nothing, the UPDATE never sent for a read-only entity
  @Test
  void anUpdateAForEachVisitorMakesThroughTheRepositoryIsWritten() {
    for (int i = 1; i <= 3; i++) {
      task("t" + i, i);
    }
    List<String> answered = new ArrayList<>();

    long visited = fixture.tasks.forEach(new Query().orderBy("priority", true), CallOptions.none(),
        t -> answered.add(fixture.tasks.update(t.getId(), params("title", t.getTitle() + " done")).getTitle()));

    assertThat(visited).isEqualTo(3);
    assertThat(answered).containsExactly("t1 done", "t2 done", "t3 done");
    assertThat(fixture.tasks.list(new Query().orderBy("priority", true), CallOptions.none()).items())
        .extracting(Task::getTitle).containsExactly("t1 done", "t2 done", "t3 done");
  }

  @Test
  void anUpdateAfterAForEachOfTheSameUnitOfWorkIsWritten() {
    Task one = task("one", 1);

    fixture.store.inTransaction(() -> {
      fixture.tasks.forEach(new Query(), CallOptions.none(), t -> { });      // its last rows stay in the session
      fixture.tasks.update(one.getId(), params("title", "one, updated"));
    });

    assertThat(fixture.tasks.get(one.getId()).getTitle()).isEqualTo("one, updated");
  }

  // repository.md, after commit: "unitOfWork.setRollbackOnly() discards the work without an error"; nothing published
  @Test
  void setRollbackOnlyDiscardsTheWorkWithoutAnErrorAndPublishesNothing() {
    List<Object> published = new ArrayList<>();
    Object listener = new Object() {
      @Subscribe
      public void on(EntityEvent event) {
        published.add(event);
      }
    };
    fixture.store.events().register(listener);
    List<String> afterCommit = new ArrayList<>();
    try {
      fixture.store.inTransaction(() -> {
        task("discarded", 1);
        UnitOfWork unit = fixture.store.currentUnitOfWork().orElseThrow();
        unit.afterCommit(() -> afterCommit.add("ran"));
        unit.setRollbackOnly();
      });
    } finally {
      fixture.store.events().unregister(listener);
    }

    assertThat(fixture.tasks.count(new Query(), CallOptions.none())).isZero();
    assertThat(published).isEmpty();
    assertThat(afterCommit).isEmpty();
  }

  // repository.md, after commit: "an update that changes nothing writes no UPDATE and publishes nothing"
  @Test
  void anUpdateThatChangesNothingPublishesNothing() {
    Task existing = task("same", 2);
    List<EntityEvent> published = new ArrayList<>();
    Object listener = new Object() {
      @Subscribe
      public void on(EntityEvent event) {
        published.add(event);
      }
    };
    fixture.store.events().register(listener);
    try {
      Task updated = fixture.tasks.update(existing.getId(), params("title", "same", "priority", 2));
      assertThat(updated.getVersion()).isEqualTo(existing.getVersion());
    } finally {
      fixture.store.events().unregister(listener);
    }
    assertThat(published).isEmpty();
  }

  // repository.md, batches: a veto outside validate/verify "stops the batch at once"
  @Test
  void aPreCreateVetoStopsABatchAtOnceEvenWithIgnoreErrors() {
    List<Integer> handled = new ArrayList<>();
    Veto stop = new Veto(409, "no more");
    fixture.on(fixture.tasks.events(), "preCreate", args -> {
      handled.add(args.index());
      if (args.index() == 1) {
        throw stop;
      }
    });

    Throwable thrown = catchThrowable(() -> fixture.tasks.createBatch(
        List.of(params("title", "a"), params("title", "b"), params("title", "c")),
        CallOptions.builder().ignoreErrors(true).build()));

    assertThat(thrown).isSameAs(stop);
    assertThat(handled).containsExactly(0, 1);
    assertThat(fixture.tasks.count(new Query(), CallOptions.none())).isZero();
  }

  // repository.md, batches: validate vetoes are collected for every record; "later records are still checked, not written"
  @Test
  void validateVetoesAreCollectedForEveryRecordAndReportedTogether() {
    fixture.on(fixture.tasks.events(), "validateCreate", args -> {
      String title = (String) args.params().get("title");
      if (title.startsWith("bad")) {
        throw Veto.builder().message("titles may not start with bad").field("title", "starts with bad").build();
      }
    });
    List<Integer> verified = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> verified.add(args.index()));

    Veto veto = (Veto) catchThrowable(() -> fixture.tasks.createBatch(
        List.of(params("title", "bad one"), params("title", "good"), params("title", "bad two")), CallOptions.none()));

    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.messages()).containsExactly("titles may not start with bad");
    assertThat(veto.records()).extracting(Veto.RecordError::index).containsExactly(0, 2);
    assertThat(veto.records().get(1).fieldErrors()).isEqualTo(Map.of("title", List.of("starts with bad")));
    assertThat(verified).containsExactly(1);               // the refused records' remaining handlers are skipped
    assertThat(fixture.tasks.count(new Query(), CallOptions.none())).isZero();

    BatchResult<Task> kept = fixture.tasks.createBatch(
        List.of(params("title", "bad one"), params("title", "good"), params("title", "bad two")),
        CallOptions.builder().ignoreErrors(true).build());
    assertThat(kept.items()).extracting(Task::getTitle).containsExactly("good");
    assertThat(kept.failures()).extracting(Veto.RecordError::index).containsExactly(0, 2);
    assertThat(kept.hasFailures()).isTrue();
  }

  // Repository javadoc: "ignoreErrors ... (option, per context path, see configure)"
  @Test
  void ignoreErrorsCanBeTheRepositoryOptionOfAPath() {
    fixture.on(fixture.tasks.events(), "validateCreate", args -> {
      if (args.params().get("title").equals("bad")) {
        throw Veto.field("title", "is bad");
      }
    });
    dev.scribe.core.Config before = fixture.tasks.config();
    fixture.tasks.configure(before.override("import.**", Map.of("ignoreErrors", true)));
    try {
      BatchResult<Task> kept = fixture.tasks.createBatch(List.of(params("title", "bad"), params("title", "ok")),
          CallOptions.builder().path("import.tasks.create").build());
      assertThat(kept.items()).extracting(Task::getTitle).containsExactly("ok");
      assertThat(catchThrowable(() -> fixture.tasks.createBatch(List.of(params("title", "bad"), params("title", "ok2")),
          CallOptions.none()))).isInstanceOf(Veto.class);
    } finally {
      fixture.tasks.configure(before);
    }
    assertThat(fixture.tasks.list(new Query(), CallOptions.none()).items()).extracting(Task::getTitle).containsExactly("ok");
  }

  // Repository.deleteBatch: "unknown ids are refusals, handled as in createBatch"; delete: RecordNotFoundException
  @Test
  void unknownIdsAreRefusalsOfADeleteBatchAndANotFoundOfADelete() {
    Task kept = task("kept", 1);
    Task gone = task("gone", 1);

    BatchResult<Task> result = fixture.tasks.deleteBatch(List.of(gone.getId(), 987654L),
        CallOptions.builder().ignoreErrors(true).build());

    assertThat(result.failures()).extracting(Veto.RecordError::index, Veto.RecordError::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, 404));
    assertThat(fixture.tasks.find(gone.getId())).isEmpty();
    assertThatThrownBy(() -> fixture.tasks.delete(987654L)).isInstanceOf(RecordNotFoundException.class)
        .hasMessage("task 987654 not found");
    assertThat(fixture.tasks.find(kept.getId())).isPresent();
  }

  // reference.md, `user`: "the caller, a User (null when anonymous)", on the entity tier's events too (EntityTier's example)
  @Test
  void theEntityTiersEventsCarryTheCallerAsAUser() {
    List<Object> seen = new ArrayList<>();
    fixture.on(fixture.entity(Task.class), "prePersist", args -> {
      User user = User.from(args);
      seen.add(user == null ? "anonymous" : user.name());
      seen.add(args.get(EventArgs.USER) == null ? "null" : args.get(EventArgs.USER).getClass().getSimpleName());
    });

    fixture.tasks.create(params("title", "by ada"), CallOptions.builder().user(new User("u1", "ada", java.util.Set.of())).build());
    fixture.tasks.create(params("title", "by nobody"));

    assertThat(seen).containsExactly("ada", "User", "anonymous", "null");
  }

  // repository.md, args: CallOptions.Builder.path refuses an empty segment, whitespace or '*'; put refuses the call's own keys
  @Test
  void callOptionsRefuseBadPathsAndTheCallsOwnKeys() {
    for (String bad : new String[] {"tasks..create", "tasks.cre ate", "admin.*.create", ""}) {
      assertThatThrownBy(() -> CallOptions.builder().path(bad)).as(bad).isInstanceOf(UsageException.class);
    }
    for (String key : new String[] {"path", "user", "params", "index"}) {
      assertThatThrownBy(() -> CallOptions.builder().put(key, "x")).as(key).isInstanceOf(UsageException.class)
          .hasMessageContaining(key);
    }
  }

  // repository.md, queries: "A params map whose key is not a String ... is a UsageException naming the key"
  @Test
  void aQueryParamsKeyThatIsNoStringIsAUsageExceptionNamingIt() {
    Map<Object, Object> raw = new HashMap<>();
    raw.put(17, "x");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, ?> typed = (Map) raw;

    assertThatThrownBy(() -> Query.fromParams(typed)).isInstanceOf(UsageException.class).hasMessageContaining("17");
  }

  // repository.md, queries: an empty element of sort or of an in filter, a non-positive page: 400 naming the field
  @Test
  void malformedQueryParamsAreFourHundredsNamingTheParameter() {
    Veto sort = (Veto) catchThrowable(() -> Query.fromParams(Map.of("sort", "title,")));
    Veto in = (Veto) catchThrowable(() -> fixture.tasks.list(Query.fromParams(Map.of("priority[in]", "1,,2")), CallOptions.none()));
    Veto page = (Veto) catchThrowable(() -> Query.fromParams(Map.of("page", "0")));
    Veto op = (Veto) catchThrowable(() -> fixture.tasks.list(Query.fromParams(Map.of("priority[near]", "3")), CallOptions.none()));
    Veto like = (Veto) catchThrowable(() -> fixture.tasks.list(Query.fromParams(Map.of("priority[like]", "3")), CallOptions.none()));
    Veto unknown = (Veto) catchThrowable(() -> fixture.tasks.list(Query.fromParams(Map.of("colour", "red")), CallOptions.none()));
    Veto convert = (Veto) catchThrowable(() -> fixture.tasks.list(Query.fromParams(Map.of("priority", "high")), CallOptions.none()));

    Map<String, Veto> all = new java.util.LinkedHashMap<>();
    all.put("sort", sort);
    all.put("in", in);
    all.put("page", page);
    all.put("op", op);
    all.put("like", like);
    all.put("unknown", unknown);
    all.put("convert", convert);
    all.forEach((name, v) -> assertThat(v).as(name).isNotNull().extracting(Veto::status).isEqualTo(400));
    assertThat(sort.getMessage()).contains("sort");
    assertThat(in.getMessage()).contains("priority");
    assertThat(page.getMessage()).contains("page");
    assertThat(op.getMessage()).contains("near");
    assertThat(like.getMessage()).contains("priority");
    assertThat(unknown.getMessage()).contains("colour");
    assertThat(convert.getMessage()).contains("priority").contains("high");
  }

  // reference.md, `results`/`result`: a preStop handler may change what a read returns; a null entry is not an entity
  @Test
  void aNullPutAmongAListsResultsIsAnArgsContractErrorNamingItsPosition() {
    task("one", 1);
    fixture.on(fixture.tasks.events(), "preStop", args -> {
      if (args.path().equals("tasks.list")) {
        args.results().add(null);
      }
    });

    assertThatThrownBy(() -> fixture.tasks.list(new Query(), CallOptions.none()))
        .isInstanceOf(dev.scribe.core.ArgsContractException.class)
        .hasMessage("a preStop handler of TaskRepository put null at 1 of the results of list; list returns a page of"
            + " Task entities: remove entries or put Task entities there");
  }

  // reference.md, `lastResult`: replacing it in processResults* changes what the call returns; the refusal of
  // another type says "put another Task (or null) there"
  @Test
  void aResultReplacedWithNullIsWhatTheCallReturnsAndTheRecordIsStillWritten() {
    fixture.on(fixture.tasks.events(), "processResultsCreate", args -> {
      if ("hidden".equals(args.params().get("title"))) {
        args.put(EventArgs.LAST_RESULT, null);
      }
    });

    Task created = fixture.tasks.create(params("title", "hidden"));
    BatchResult<Task> batch = fixture.tasks.createBatch(List.of(params("title", "shown"), params("title", "hidden")),
        CallOptions.none());

    assertThat(created).isNull();
    assertThat(batch.items()).hasSize(2);
    assertThat(batch.items().get(0).getTitle()).isEqualTo("shown");
    assertThat(batch.items().get(1)).isNull();
    assertThat(fixture.tasks.count(new Query(), CallOptions.none())).isEqualTo(3);
  }
}
