package dev.scribe.entity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.entity.EntityCatalog;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.persister.entity.EntityPersister;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * INSERTs in JDBC batches: prePersist fires at persist, postPersist once the batch holding the INSERT was
 * sent, at the end of the flush, so a post handler sees every row of the batch in the database.
 */
class InsertBatchingTest {
  static SessionFactory factory;
  static EntityCatalog catalog;
  static final ThreadLocal<UnitOfWork> CURRENT = new ThreadLocal<>();

  @BeforeAll
  static void open() {
    EntityEventBridge bridge = new EntityEventBridge();
    factory = new MetadataSources(new StandardServiceRegistryBuilder(new BootstrapServiceRegistryBuilder()
        .applyIntegrator(new ScribeIntegrator(bridge)).build())
        .applySetting("hibernate.connection.url", "jdbc:h2:mem:batching_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .applySetting("hibernate.hbm2ddl.auto", "create-drop")
        .applySetting("hibernate.jdbc.batch_size", 50)
        .applySetting("jakarta.persistence.validation.mode", "NONE")
        .build())
        .addAnnotatedClass(Invoice.class).buildMetadata().buildSessionFactory();
    catalog = EntityCatalog.build(Scribe.create(), factory.getMetamodel(), List.of(Invoice.class));
    bridge.connect(catalog, CURRENT::get);
  }

  @AfterAll
  static void close() {
    factory.close();
  }

  @Test
  void postPersistRunsOnceTheBatchIsInTheDatabase() {
    List<String> seen = new ArrayList<>();
    var pre = catalog.events(Invoice.class).on("prePersist", args -> seen.add("pre " + args.self(Invoice.class).number));
    var post = catalog.events(Invoice.class).on("postPersist", args ->
        seen.add("post " + args.self(Invoice.class).number + " rows=" + rows(CURRENT.get().session)));
    try (Session session = factory.openSession()) {
      CURRENT.set(new UnitOfWork(session));
      session.beginTransaction();
      for (String number : List.of("B-1", "B-2", "B-3")) {
        Invoice invoice = new Invoice();
        invoice.number = number;
        session.persist(invoice);
      }
      seen.add("persisted rows=" + rows(session));
      session.flush();
      session.getTransaction().rollback();
    } finally {
      CURRENT.remove();
      pre.remove();
      post.remove();
    }

    assertThat(seen).containsExactly("pre B-1", "pre B-2", "pre B-3", "persisted rows=0",
        "post B-1 rows=3", "post B-2 rows=3", "post B-3 rows=3");
  }

  @Test
  void aQueryAutoFlushesThePendingInsertsFirst() {
    try (Session session = factory.openSession()) {
      CURRENT.set(new UnitOfWork(session));
      session.beginTransaction();
      Invoice invoice = new Invoice();
      invoice.number = "Q-1";
      session.persist(invoice);

      long counted = session.createSelectionQuery("select count(i) from Invoice i", Long.class).getSingleResult();

      assertThat(counted).isEqualTo(1);
      assertThat(rows(session)).as("the INSERT was sent, not left in the JDBC batch").isEqualTo(1);
      session.getTransaction().rollback();
    } finally {
      CURRENT.remove();
    }
  }

  /** The rows of the Invoice table as the session's own connection sees them (its transaction included). */
  private static long rows(Session session) {
    return session.doReturningWork(connection -> {
      try (Statement statement = connection.createStatement();
           ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM Invoice")) {
        result.next();
        return result.getLong(1);
      }
    });
  }

  /** The least a unit of work does for the entity tier: entity args, first-persist tracking, deferred post events. */
  private static final class UnitOfWork implements EntityEventContext {
    final Session session;
    private final Map<Object, EventArgs> args = new IdentityHashMap<>();
    private final Set<Object> persisted = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Queue<Runnable> deferred = new ArrayDeque<>();
    private boolean running;

    UnitOfWork(Session session) {
      this.session = session;
    }

    @Override
    public EventArgs entityArgs(Object entity, Map<String, Object> params) {
      return args.computeIfAbsent(entity, e -> EventArgs.of(e, "invoices.store"));
    }

    @Override
    public boolean firstPersist(Object entity) {
      return persisted.add(entity);
    }

    @Override
    public void defer(Runnable postEvent) {
      deferred.add(postEvent);
    }

    @Override
    public void runDeferred() {
      if (running) {
        return;
      }
      running = true;
      try {
        for (Runnable next = deferred.poll(); next != null; next = deferred.poll()) {
          next.run();
        }
      } finally {
        running = false;
      }
    }

    @Override
    public void persisting(Object entity) {}

    @Override
    public void inserting(Object entity, Object id, Object[] state, EntityPersister persister) {}
  }
}
