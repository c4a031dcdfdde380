package dev.scribe.controller.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

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
    long now = clock.millis();
    long since = now - failureWindow.toMillis();
    return database.run(connection -> {
      Duration wait = wait(connection, accountSubject(account), maxFailuresPerAccount, since, now);
      Duration clientWait = client == null ? null : wait(connection, clientSubject(client), maxFailuresPerClient, since, now);
      if (wait == null) {
        return clientWait;
      }
      return clientWait == null || wait.compareTo(clientWait) >= 0 ? wait : clientWait;
    });
  }

  /** Counts a failed login against the account and the client address; failures older than the window are purged. */
  void record(String account, String client) {
    long now = clock.millis();
    database.run(connection -> {
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
