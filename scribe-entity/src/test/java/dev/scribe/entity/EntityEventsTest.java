package dev.scribe.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Veto;
import dev.scribe.entity.internal.EntityEventBridge;
import dev.scribe.entity.internal.ScribeIntegrator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The entity tier on a plain Hibernate session: its events come from Hibernate's own event system. */
class EntityEventsTest {
  static SessionFactory factory;
  static EntityCatalog catalog;

  @BeforeAll
  static void open() {
    EntityEventBridge bridge = new EntityEventBridge();
    factory = new MetadataSources(new StandardServiceRegistryBuilder(new BootstrapServiceRegistryBuilder()
        .applyIntegrator(new ScribeIntegrator(bridge)).build())
        .applySetting("hibernate.connection.url", "jdbc:h2:mem:entity_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .applySetting("hibernate.hbm2ddl.auto", "create-drop")
        .applySetting("jakarta.persistence.validation.mode", "NONE")
        .build())
        .addAnnotatedClass(Note.class).buildMetadata().buildSessionFactory();
    catalog = EntityCatalog.build(Scribe.create(), factory.getMetamodel(), List.of(Note.class));
    bridge.connect(catalog, () -> null);
  }

  @AfterAll
  static void close() {
    factory.close();
  }

  @Test
  void theEntitysOwnMethodsRunOnTheInstanceAroundItsInsert() {
    Note note = new Note();
    note.text = "hello";

    factory.inTransaction(session -> session.persist(note));

    assertThat(note.seen).containsExactly("prePersist", "postPersist " + note.id);
    String stamp = factory.fromTransaction(session -> session.find(Note.class, note.id).stamp);
    assertThat(stamp).isEqualTo("stamped");
  }

  @Test
  void subscribersOfTheClassManagerSeeEveryInstance() {
    EventManager events = catalog.events(Note.class);
    List<String> seen = new ArrayList<>();
    var subscription = events.on("postUpdate", args -> seen.add("updated " + args.self(Note.class).text));
    try {
      Note note = new Note();
      factory.inTransaction(session -> session.persist(note));
      factory.inTransaction(session -> session.find(Note.class, note.id).text = "changed");

      assertThat(seen).containsExactly("updated changed");
    } finally {
      subscription.remove();
    }
  }

  @Test
  void aVetoInPrePersistLeavesTheSessionCallUnchanged() {
    Veto veto = new Veto(403, "notes are closed");
    var subscription = catalog.events(Note.class).on("prePersist", args -> {
      throw veto;
    });
    try {
      Throwable thrown = catchThrowable(() -> {
        try (Session session = factory.openSession()) {
          session.persist(new Note());
        }
      });

      assertThat(thrown).isSameAs(veto);
    } finally {
      subscription.remove();
    }
  }

  @Test
  void theCatalogNamesClassesThatAreNotEntities() {
    assertThat(catchThrowable(() -> catalog.model(String.class))).hasMessage(
        "java.lang.String is not an entity of this data store; add it with DataStore.builder(...).entities(String.class)");
    assertThat(catalog.model(Note.class).attribute("stamp").guarded()).isTrue();
  }

  /** A class of the kind a proxy is: a subclass of the entity class. */
  static class NoteSubclass extends Note {}

  @Test
  void eachClassAskedGetsItsOwnManagerInWhateverOrderClassesAreAsked() {
    EventManager notes = catalog.events(Note.class);

    for (int round = 0; round < 3; round++) {
      assertThat(catalog.eventsOrNull(Note.class)).isSameAs(notes);
      assertThat(catalog.eventsOrNull(String.class)).isNull();
      assertThat(catalog.eventsOrNull(NoteSubclass.class)).isSameAs(notes);
      assertThat(catalog.eventsOrNull(Note.class)).isSameAs(notes);
      assertThat(catalog.eventsOrNull(Object.class)).isNull();
      assertThat(catalog.eventsOrNull(null)).isNull();
    }
    assertThat(catchThrowable(() -> catalog.events(String.class))).hasMessageStartingWith(
        "java.lang.String is not an entity of this data store, so it has no entity events");
  }
}
