package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flush before a query run while a record of a batch is handled: scoped to what that record can have
 * left unsent, so it does not walk every record written before, yet a query sees every earlier record,
 * the record's own changes and the changes earlier records' handlers made to their own entities.
 */
class ScopedFlushTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  @Test
  void aQueryInAVerifyRuleSeesEveryEarlierRecordOfTheBatch() {
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> seen.add(count("select count(t) from Task t")));

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b"), params("title", "c"), params("title", "d")), CallOptions.none());

    assertThat(seen).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aChangeToTheRecordsOwnEntityAfterItsWriteIsFlushedBeforeItsNextQuery() {
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "processResultsCreate", args -> {
      ((Task) args.lastResult()).setCreatedBy("processed");
      seen.add(count("select count(t) from Task t where t.createdBy = 'processed'"));
    });

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b"), params("title", "c")), CallOptions.none());

    assertThat(seen).containsExactly(1L, 2L, 3L);
  }

  @Test
  void whatAnEarlierRecordsHandlersChangedOnItsEntityIsSeenByTheNextRecordsQuery() {
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "postCreate", args -> ((Task) args.lastResult()).setCreatedBy("posted"));
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> seen.add(count("select count(t) from Task t where t.createdBy = 'posted'")));

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b"), params("title", "c")), CallOptions.none());

    assertThat(seen).containsExactly(0L, 1L, 2L);
    assertThat(DB().rows("Task")).extracting(r -> r.get("createdby")).containsOnly("posted");
  }

  @Test
  void anEntityAHandlerPersistsItselfIsFlushedBeforeTheQuery() {
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> {
      Person person = new Person();
      person.name = "persisted by a handler " + args.index();
      unit().entityManager().persist(person);
      seen.add(count("select count(p) from Person p"));
    });

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b")), CallOptions.none());

    assertThat(seen).containsExactly(1L, 2L);
  }

  @Test
  void anEntityAnEarlierRecordsHandlerPersistedIsInsertedBeforeTheNextRecordsQuery() {
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "postCreate", args -> {
      Person audit = new Person();
      audit.name = "audit of " + args.index();
      unit().entityManager().persist(audit);
    });
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> seen.add(count("select count(p) from Person p")));

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b"), params("title", "c")), CallOptions.none());

    assertThat(seen).containsExactly(0L, 1L, 2L);
    assertThat(DB().rows("Person")).hasSize(3);
  }

  @Test
  void aChangeToAnotherRecordsEntityAfterThatRecordEndedReachesTheDatabaseAtTheNextFullFlush() {
    List<Task> written = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    fixture.on(fixture.tasks.events(), "postCreate", args -> written.add(((Task) args.lastResult())));
    fixture.on(fixture.tasks.events(), "verifyCreate", args -> {
      if (args.index() == 2) {
        written.get(0).setCreatedBy("changed later");
        seen.add(count("select count(t) from Task t where t.createdBy = 'changed later'"));
        unit().entityManager().flush();
        seen.add(count("select count(t) from Task t where t.createdBy = 'changed later'"));
      }
    });

    fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b"), params("title", "c")), CallOptions.none());

    // Documented: not seen by the scoped flush, seen after an explicit flush, and committed in any case.
    assertThat(seen).containsExactly(0L, 1L);
    assertThat(DB().rows("Task")).extracting(r -> r.get("createdby")).containsExactly("changed later", null, null);
  }

  private static long count(String jpql) {
    return unit().entityManager().createQuery(jpql, Long.class).getSingleResult();
  }

  private static UnitOfWork unit() {
    return fixture.store.currentUnitOfWork().orElseThrow();
  }

  private static dev.scribe.repository.testing.TestDatabase DB() {
    return fixture.db;
  }
}
