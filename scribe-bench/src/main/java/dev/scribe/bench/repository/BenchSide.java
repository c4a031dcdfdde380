package dev.scribe.bench.repository;

import dev.scribe.core.Event;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.repository.DataStore;
import java.sql.SQLException;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/** One side of a pair: a repository on a data store, or a plain session factory, on its own database. */
public final class BenchSide {
  public final BenchDatabase database;
  public DataStore store;
  public BenchTaskRepository repository;
  public SessionFactory sessions;
  private StandardServiceRegistry registry;

  private BenchSide(BenchDatabase database) {
    this.database = database;
  }

  /** The repository, with a no-op handler on every event of both tiers when {@code noOpHandlers}. */
  public static BenchSide scribe(BenchDatabase database, boolean noOpHandlers) {
    BenchSide side = new BenchSide(database);
    side.store = DataStore.builder(Scribe.create()).jdbcUrl(database.url).username(database.user).password("")
        .entities(BenchTask.class).schemaAction("create-drop")
        .property("hibernate.jdbc.batch_size", String.valueOf(BenchRows.BATCH_SIZE))
        .build();
    side.repository = side.store.register(new BenchTaskRepository());
    if (noOpHandlers) {
      attachNoOps(side.repository.events());
      attachNoOps(side.store.entities().events(BenchTask.class));
    }
    return side;
  }

  public static BenchSide plain(BenchDatabase database) {
    BenchSide side = new BenchSide(database);
    StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder()
        .applySetting("hibernate.connection.url", database.url)
        .applySetting("hibernate.connection.username", database.user)
        .applySetting("hibernate.connection.password", "")
        .applySetting("hibernate.connection.pool_size", "10")
        .applySetting("hibernate.hbm2ddl.auto", "create-drop")
        .applySetting("hibernate.jdbc.batch_size", String.valueOf(BenchRows.BATCH_SIZE))
        .applySetting("jakarta.persistence.validation.mode", "NONE");
    side.registry = settings.build();
    side.sessions = new MetadataSources(side.registry).addAnnotatedClass(BenchTask.class).buildMetadata()
        .buildSessionFactory();
    return side;
  }

  private static void attachNoOps(EventManager events) {
    for (Event event : events.tier().events()) {
      events.on(event.name(), args -> { });
    }
  }

  public void close() throws SQLException {
    if (store != null) {
      store.close();
    }
    if (sessions != null) {
      sessions.close();
      StandardServiceRegistryBuilder.destroy(registry);
    }
    database.drop();
  }
}
