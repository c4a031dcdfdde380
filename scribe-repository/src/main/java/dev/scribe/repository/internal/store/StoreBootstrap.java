package dev.scribe.repository.internal.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Scribe;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.internal.EntityBinder;
import dev.scribe.entity.internal.EntityEventBridge;
import dev.scribe.entity.internal.ParamsCheck;
import dev.scribe.entity.internal.ScribeIntegrator;
import dev.scribe.repository.DataStore;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistry;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Starts what a {@link DataStore} stands on — the connection pool, Hibernate's service registry with the
 * entity-event integrator, the session factory, the entity catalogue and its constraints, the Bean
 * Validation factory — and closes what it opened. Immutable once started.
 */
public final class StoreBootstrap implements AutoCloseable {
  private final SessionFactory sessionFactory;
  private final StandardServiceRegistry registry;
  private final HikariDataSource pool;
  private final EntityCatalog catalog;
  private final Constraints constraints;
  private final int batchSize;
  private final ValidatorFactory validatorFactory;
  private final boolean ownsValidatorFactory;
  private final EntityBinder binder;
  private final ParamsCheck paramsCheck;

  public StoreBootstrap(Scribe scribe, StoreSettings settings, EntityEventBridge bridge) {
    this.pool = settings.openPool();
    BootstrapServiceRegistry bootstrap = new BootstrapServiceRegistryBuilder()
        .applyIntegrator(new ScribeIntegrator(bridge))
        .build();
    Map<String, Object> hibernate = settings.hibernateSettings(pool);
    this.batchSize = Math.max(1, Integer.parseInt(String.valueOf(hibernate.get("hibernate.jdbc.batch_size")).strip()));
    if (scribe.tracing()) {
      hibernate.putIfAbsent("hibernate.session_factory.statement_inspector", new TraceStatementCounter(scribe));
    }
    StandardServiceRegistry serviceRegistry = new StandardServiceRegistryBuilder(bootstrap)
        .applySettings(hibernate)
        .build();
    Metadata metadata;
    try {
      MetadataSources sources = new MetadataSources(serviceRegistry);
      settings.entities.forEach(sources::addAnnotatedClass);
      metadata = mapped(sources, settings.entities);
      String ownUrl = settings.dataSource != null ? null : settings.jdbcUrl;
      try (SchemaTurn turn = SchemaTurn.take(ownUrl, settings.username, settings.password, settings.schemaAction)) {
        this.sessionFactory = metadata.buildSessionFactory();
      }
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(serviceRegistry);
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
    this.registry = serviceRegistry;
    this.catalog = EntityCatalog.build(scribe, sessionFactory.getMetamodel(), settings.entities);
    this.constraints = Constraints.of(metadata, catalog);
    this.validatorFactory = settings.validatorFactory != null ? settings.validatorFactory
        : Validation.buildDefaultValidatorFactory();
    this.ownsValidatorFactory = settings.validatorFactory == null;
    this.binder = new EntityBinder(catalog, validatorFactory.getValidator());
    this.paramsCheck = new ParamsCheck(validatorFactory.getValidator());
  }

  /**
   * The entities' mapping; a mapping Hibernate refuses is a {@link ConfigurationException} that says which
   * classes the store was given and what to do, with Hibernate's message (an association to a class left
   * out of {@code entities(...)} is the usual one).
   */
  private static Metadata mapped(MetadataSources sources, java.util.Collection<Class<?>> entities) {
    try {
      return sources.buildMetadata();
    } catch (org.hibernate.MappingException e) {
      String message = String.valueOf(e.getMessage());
      throw new ConfigurationException("Hibernate cannot map the entities of this data store " + entities.stream()
          .map(Class::getSimpleName).toList() + ": " + message + (message.contains("does not belong to the same"
          + " persistence unit") ? "; add that type to DataStore.builder().entities(...)" : "; fix the mapping it names"),
          e);
    }
  }

  public SessionFactory sessionFactory() {
    return sessionFactory;
  }

  public SessionFactoryImplementor sessionFactoryImplementor() {
    return sessionFactory.unwrap(SessionFactoryImplementor.class);
  }

  public Dialect dialect() {
    return sessionFactoryImplementor().getJdbcServices().getDialect();
  }

  public EntityCatalog catalog() {
    return catalog;
  }

  public Constraints constraints() {
    return constraints;
  }

  /** How many records of a batch are written between two flush points: Hibernate's JDBC batch size. */
  public int batchSize() {
    return batchSize;
  }

  public EntityBinder binder() {
    return binder;
  }

  public ParamsCheck paramsCheck() {
    return paramsCheck;
  }

  /** Closes the session factory, the service registry, the pool it opened and the owned validator factory. */
  @Override
  public void close() {
    try {
      sessionFactory.close();
    } finally {
      StandardServiceRegistryBuilder.destroy(registry);
      if (pool != null) {
        pool.close();
      }
      if (ownsValidatorFactory) {
        validatorFactory.close();
      }
    }
  }
}
