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

/**
 * A data store on a test database with the task entities and their repositories, shared by the tests of
 * one class: {@link #reset()} removes what a test attached and deletes every row.
 */
final class Fixture implements AutoCloseable {
  static final String[] TABLES = {"Task", "Subtask", "Person", "AuditEntry"};

  final TestDatabase db;
  final Scribe scribe;
  final DataStore store;
  final TaskRepository tasks;
  final PersonRepository people;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final List<Runnable> cleanups = new ArrayList<>();

  private Fixture(TestDatabase db, DataStore.Builder builder, Scribe scribe) {
    this.db = db;
    this.scribe = scribe;
    this.store = builder.entities(Task.class, Subtask.class, Person.class, AuditEntry.class).build();
    this.tasks = store.register(new TaskRepository());
    this.people = store.register(new PersonRepository());
  }

  static Fixture open(TestDatabase db) {
    Scribe scribe = Scribe.create();
    return new Fixture(db, db.storeBuilder(scribe), scribe);
  }

  static Fixture open(TestDatabase db, Scribe scribe) {
    return new Fixture(db, db.storeBuilder(scribe), scribe);
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

  @Override
  public void close() {
    store.close();
  }
}
