package dev.scribe.controller.auth;

import dev.scribe.core.ScribeException;
import dev.scribe.core.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The bearer tokens of an {@link IdentityStore} in {@code scribe_tokens}: 256 random bits handed to the client
 * once and stored as their SHA-256 hash, with an expiry; revoking marks them. Recently checked tokens are
 * answered from the {@link TokenCache}.
 */
final class TokenTable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentityDatabase database;
  private final Clock clock;
  private final Duration tokenTtl;
  private final TokenCache cache;

  TokenTable(IdentityDatabase database, Clock clock, Duration tokenTtl, TokenCache cache) {
    this.database = database;
    this.clock = clock;
    this.tokenTtl = tokenTtl;
    this.cache = cache;
  }

  /** Issues a new token for {@code user}; expired tokens are purged on the way. */
  IdentityStore.IssuedToken issue(User user) {
    String token = randomToken();
    long now = clock.millis();
    Instant expiresAt = Instant.ofEpochMilli(now + tokenTtl.toMillis());
    // from the account's row, in the same statement: no token is issued for a user without an account
    boolean issued = database.run(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "insert into scribe_tokens (token_hash, user_id, issued_at, expires_at)"
              + " select ?, id, ?, ? from scribe_users where id = ?");
          PreparedStatement purge = connection.prepareStatement("delete from scribe_tokens where expires_at < ?")) {
        insert.setString(1, hash(token));
        insert.setLong(2, now);
        insert.setLong(3, expiresAt.toEpochMilli());
        insert.setString(4, user.id());
        int inserted = insert.executeUpdate();
        purge.setLong(1, now);
        purge.executeUpdate();
        return inserted == 1;
      }
    });
    return issued ? new IdentityStore.IssuedToken(token, expiresAt, user) : null;
  }

  /** The user a live token belongs to; null when the token is unknown, expired or revoked. */
  User userOf(String token) {
    if (token == null || token.isEmpty() || token.length() > 128) {
      return null;
    }
    String tokenHash = hash(token);
    User cached = cache.get(tokenHash, clock.millis());
    if (cached != null) {
      return cached;
    }
    long generation = cache.generation();
    return database.run(connection -> {
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
          User user = new User(rs.getString(1), rs.getString(2), AccountTable.roles(rs.getString(3)));
          cache.put(tokenHash, user, expiresAt, generation);
          return user;
        }
      }
    });
  }

  /** Revokes a token at once; false when it was unknown or already revoked. */
  boolean revoke(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    String tokenHash = hash(token);
    cache.forget(tokenHash);
    boolean revoked = database.run(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "update scribe_tokens set revoked_at = ? where token_hash = ? and revoked_at is null")) {
        update.setLong(1, clock.millis());
        update.setString(2, tokenHash);
        return update.executeUpdate() > 0;
      }
    });
    cache.forget(tokenHash); // and what a lookup that read the row before the update cached meanwhile
    return revoked;
  }

  /** Revokes every token of {@code user}; returns how many were live. */
  int revokeAll(User user) {
    cache.forgetUser(user.id());
    int revoked = database.run(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "update scribe_tokens set revoked_at = ? where user_id = ? and revoked_at is null")) {
        update.setLong(1, clock.millis());
        update.setString(2, user.id());
        return update.executeUpdate();
      }
    });
    cache.forgetUser(user.id()); // and what a lookup that read a row before the update cached meanwhile
    return revoked;
  }

  void forgetUser(User user) {
    cache.forgetUser(user.id());
  }

  static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new ScribeException("SHA-256 is missing from this JVM", e);
    }
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
