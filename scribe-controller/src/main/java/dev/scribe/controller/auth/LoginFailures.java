package dev.scribe.controller.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failed logins of an {@link IdentityStore}, per account and per client address, in
 * {@code scribe_auth_failures}: so that throttling holds across every instance on the database.
 */
final class LoginFailures {
  private final IdentityDatabase database;
  private final Clock clock;
  private final Duration failureWindow;
  private final int maxFailuresPerAccount;
  private final int maxFailuresPerClient;
  /** Logins of this instance between their check and the record of their outcome, per subject. */
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  LoginFailures(IdentityDatabase database, Clock clock, Duration failureWindow, int maxFailuresPerAccount,
      int maxFailuresPerClient) {
    this.database = database;
    this.clock = clock;
    this.failureWindow = failureWindow;
    this.maxFailuresPerAccount = maxFailuresPerAccount;
    this.maxFailuresPerClient = maxFailuresPerClient;
  }

  /** How long a login for {@code account} from {@code client} must wait, or null when it may try now. */
  Duration throttled(String account, String client) {
    return throttled(account, client, 0, 0);
  }

  /**
   * Begins a login attempt (a null account: a registration, throttled by the client address alone): null when it may go on, and then {@link #end} must follow once its failure is
   * recorded (or it succeeded); else how long to wait. The attempts of this instance still in flight count
   * as failures to come, so that guesses sent at once cannot all pass the check before the first is recorded.
   */
  Duration begin(String account, String client) {
    int accountAhead = account == null ? 0
        : inFlight.computeIfAbsent(accountSubject(account), key -> new AtomicInteger()).getAndIncrement();
    int clientAhead = client == null ? 0
        : inFlight.computeIfAbsent(clientSubject(client), key -> new AtomicInteger()).getAndIncrement();
    Duration wait;
    try {
      wait = throttled(account, client, accountAhead, clientAhead);
    } catch (RuntimeException e) {
      end(account, client);
      throw e;
    }
    if (wait != null) {
      end(account, client);
    }
    return wait;
  }

  /** Ends an attempt {@link #begin} let through. */
  void end(String account, String client) {
    if (account != null) {
      release(accountSubject(account));
    }
    if (client != null) {
      release(clientSubject(client));
    }
  }

  private void release(String subject) {
    inFlight.computeIfPresent(subject, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  private Duration throttled(String account, String client, int accountAhead, int clientAhead) {
    long now = clock.millis();
    long since = now - failureWindow.toMillis();
    return database.run(connection -> {
      Duration wait = account == null ? null
          : wait(connection, accountSubject(account), maxFailuresPerAccount - accountAhead, since, now);
      Duration clientWait = client == null ? null
          : wait(connection, clientSubject(client), maxFailuresPerClient - clientAhead, since, now);
      if (wait == null) {
        return clientWait;
      }
      return clientWait == null || wait.compareTo(clientWait) >= 0 ? wait : clientWait;
    });
  }

  /**
   * Counts a failed login against the account and the client address (a null account: the client alone, as for a
   * name a registration found taken); failures older than the window are purged.
   */
  void record(String account, String client) {
    long now = clock.millis();
    database.run(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "insert into scribe_auth_failures (subject, failed_at) values (?, ?)");
          PreparedStatement purge = connection.prepareStatement("delete from scribe_auth_failures where failed_at <= ?")) {
        if (account != null) {
          insert.setString(1, accountSubject(account));
          insert.setLong(2, now);
          insert.addBatch();
        }
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
  void clear(String account) {
    database.run(connection -> {
      try (PreparedStatement delete = connection.prepareStatement("delete from scribe_auth_failures where subject = ?")) {
        delete.setString(1, accountSubject(account));
        delete.executeUpdate();
      }
      return null;
    });
  }

  private Duration wait(Connection connection, String subject, int max, long since, long now) throws SQLException {
    if (max <= 0) {
      return Duration.ofSeconds(1); // as many attempts in flight as failures are left: the next waits for them
    }
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
    String name = account == null ? "" : AccountTable.key(account);
    return "account:" + (name.length() > 150 ? name.substring(0, 150) : name);
  }

  private static String clientSubject(String client) {
    return "client:" + (client.length() > 150 ? client.substring(0, 150) : client);
  }
}
