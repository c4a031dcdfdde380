package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Event;
import dev.scribe.core.EventManager;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityTier;
import dev.scribe.repository.testing.TestDatabase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every event of the entity and repository catalogues, every write operation that fires it, and both
 * kinds of failure (a veto, any other exception): the database is exactly as before and the caller gets
 * the failure unchanged.
 */
class FaultMatrixTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create();
  static final TestDatabase DB = fixture.db;
  static final AtomicInteger POINTS = new AtomicInteger();

  enum Failure { VETO, EXCEPTION }

  enum Operation {
    CREATE(false), CREATE_BATCH(true), UPDATE(false), UPDATE_BATCH(true), DELETE(false), DELETE_BATCH(true);

    final boolean batch;

    Operation(boolean batch) {
      this.batch = batch;
    }

    boolean creates() {
      return this == CREATE || this == CREATE_BATCH;
    }

    boolean updates() {
      return this == UPDATE || this == UPDATE_BATCH;
    }

    boolean deletes() {
      return this == DELETE || this == DELETE_BATCH;
    }
  }

  record Seed(Person owner, Task first, Task second) {}

  @AfterAll
  static void close() {
    System.out.println("fault matrix: " + POINTS.get() + " injection points, each left the database unchanged");
  }

  static Stream<Arguments> points() {
    List<Arguments> points = new ArrayList<>();
    for (Event event : EntityTier.TIER.events()) {
      addPoints(points, event);
    }
    for (Event event : RepositoryTier.TIER.events()) {
      addPoints(points, event);
    }
    return points.stream();
  }

  private static void addPoints(List<Arguments> points, Event event) {
    for (Operation operation : operationsFiring(event)) {
      for (Failure failure : Failure.values()) {
        points.add(Arguments.of(event.tier().name(), event.name(), operation, failure));
      }
    }
  }

  /** The operations that fire {@code event}; checked by the matrix itself, which requires the handler to run. */
  static Set<Operation> operationsFiring(Event event) {
    String name = event.name();
    if (event.tier() == EntityTier.TIER) {
      switch (name) {
        case "preSetField":
        case "preProcessAssociationParams":
          return EnumSet.of(Operation.CREATE, Operation.CREATE_BATCH, Operation.UPDATE, Operation.UPDATE_BATCH);
        case "prePersist":
        case "postPersist":
          return EnumSet.of(Operation.CREATE, Operation.CREATE_BATCH);
        case "preUpdate":
        case "postUpdate":
          return EnumSet.of(Operation.UPDATE, Operation.UPDATE_BATCH);
        default:
          return EnumSet.of(Operation.DELETE, Operation.DELETE_BATCH);
      }
    }
    if (name.equals("preStart") || name.equals("preStop")) {
      return EnumSet.allOf(Operation.class);
    }
    if (name.equals(RepositoryTier.SCOPE_QUERY_NAME)) {
      return EnumSet.of(Operation.UPDATE, Operation.UPDATE_BATCH, Operation.DELETE, Operation.DELETE_BATCH);
    }
    EnumSet<Operation> operations = EnumSet.noneOf(Operation.class);
    if (name.contains("Create") || name.contains("Save")) {
      operations.addAll(EnumSet.of(Operation.CREATE, Operation.CREATE_BATCH));
    }
    if (name.contains("Update") || name.contains("Save")) {
      operations.addAll(EnumSet.of(Operation.UPDATE, Operation.UPDATE_BATCH));
    }
    if (name.contains("Delete")) {
      operations.addAll(EnumSet.of(Operation.DELETE, Operation.DELETE_BATCH));
    }
    return operations;
  }

  @ParameterizedTest(name = "{0}.{1} {3} during {2}")
  @MethodSource("points")
  void aFailureAtAnyEventLeavesTheDatabaseUnchanged(String tier, String event, Operation operation, Failure failure) {
    Seed seed = seed();
    Object before = fixture.snapshot();
    RuntimeException injected = failure == Failure.VETO ? new Veto(409, "injected at " + event)
        : new IllegalStateException("injected at " + event);
    AtomicInteger ran = new AtomicInteger();
    int failingIndex = operation.batch ? 1 : 0;
    EventManager manager = tier.equals("entity") ? fixture.entity(Task.class) : fixture.tasks.events();
    fixture.on(manager, event, args -> {
      Integer index = args.index();
      if (index == null || index == failingIndex) {
        ran.incrementAndGet();
        throw injected;
      }
    });

    Throwable thrown = catchThrowable(() -> run(operation, seed));

    assertThat(ran.get()).as("the injected handler ran").isEqualTo(1);
    boolean collected = operation.batch && failure == Failure.VETO
        && (event.startsWith("validate") || event.startsWith("verify") || event.equals(RepositoryTier.SCOPE_QUERY_NAME));
    if (collected) {
      assertThat(thrown).isInstanceOf(Veto.class).isNotSameAs(injected);
      Veto batchVeto = (Veto) thrown;
      assertThat(batchVeto.messages()).containsExactly("injected at " + event);
      assertThat(batchVeto.status()).isEqualTo(409);
      assertThat(batchVeto.records()).extracting(Veto.RecordError::index).containsExactly(1);
    } else {
      assertThat(thrown).isSameAs(injected);
    }
    assertThat(fixture.snapshot()).isEqualTo(before);
    POINTS.incrementAndGet();
  }

  @Test
  void theMatrixCoversEveryEventOfBothCatalogues() {
    long events = EntityTier.TIER.events().size() + RepositoryTier.TIER.events().size();
    assertThat(points().map(arguments -> arguments.get()[1] + "@" + arguments.get()[0]).distinct().count())
        .isEqualTo(events);
    assertThat(points().count()).isEqualTo(188);
  }

  private static Seed seed() {
    Person owner = fixture.people.create(params("name", "Ada"));
    Person other = fixture.people.create(params("name", "Grace"));
    Task first = fixture.tasks.create(params("title", "first", "owner", owner.getId(),
        "subtasks", List.of(params("title", "step"))));
    Task second = fixture.tasks.create(params("title", "second", "owner", owner.getId()));
    return new Seed(other, first, second);
  }

  private static void run(Operation operation, Seed seed) {
    Long owner = seed.owner().getId();
    switch (operation) {
      case CREATE:
        fixture.tasks.create(params("title", "new", "owner", owner));
        break;
      case CREATE_BATCH:
        fixture.tasks.createBatch(List.of(params("title", "new 1", "owner", owner),
            params("title", "new 2", "owner", owner)), CallOptions.none());
        break;
      case UPDATE:
        fixture.tasks.update(seed.first().getId(), params("title", "changed", "owner", owner));
        break;
      case UPDATE_BATCH:
        fixture.tasks.updateBatch(List.of(
            params("id", seed.first().getId(), "title", "changed 1", "owner", owner),
            params("id", seed.second().getId(), "title", "changed 2", "owner", owner)), CallOptions.none());
        break;
      case DELETE:
        fixture.tasks.delete(seed.first().getId());
        break;
      case DELETE_BATCH:
        fixture.tasks.deleteBatch(List.of(seed.first().getId(), seed.second().getId()), CallOptions.none());
        break;
      default:
        throw new IllegalStateException(operation.toString());
    }
  }

}
