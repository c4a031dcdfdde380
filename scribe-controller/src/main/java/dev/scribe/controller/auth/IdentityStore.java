package dev.scribe.controller.auth;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.ScribeException;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Accounts, bearer tokens and login failures, kept in three tables of the application's database
 * ({@code scribe_users}, {@code scribe_tokens}, {@code scribe_auth_failures}, created when missing), so
 * that sessions, revocation and throttling hold across every instance that shares the database.
 *
 * <p>Passwords are stored as BCrypt hashes only; tokens are 256 random bits, handed to the client once and
 * stored as their SHA-256 hash, with an expiry; revoking marks them. Nothing here logs a password or a token.
 * Thread-safe; each call uses its own connection from the data store's pool and commits at once.
 *
 * <pre>{@code
 * IdentityStore identities = IdentityStore.builder(store).tokenTtl(Duration.ofHours(8)).build();
 * User ada = identities.register("ada", "correct horse battery", Set.of("admin"));
 * IssuedToken token = identities.issue(ada);
 * User same = identities.userOfToken(token.token());
 * }</pre>
 */
public final class IdentityStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String[] SCHEMA = {
      "create table if not exists scribe_users (id varchar(36) primary key, name varchar(64) not null,"
          + " name_key varchar(64) not null unique, password_hash varchar(72) not null, roles varchar(1000) not null,"
          + " created_at bigint not null)",
      "create table if not exists scribe_tokens (token_hash varchar(64) primary key, user_id varchar(36) not null,"
          + " issued_at bigint not null, expires_at bigint not null, revoked_at bigint)",
      "create index if not exists scribe_tokens_user on scribe_tokens (user_id)",
      "create table if not exists scribe_auth_failures (subject varchar(200) not null, failed_at bigint not null)",
      "create index if not exists scribe_auth_failures_subject on scribe_auth_failures (subject, failed_at)",
  };

  private final ConnectionProvider connections;
  private final Clock clock;
  private final Duration tokenTtl;
  private final int bcryptCost;
  private final int maxFailuresPerAccount;
  private final int maxFailuresPerClient;
  private final Duration failureWindow;
  private final Credentials credentials;
  private final TokenCache tokenCache;
  /** Compared against when the account does not exist, so that a wrong name takes as long as a wrong password. */
  private final String decoyHash;

  private IdentityStore(Builder builder) {
    this.connections = builder.store.sessionFactory().unwrap(SessionFactoryImplementor.class).getServiceRegistry()
        .getService(ConnectionProvider.class);
    this.clock = builder.clock;
    this.tokenTtl = builder.tokenTtl;
    this.bcryptCost = builder.bcryptCost;
    this.maxFailuresPerAccount = builder.maxFailuresPerAccount;
    this.maxFailuresPerClient = builder.maxFailuresPerClient;
    this.failureWindow = builder.failureWindow;
    this.credentials = new Credentials(builder.minPasswordLength);
    this.tokenCache = new TokenCache(builder.tokenCacheTtl, System::nanoTime);
    this.decoyHash = BCrypt.hashpw(randomToken(), BCrypt.gensalt(bcryptCost, RANDOM));
    createTables();
  }

  /** Starts an identity store in the database of {@code store}. */
  public static Builder builder(DataStore store) {
    return new Builder(store);
  }

  /** A token handed to a client: the secret itself (shown once) and when it expires. */
  public record IssuedToken(String token, Instant expiresAt, User user) {
    @Override
    public String toString() {
      return "IssuedToken[expiresAt=" + expiresAt + ", user=" + user + "]";
    }
  }

  /** How long tokens live. */
  public Duration tokenTtl() {
    return tokenTtl;
  }

  /** The rules names and passwords must follow. */
  public Credentials credentials() {
    return credentials;
  }

  /**
   * Creates an account. A 422 {@link Veto} naming the field when the name or password breaks the rules, a
   * 409 when the name is taken (names are unique regardless of case).
   */
  public User register(String name, String password, Set<String> roles) {
    credentials.check(name, password);
    for (String role : roles) {
      if (role == null || role.isBlank() || role.contains(",")) {
        throw new ConfigurationException("role '" + role + "' is not a valid role name; use a word without commas");
      }
    }
    User user = new User(UUID.randomUUID().toString(), name, new LinkedHashSet<>(roles));
    String hash = BCrypt.hashpw(password, BCrypt.gensalt(bcryptCost, RANDOM));
    return jdbc(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "insert into scribe_users (id, name, name_key, password_hash, roles, created_at) values (?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, user.id());
        insert.setString(2, name);
        insert.setString(3, key(name));
        insert.setString(4, hash);
        insert.setString(5, String.join(",", user.roles()));
        insert.setLong(6, clock.millis());
        insert.executeUpdate();
        return user;
      } catch (SQLException e) {
        if (isUniqueViolation(e) || findByName(connection, name) != null) {
          throw Veto.builder().status(409).message("the name '" + name + "' is taken; choose another")
              .field("name", "is taken").build();
        }
        throw e;
      }
    });
  }

  /** Removes an account and its tokens. */
  public void delete(User user) {
    tokenCache.forgetUser(user.id());
    jdbc(connection -> {
      try (PreparedStatement tokens = connection.prepareStatement("delete from scribe_tokens where user_id = ?");
          PreparedStatement account = connection.prepareStatement("delete from scribe_users where id = ?")) {
        tokens.setString(1, user.id());
        tokens.executeUpdate();
        account.setString(1, user.id());
        account.executeUpdate();
      }
      return null;
    });
  }

  /** The account of that name (any case), if any. */
  public Optional<User> findByName(String name) {
    return Optional.ofNullable(jdbc(connection -> {
      Account account = findByName(connection, name);
      return account == null ? null : account.user;
    }));
  }

  /** Sets a new password (checked like a registration's); revokes every token of the account. */
  public void changePassword(User user, String password) {
    credentials.check(user.name(), password);
    String hash = BCrypt.hashpw(password, BCrypt.gensalt(bcryptCost, RANDOM));
    jdbc(connection -> {
      try (PreparedStatement update = connection.prepareStatement("update scribe_users set password_hash = ? where id = ?")) {
        update.setString(1, hash);
        update.setString(2, user.id());
        update.executeUpdate();
      }
      return null;
    });
    revokeAll(user);
  }

  /** The account when {@code password} is its password; null otherwise (unknown name or wrong password). */
  public User verify(String name, String password) {
    Account account = name == null ? null : jdbc(connection -> findByName(connection, name));
    String candidate = password == null ? "" : password;
    if (account == null || candidate.getBytes(StandardCharsets.UTF_8).length > Credentials.MAX_PASSWORD_BYTES) {
      BCrypt.checkpw(candidate.length() > 64 ? candidate.substring(0, 64) : candidate, decoyHash);
      return null;
    }
    return BCrypt.checkpw(candidate, account.passwordHash) ? account.user : null;
  }

  /** Issues a new token for {@code user}, valid for {@link #tokenTtl()}; expired tokens are purged on the way. */
  public IssuedToken issue(User user) {
    String token = randomToken();
    long now = clock.millis();
    Instant expiresAt = Instant.ofEpochMilli(now + tokenTtl.toMillis());
    jdbc(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "insert into scribe_tokens (token_hash, user_id, issued_at, expires_at) values (?, ?, ?, ?)");
          PreparedStatement purge = connection.prepareStatement("delete from scribe_tokens where expires_at < ?")) {
        insert.setString(1, hash(token));
        insert.setString(2, user.id());
        insert.setLong(3, now);
        insert.setLong(4, expiresAt.toEpochMilli());
        insert.executeUpdate();
        purge.setLong(1, now);
        purge.executeUpdate();
      }
      return null;
    });
    return new IssuedToken(token, expiresAt, user);
  }

  /** The user a live token belongs to; null when the token is unknown, expired or revoked. */
  public User userOfToken(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return null;
    }
    String tokenHash = hash(token);
    User cached = tokenCache.get(tokenHash, clock.millis());
    if (cached != null) {
      return cached;
    }
    return jdbc(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "select u.id, u.name, u.roles, t.expires_at, t.revoked_at from scribe_tokens t"
              + " join scribe_users u on u.id = t.user_id where t.token_hash = ?")) {
        select.setString(1, tokenHash);
        try (ResultSet rs = select.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          long expiresAt = rs.getLong(4);
          rs.getLong(5);
          boolean revoked = !rs.wasNull();
          if (revoked || expiresAt <= clock.millis()) {
            return null;
          }
          User user = new User(rs.getString(1), rs.getString(2), roles(rs.getString(3)));
          tokenCache.put(tokenHash, user, expiresAt);
          return user;
        }
      }
    });
  }

  /** Revokes a token at once; false when it was unknown or already revoked. */
  public boolean revoke(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    String tokenHash = hash(token);
    tokenCache.forget(tokenHash);
    return jdbc(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "update scribe_tokens set revoked_at = ? where token_hash = ? and revoked_at is null")) {
        update.setLong(1, clock.millis());
        update.setString(2, tokenHash);
        return update.executeUpdate() > 0;
      }
    });
  }

  /** Revokes every token of {@code user}; returns how many were live. */
  public int revokeAll(User user) {
    tokenCache.forgetUser(user.id());
    return jdbc(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "update scribe_tokens set revoked_at = ? where user_id = ? and revoked_at is null")) {
        update.setLong(1, clock.millis());
        update.setString(2, user.id());
        return update.executeUpdate();
      }
    });
  }

  /**
   * How long a login for {@code account} from {@code client} must wait, or null when it may try now: after
   * {@code maxFailuresPerAccount} failures for the account, or {@code maxFailuresPerClient} from the client
   * address, within the failure window (counted across every instance on the database).
   */
  public Duration throttled(String account, String client) {
    long now = clock.millis();
    long since = now - failureWindow.toMillis();
    return jdbc(connection -> {
      Duration wait = wait(connection, accountSubject(account), maxFailuresPerAccount, since, now);
      Duration clientWait = client == null ? null : wait(connection, clientSubject(client), maxFailuresPerClient, since, now);
      if (wait == null) {
        return clientWait;
      }
      return clientWait == null || wait.compareTo(clientWait) >= 0 ? wait : clientWait;
    });
  }

  /** Counts a failed login against the account and the client address; failures older than the window are purged. */
  public void recordFailure(String account, String client) {
    long now = clock.millis();
    jdbc(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "insert into scribe_auth_failures (subject, failed_at) values (?, ?)");
          PreparedStatement purge = connection.prepareStatement("delete from scribe_auth_failures where failed_at <= ?")) {
        insert.setString(1, accountSubject(account));
        insert.setLong(2, now);
        insert.addBatch();
        if (client != null) {
          insert.setString(1, clientSubject(client));
          insert.setLong(2, now);
          insert.addBatch();
        }
        insert.executeBatch();
        purge.setLong(1, now - failureWindow.toMillis());
        purge.executeUpdate();
      }
      return null;
    });
  }

  /** Forgets the failures of an account, after a successful login. */
  public void clearFailures(String account) {
    jdbc(connection -> {
      try (PreparedStatement delete = connection.prepareStatement("delete from scribe_auth_failures where subject = ?")) {
        delete.setString(1, accountSubject(account));
        delete.executeUpdate();
      }
      return null;
    });
  }

  private Duration wait(Connection connection, String subject, int max, long since, long now) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "select failed_at from scribe_auth_failures where subject = ? and failed_at > ? order by failed_at desc")) {
      select.setString(1, subject);
      select.setLong(2, since);
      select.setMaxRows(max);
      try (ResultSet rs = select.executeQuery()) {
        int count = 0;
        long oldestCounted = now;
        while (rs.next()) {
          count++;
          oldestCounted = rs.getLong(1);
        }
        if (count < max) {
          return null;
        }
        long waitMillis = oldestCounted + failureWindow.toMillis() - now;
        return Duration.ofMillis(Math.max(1000, waitMillis));
      }
    }
  }

  private static String accountSubject(String account) {
    String name = account == null ? "" : key(account);
    return "account:" + (name.length() > 150 ? name.substring(0, 150) : name);
  }

  private static String clientSubject(String client) {
    return "client:" + (client.length() > 150 ? client.substring(0, 150) : client);
  }

  private Account findByName(Connection connection, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "select id, name, roles, password_hash from scribe_users where name_key = ?")) {
      select.setString(1, key(name));
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Account(new User(rs.getString(1), rs.getString(2), roles(rs.getString(3))), rs.getString(4));
      }
    }
  }

  private void createTables() {
    jdbc(connection -> {
      try (Statement statement = connection.createStatement()) {
        for (String sql : SCHEMA) {
          statement.execute(sql);
        }
      }
      return null;
    });
  }

  private <T> T jdbc(SqlWork<T> work) {
    Connection connection;
    try {
      connection = connections.getConnection();
    } catch (SQLException e) {
      throw new ScribeException("the identity store cannot get a database connection: " + e.getMessage(), e);
    }
    Boolean autoCommit = null;
    try {
      autoCommit = connection.getAutoCommit();
      if (!autoCommit) {
        connection.setAutoCommit(true);
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw new ScribeException("the identity store failed: " + e.getMessage(), e);
    } finally {
      try {
        if (Boolean.FALSE.equals(autoCommit)) {
          connection.setAutoCommit(false);
        }
      } catch (SQLException ignored) {
        // the connection is handed back either way; the pool validates it
      } finally {
        try {
          connections.closeConnection(connection);
        } catch (SQLException ignored) {
          // nothing left to do with a connection that cannot be returned
        }
      }
    }
  }

  private static boolean isUniqueViolation(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException && "23505".equals(((SQLException) cause).getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> roles(String joined) {
    if (joined == null || joined.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(joined.split(",")));
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new ScribeException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A row of {@code scribe_users}. */
  private record Account(User user, String passwordHash) {
    @Override
    public String toString() {
      return "Account[" + user + "]";
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Collects the settings of an {@link IdentityStore}. */
  public static final class Builder {
    private final DataStore store;
    private Clock clock = Clock.systemUTC();
    private Duration tokenTtl = Duration.ofHours(12);
    private int bcryptCost = 10;
    private int maxFailuresPerAccount = 5;
    private int maxFailuresPerClient = 20;
    private Duration failureWindow = Duration.ofMinutes(1);
    private int minPasswordLength = 10;
    private Duration tokenCacheTtl = Duration.ofSeconds(1);

    private Builder(DataStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** How long an issued token stays valid; default 12 hours. */
    public Builder tokenTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new ConfigurationException("tokenTtl must be positive, not " + ttl);
      }
      this.tokenTtl = ttl;
      return this;
    }

    /** The BCrypt cost (log2 rounds), 4 to 31; default 10. Lower it in tests only. */
    public Builder bcryptCost(int cost) {
      if (cost < 4 || cost > 31) {
        throw new ConfigurationException("bcryptCost must be between 4 and 31, not " + cost);
      }
      this.bcryptCost = cost;
      return this;
    }

    /**
     * Failed logins allowed per account and per client address within {@code window} before further
     * logins are answered 429; default 5 per account and 20 per address a minute.
     */
    public Builder throttle(int perAccount, int perClient, Duration window) {
      if (perAccount < 1 || perClient < 1 || window.isNegative() || window.isZero()) {
        throw new ConfigurationException("throttle needs positive limits and window, not " + perAccount + ", "
            + perClient + ", " + window);
      }
      this.maxFailuresPerAccount = perAccount;
      this.maxFailuresPerClient = perClient;
      this.failureWindow = window;
      return this;
    }

    /** The shortest password accepted at registration; default 10 characters. */
    public Builder minPasswordLength(int length) {
      if (length < 1 || length > Credentials.MAX_PASSWORD_BYTES) {
        throw new ConfigurationException("minPasswordLength must be between 1 and " + Credentials.MAX_PASSWORD_BYTES);
      }
      this.minPasswordLength = length;
      return this;
    }

    /**
     * How long a checked token is trusted without asking the database again; default 1 second, zero to ask
     * on every request. Logout and revocation through this instance take effect at once; through another
     * instance on the same database, within this time. A token's expiry is checked on every request.
     */
    public Builder tokenCache(Duration ttl) {
      if (ttl.isNegative()) {
        throw new ConfigurationException("tokenCache must be zero or positive, not " + ttl);
      }
      this.tokenCacheTtl = ttl;
      return this;
    }

    /** The clock for expiry and throttling; the system clock by default. */
    public Builder clock(Clock source) {
      this.clock = Objects.requireNonNull(source, "clock");
      return this;
    }

    /** Creates the tables when they are missing. */
    public IdentityStore build() {
      return new IdentityStore(this);
    }
  }
}
