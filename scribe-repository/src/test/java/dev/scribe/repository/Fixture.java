package dev.scribe.repository;

import dev.scribe.core.EventHandler;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.repository.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A data store on a test database with the task entities and their repositories, shared by the tests of
 * one class. As a JUnit extension it opens the database and the store before the class's tests, and after
 * each test removes what the test attached and deletes every row ({@link #reset()}), unless built with
 * {@link #keepingRows()}; after the class it closes both.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Fixture fixture = Fixture.create();
 * static final TestDatabase DB = fixture.db;
 * }</pre>
 */
final class Fixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  static final String[] TABLES = {"Task", "Subtask", "Person", "AuditEntry"};

  final TestDatabase db = TestDatabase.create();
  private final Supplier<Scribe> newScribe;
  private final boolean resetAfterEach;
  Scribe scribe;
  DataStore store;
  TaskRepository tasks;
  PersonRepository people;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final List<Runnable> cleanups = new ArrayList<>();

  private Fixture(Supplier<Scribe> newScribe, boolean resetAfterEach) {
    this.newScribe = newScribe;
    this.resetAfterEach = resetAfterEach;
  }

  static Fixture create() {
    return create(Scribe::create);
  }

  /** A fixture whose store runs on the kernel {@code newScribe} builds. */
  static Fixture create(Supplier<Scribe> newScribe) {
    return new Fixture(newScribe, true);
  }

  /** The same fixture, but rows stay from one test to the next (for classes that seed once). */
  Fixture keepingRows() {
    return new Fixture(newScribe, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    db.beforeAll(context);
    scribe = newScribe.get();
    store = db.storeBuilder(scribe).entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    tasks = store.register(new TaskRepository());
    people = store.register(new PersonRepository());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (resetAfterEach) {
      reset();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    try {
      store.close();
    } finally {
      db.afterAll(context);
    }
  }

  /** An ordered, mutable params map from alternating keys and values. */
  static Map<String, Object> params(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** The entity event manager of {@code type}. */
  EventManager entity(Class<?> type) {
    return store.entities().events(type);
  }

  /** Attaches a handler that {@link #reset()} removes. */
  Subscription on(EventManager manager, String event, EventHandler handler) {
    Subscription subscription = manager.on(event, handler);
    subscriptions.add(subscription);
    return subscription;
  }

  /** Attaches a recorder to the task repository and every entity class; {@link #reset()} removes it. */
  EventRecorder record() {
    EventRecorder recorder = new EventRecorder()
        .attach(tasks.events(), "tasks")
        .attach(people.events(), "people")
        .attach(entity(Task.class), "Task")
        .attach(entity(Subtask.class), "Subtask")
        .attach(entity(Person.class), "Person")
        .attach(entity(AuditEntry.class), "AuditEntry");
    cleanups.add(recorder::detach);
    return recorder;
  }

  /** Every row of every table. */
  Object snapshot() {
    return db.snapshot(TABLES);
  }

  void reset() {
    subscriptions.forEach(Subscription::remove);
    subscriptions.clear();
    cleanups.forEach(Runnable::run);
    cleanups.clear();
    try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
      for (String table : new String[] {"Subtask", "AuditEntry", "Task", "Person"}) {
        statement.execute("DELETE FROM " + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
