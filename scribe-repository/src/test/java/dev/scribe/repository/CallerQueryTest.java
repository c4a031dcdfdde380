package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code preStart} handler narrows the {@link Query} of the call it handles, not the caller's: a query
 * reused for a second call (a constant, a query built once for two reads) is read as its caller wrote it.
 */
class CallerQueryTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();

  private final List<Object> narrowedBy = new ArrayList<>();

  @BeforeEach
  void twoTasksAndAHandlerThatNarrowsEachReadToTheCallersPriority() {
    fixture.tasks.create(params("title", "one", "priority", 1));
    fixture.tasks.create(params("title", "two", "priority", 2));
    fixture.on(fixture.tasks.events(), "preStart", args -> {
      if (args.get(RepositoryTier.CRITERIA) instanceof Query query) {
        Object priority = args.get("user");
        narrowedBy.add(priority);
        query.where("priority", Operator.EQ, priority);
      }
    });
  }

  private static CallOptions as(int priority) {
    return CallOptions.builder().user(priority).build();
  }

  @Test
  void aListOrCountLeavesTheCallersQueryAsItWasWritten() {
    Query every = new Query().orderBy("title", true);

    assertThat(fixture.tasks.list(every, as(1)).items()).extracting(task -> task.title).containsExactly("one");
    assertThat(fixture.tasks.list(every, as(2)).items()).extracting(task -> task.title).containsExactly("two");
    assertThat(fixture.tasks.count(every, as(2))).isEqualTo(1);

    assertThat(every.filters()).isEmpty();
    assertThat(every.sort()).extracting(Sort::attribute).containsExactly("title");
  }

  @Test
  void aForEachLeavesTheCallersQueryAsItWasWritten() {
    Query every = new Query();
    List<String> seen = new ArrayList<>();

    fixture.tasks.forEach(every, as(1), task -> seen.add(task.title));
    fixture.tasks.forEach(every, as(2), task -> seen.add(task.title));

    assertThat(seen).containsExactly("one", "two");
    assertThat(every.filters()).isEmpty();
  }

  @Test
  void aBulkWriteLeavesTheCallersQueryAsItWasWritten() {
    Query every = new Query();

    assertThat(fixture.tasks.updateWhere(every, Map.of("title", "first"), as(1)).items()).hasSize(1);
    assertThat(fixture.tasks.deleteWhere(every, as(2)).items()).hasSize(1);

    assertThat(every.filters()).isEmpty();
    assertThat(fixture.tasks.list(new Query(), CallOptions.none()).items()).isEmpty(); // the handler narrowed to null
    assertThat(narrowedBy).containsExactly(1, 2, null);
    assertThat(fixture.db.rows("Task")).hasSize(1);
  }
}
