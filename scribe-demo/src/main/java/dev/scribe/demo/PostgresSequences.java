package dev.scribe.demo;

import dev.scribe.repository.DataStore;
import java.sql.Statement;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.id.enhanced.SequenceStyleGenerator;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Creates the id sequences of the demo's entities when missing, on PostgreSQL. Hibernate's schema update
 * finds sequences by name in every schema of the database, so a {@code tasks_seq} of another schema (another
 * application, another demo on {@code ?currentSchema=}) would leave this schema without one.
 */
final class PostgresSequences {
  private PostgresSequences() {}

  static void ensure(DataStore store, Class<?>... entities) {
    SessionFactoryImplementor factory = store.sessionFactory().unwrap(SessionFactoryImplementor.class);
    try (Session session = factory.openSession()) {
      session.doWork(connection -> {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          for (Class<?> entity : entities) {
            EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(entity);
            if (persister.getGenerator() instanceof SequenceStyleGenerator) {
              SequenceStyleGenerator sequence = (SequenceStyleGenerator) persister.getGenerator();
              statement.execute("CREATE SEQUENCE IF NOT EXISTS "
                  + sequence.getDatabaseStructure().getPhysicalName().render() + " START WITH 1 INCREMENT BY "
                  + sequence.getDatabaseStructure().getIncrementSize());
            }
          }
        } finally {
          connection.setAutoCommit(autoCommit);
        }
      });
    }
  }
}
