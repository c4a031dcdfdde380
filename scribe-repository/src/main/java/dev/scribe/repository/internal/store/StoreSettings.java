package dev.scribe.repository.internal.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.scribe.core.ConfigurationException;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.DatabaseUnavailableException;
import dev.scribe.repository.LockConflictException;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * What a {@link DataStore.Builder} collected, with every default in one place, and the Hibernate settings
 * made of it. Mutable, confined to the builder's thread until {@link DataStore.Builder#build()}.
 */
public final class StoreSettings {
  /** Default wait for a row or key lock before {@link LockConflictException}. */
  static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
  /** Default {@code Retry-After} of a {@link DatabaseUnavailableException}. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  /** Default schema action: leave the schema alone. */
  static final String DEFAULT_SCHEMA_ACTION = "none";
  /** Hibernate's JDBC batch size unless a property says otherwise: records written between two flush points. */
  static final String DEFAULT_JDBC_BATCH_SIZE = "50";

  public final List<Class<?>> entities = new ArrayList<>();
  public final Map<String, Object> properties = new LinkedHashMap<>();
  public String jdbcUrl;
  public String username;
  public String password;
  public DataSource dataSource;
  public String schemaAction = DEFAULT_SCHEMA_ACTION;
  public Executor asyncExecutor;
  public ValidatorFactory validatorFactory;
  public Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
  public int poolSize = ConnectionPool.DEFAULT_SIZE;
  public Duration connectionWait = ConnectionPool.DEFAULT_WAIT;
  public Duration retryAfter = DEFAULT_RETRY_AFTER;
  public boolean durableCommits = true;
  public boolean scopedAutoFlush = true;

  /** Refuses settings no store can start with, naming the setting to add. */
  public void validate() {
    if (entities.isEmpty()) {
      throw new ConfigurationException("a data store needs at least one entity class; add them with entities(...)");
    }
    if (jdbcUrl == null && dataSource == null && !properties.containsKey("jakarta.persistence.jdbc.url")
        && !properties.containsKey("hibernate.connection.url")) {
      throw new ConfigurationException("a data store needs a connection; set jdbcUrl(...) or dataSource(...)");
    }
    if (jdbcUrl != null && dataSource != null) {
      throw new ConfigurationException("a data store takes jdbcUrl(...) or dataSource(...), not both: the data"
          + " source would be used and " + jdbcUrl + " ignored; drop one of them");
    }
    ConnectionPool.validate(poolSize, connectionWait);
  }

  /** The HikariCP pool for a JDBC URL, or null when a data source or raw Hibernate settings are given. */
  HikariDataSource openPool() {
    if (dataSource != null || jdbcUrl == null) {
      return null;
    }
    return ConnectionPool.open(jdbcUrl, username, password, poolSize, connectionWait, durableCommits, lockTimeout);
  }

  /** Hibernate's settings: the connection, the schema action, the fixed ones, then the caller's properties. */
  Map<String, Object> hibernateSettings(DataSource pool) {
    Map<String, Object> settings = new LinkedHashMap<>();
    if (dataSource != null) {
      settings.put("hibernate.connection.datasource", LockStatementCache.wrap(dataSource));
    } else if (pool != null) {
      settings.put("hibernate.connection.datasource", LockStatementCache.wrap(pool));
    }
    settings.put("hibernate.hbm2ddl.auto", schemaAction);
    settings.put("jakarta.persistence.validation.mode", "NONE");
    settings.put("hibernate.jdbc.batch_size", DEFAULT_JDBC_BATCH_SIZE);
    // versioned UPDATEs go in JDBC batches at the flush points too; the replay of a refused group names the stale row
    settings.put("hibernate.jdbc.batch_versioned_data", "true");
    settings.put("hibernate.connection.autocommit", "false");
    settings.putAll(properties);
    return settings;
  }
}
