package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flush before a unit's commit: skipped when every entity the unit manages is of a plain type and
 * unchanged since its row was written, Hibernate's full flush otherwise — so whatever a handler changed on
 * a managed entity after its write, however late, is still written.
 */
class CommitFlushTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  @Test
  void aBatchOfUnchangedPlainRecordsCommitsWithoutAnotherWalkOverThem() {
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    try {
      fixture.people.createBatch(names(120), CallOptions.none());

      assertThat(statistics.getEntityInsertCount()).isEqualTo(120);
      assertThat(statistics.getFlushCount()).isZero();
    } finally {
      statistics.setStatisticsEnabled(false);
    }
    assertThat(fixture.db.rows("Person")).hasSize(120);
  }

  @Test
  void aRecordAPostBatchHandlerChangesAfterItsWriteIsWrittenAtTheCommit() {
    List<Person> created = new ArrayList<>();
    fixture.on(fixture.people.events(), "postCreate", args -> created.add((Person) args.lastResult()));
    fixture.on(fixture.people.events(), "postCreateBatch", args -> created.get(0).name = "renamed after the batch");

    fixture.people.createBatch(names(60), CallOptions.none());

    assertThat(fixture.db.rows("Person")).extracting(row -> row.get("name"))
        .contains("renamed after the batch").doesNotContain("person 0");
  }

  @Test
  void anEntityAHandlerLoadsAndChangesIsWrittenAtTheCommit() {
    Long id = fixture.people.createBatch(names(1), CallOptions.none()).items().get(0).getId();
    fixture.on(fixture.people.events(), "postCreateBatch", args -> {
      EntityManager entityManager = fixture.store.currentUnitOfWork().orElseThrow().entityManager();
      entityManager.find(Person.class, id).name = "changed by a handler";
    });

    fixture.people.createBatch(names(3), CallOptions.none());

    assertThat(fixture.db.rows("Person")).extracting(row -> row.get("name")).contains("changed by a handler");
  }

  @Test
  void aChangeMadeInTheCallersOwnUnitAfterTheBatchIsWritten() {
    fixture.store.inTransaction(() -> {
      List<Person> people = fixture.people.createBatch(names(5), CallOptions.none()).items();
      people.get(4).name = "changed by the caller";
      return null;
    });

    assertThat(fixture.db.rows("Person")).extracting(row -> row.get("name")).contains("changed by the caller");
  }

  @Test
  void aValueChangedInPlaceIsWrittenAtTheCommit() {
    DataStore store = fixture.db.store(dev.scribe.core.Scribe.create(), Sketch.class);
    try {
      Repository<Sketch, Long> sketches = store.register(new Repository<Sketch, Long>() {
        @Override
        public String name() {
          return "sketches";
        }
      });
      Long id = store.inTransaction(() -> {
        List<Sketch> created = sketches.createBatch(List.of(params("name", "a", "pixels", new byte[] {1, 2}),
            params("name", "b", "pixels", new byte[] {3, 4})), CallOptions.none()).items();
        created.get(1).pixels[0] = 9; // the same array, changed after its row was written
        return created.get(1).getId();
      });

      Sketch stored = sketches.find(id).orElseThrow();
      assertThat(stored.pixels).containsExactly(9, 4);
    } finally {
      store.close();
    }
  }

  @Test
  void aBatchWithAssociationsTakesHibernatesFullFlush() {
    Statistics statistics = fixture.store.sessionFactory().getStatistics();
    statistics.setStatisticsEnabled(true);
    statistics.clear();
    try {
      fixture.tasks.createBatch(List.of(params("title", "a"), params("title", "b")), CallOptions.none());

      assertThat(statistics.getFlushCount()).isEqualTo(1);
    } finally {
      statistics.setStatisticsEnabled(false);
    }
  }

  private static List<Map<String, Object>> names(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(params("name", "person " + i));
    }
    return rows;
  }
}
