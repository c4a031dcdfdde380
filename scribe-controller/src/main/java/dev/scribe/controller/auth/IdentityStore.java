package dev.scribe.controller.auth;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * Thread-safe; each call uses its own connection from the data store's pool and commits at once. Once the data store
 * is closed, every call is a {@link UsageException} saying so.
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

  private final IdentityDatabase database;
  private final LoginFailures failures;
  private final Duration tokenTtl;
  private final int bcryptCost;
  private final Credentials credentials;
  private final AccountTable accounts;
  private final TokenTable tokens;
  /** Compared against when the account does not exist, so that a wrong name takes as long as a wrong password. */
  private final CompletableFuture<String> decoyHash;
  private static final int DEFAULT_BCRYPT_COST = 10;
  /** A BCrypt hash of cost 10 of 32 random bytes that were then forgotten: checked for names that have no account. */
  private static final String DEFAULT_COST_DECOY = "$2a$10$NRg1V3.n52Hvx/cub4LEqucYhozlxFdkekd6xQUHAX/eQ09SXHqNK";

  private IdentityStore(Builder builder) {
    SessionFactoryImplementor sessions = builder.store.sessionFactory().unwrap(SessionFactoryImplementor.class);
    this.database = new IdentityDatabase(sessions.getServiceRegistry().getService(ConnectionProvider.class),
        sessions::isClosed);
    this.tokenTtl = builder.tokenTtl;
    this.bcryptCost = builder.bcryptCost;
    this.failures = new LoginFailures(database, builder.clock, builder.failureWindow, builder.maxFailuresPerAccount,
        builder.maxFailuresPerClient);
    this.credentials = new Credentials(builder.minPasswordLength);
    this.accounts = new AccountTable(database, builder.clock);
    this.tokens = new TokenTable(database, builder.clock, builder.tokenTtl,
        new TokenCache(builder.tokenCacheTtl, System::nanoTime));
    // The decoy only has to cost what a real hash of the same cost does to check, and a hash hides its password:
    // the default cost's is written here, so that the start-up does not spend a cold JVM's few hundred ms on
    // it; another cost's is hashed beside the start-up, and the first login of an unknown name waits for it.
    this.decoyHash = bcryptCost == DEFAULT_BCRYPT_COST ? CompletableFuture.completedFuture(DEFAULT_COST_DECOY)
        : CompletableFuture.supplyAsync(() -> BCrypt.hashpw(TokenTable.randomToken(), BCrypt.gensalt(bcryptCost, RANDOM)));
    database.createTables();
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
   * 409 when the name is taken (names are unique regardless of case). A null or blank role is a
   * {@link UsageException} naming it, as it is for {@link User#of}, and so is one holding a comma, which
   * {@code User.of} takes: the account's roles are stored comma-separated.
   */
  public User register(String name, String password, Set<String> roles) {
    if (roles == null) {
      throw new UsageException("IdentityStore.register(name, password, null): pass Set.of() for an account without roles");
    }
    // a name typed decomposed (e + a combining accent, as some keyboards send it) is the same name: kept composed
    String composed = name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC);
    String secret = normalizedPassword(password);
    credentials.check(composed, secret);
    for (String role : roles) {
      if (role == null) {
        throw new UsageException("IdentityStore.register(name, password, roles) got a null role; pass role names,"
            + " or Set.of() for an account without roles");
      }
      if (role.isBlank() || role.contains(",")) {
        throw new UsageException("IdentityStore.register(name, password, roles): role '" + role
            + "' is not a valid role name; pass a word without commas, such as \"admin\"");
      }
    }
    User user = new User(UUID.randomUUID().toString(), composed, new LinkedHashSet<>(roles));
    String hash = BCrypt.hashpw(secret, BCrypt.gensalt(bcryptCost, RANDOM));
    return accounts.insert(user, composed, hash);
  }

  /** Removes an account and its tokens (nothing when it is already gone). */
  public void delete(User user) {
    if (user == null) {
      throw new UsageException("IdentityStore.delete(null): pass the User of the account to remove");
    }
    tokens.forgetUser(user);
    accounts.delete(user);
    tokens.forgetUser(user); // and what a lookup that read a token before the delete cached meanwhile
  }

  /** The account of that name (any case), if any. */
  public Optional<User> findByName(String name) {
    // as verify(null, ...): no account has no name
    AccountTable.Account account = name == null ? null : accounts.find(name);
    return Optional.ofNullable(account == null ? null : account.user());
  }

  /**
   * Sets a new password (checked like a registration's); revokes every token of the account. A 404
   * {@link Veto} when the account no longer exists (deleted since {@code user} was read).
   */
  public void changePassword(User user, String password) {
    if (user == null) {
      throw new UsageException("IdentityStore.changePassword(null, password): pass the User whose password changes");
    }
    String secret = normalizedPassword(password);
    credentials.check(user.name(), secret);
    String hash = BCrypt.hashpw(secret, BCrypt.gensalt(bcryptCost, RANDOM));
    if (!accounts.updatePassword(user, hash)) {
      throw new Veto(404, "no account has the id '" + user.id() + "' (" + user.name() + "): it was deleted, so its"
          + " password cannot change; register it again");
    }
    revokeAll(user);
  }

  /** The account when {@code password} is its password; null otherwise (unknown name or wrong password). */
  public User verify(String name, String password) {
    AccountTable.Account account = name == null ? null : accounts.find(name);
    String typed = password == null ? "" : password;
    String candidate = normalizedPassword(typed);
    // a password typed otherwise than normalized is checked as typed too, for an account hashed before passwords
    // were normalized; an unknown name pays for the same number of checks, so the time tells no name
    boolean asTypedToo = !candidate.equals(typed) && !tooLong(typed);
    if (account == null || tooLong(candidate)) {
      String decoy = candidate.length() > 64 ? candidate.substring(0, 64) : candidate;
      BCrypt.checkpw(decoy, decoyHash.join());
      if (asTypedToo) {
        BCrypt.checkpw(decoy, decoyHash.join());
      }
      return null;
    }
    if (BCrypt.checkpw(candidate, account.passwordHash())
        || asTypedToo && BCrypt.checkpw(typed, account.passwordHash())) {
      return account.user();
    }
    return null;
  }

  private static boolean tooLong(String password) {
    return password.getBytes(StandardCharsets.UTF_8).length > Credentials.MAX_PASSWORD_BYTES;
  }

  /**
   * The password as it is hashed and checked: in Unicode's NFKC form (as NIST SP 800-63B asks of a verifier that
   * takes Unicode), so that {@code ë} typed as {@code e} and a combining diaeresis, as some keyboards and paste
   * buffers send it, or letters and digits an input method left in full width, are the password they spell. Before,
   * such a password was refused on the device that typed it otherwise than the one that registered it.
   */
  private static String normalizedPassword(String password) {
    return password == null ? null : Normalizer.normalize(password, Normalizer.Form.NFKC);
  }

  /**
   * Issues a new token for {@code user}, valid for {@link #tokenTtl()}; expired tokens are purged on the way. A
   * 404 {@link Veto} when {@code user} has no account (deleted since it was read, or never registered): a token
   * for it would identify nobody.
   */
  public IssuedToken issue(User user) {
    if (user == null) {
      throw new UsageException("IdentityStore.issue(null): pass the User the token is for, e.g. the one verify(name,"
          + " password) answered");
    }
    IssuedToken issued = tokens.issue(user);
    if (issued == null) {
      throw new Veto(404, "no account has the id '" + user.id() + "' (" + user.name() + "): it was deleted or never"
          + " registered, so no token can be issued for it; register it, or issue tokens for the users register(...)"
          + " and verify(...) answer");
    }
    return issued;
  }

  /** The user a live token belongs to; null when the token is unknown, expired or revoked. */
  public User userOfToken(String token) {
    return tokens.userOf(token);
  }

  /** Revokes a token at once; false when it was unknown or already revoked. */
  public boolean revoke(String token) {
    return tokens.revoke(token);
  }

  /** Revokes every token of {@code user}; returns how many were live. */
  public int revokeAll(User user) {
    if (user == null) {
      throw new UsageException("IdentityStore.revokeAll(null): pass the User whose tokens are revoked");
    }
    return tokens.revokeAll(user);
  }

  /**
   * How long a login for {@code account} from {@code client} must wait, or null when it may try now: after
   * {@code maxFailuresPerAccount} failures for the account, or {@code maxFailuresPerClient} from the client
   * address, within the failure window (counted across every instance on the database).
   */
  public Duration throttled(String account, String client) {
    return failures.throttled(account, client);
  }

  /**
   * Begins a login attempt: null when it may go on — then {@link #endLoginAttempt} must follow, after its
   * failure is recorded — or how long it must wait, as {@link #throttled} tells, counting this instance's
   * attempts still in flight as failures to come (guesses sent at once cannot all pass the check).
   */
  public Duration beginLoginAttempt(String account, String client) {
    return failures.begin(account, client);
  }

  /** Ends an attempt {@link #beginLoginAttempt} let through. */
  public void endLoginAttempt(String account, String client) {
    failures.end(account, client);
  }

  /** Counts a failed login against the account and the client address; failures older than the window are purged. */
  public void recordFailure(String account, String client) {
    failures.record(account, client);
  }

  /**
   * Begins a registration from {@code client}: null when it may go on — then {@link #endRegistration} must follow,
   * after {@link #recordTakenName} when the name was taken — or how long it must wait. A name found taken counts
   * as a failed login from the client address (not against the account, which a stranger could lock so), so that
   * registrations tell which names exist no faster than logins do. A null client is never throttled.
   */
  public Duration beginRegistration(String client) {
    return client == null ? null : failures.begin(null, client);
  }

  /** Ends a registration {@link #beginRegistration} let through. */
  public void endRegistration(String client) {
    if (client != null) {
      failures.end(null, client);
    }
  }

  /** Counts a registration refused because its name was taken as a failed login from {@code client}. */
  public void recordTakenName(String client) {
    if (client != null) {
      failures.record(null, client);
    }
  }

  /** Forgets the failures of an account, after a successful login. */
  public void clearFailures(String account) {
    failures.clear(account);
  }

  /** Collects the settings of an {@link IdentityStore}. */
  public static final class Builder {
    private final DataStore store;
    private Clock clock = Clock.systemUTC();
    /**
     * The longest duration of a setting here: the store adds them to the clock in milliseconds and nanoseconds,
     * where a huge tokenTtl wrapped a token's expiry into the past and a huge window or cache overflowed.
     */
    static final long LONGEST_DAYS = 3650;
    private static final Duration LONGEST = Duration.ofDays(LONGEST_DAYS);
    /**
     * The shortest token lifetime and throttle window. Both are kept in milliseconds and a token's is answered in
     * whole seconds ({@code expiresIn}): a token of 999 ms was answered as expiring in 0 s, one under a millisecond
     * expired as it was issued, and a window under a millisecond purged each failure as it was counted, so that
     * nothing was ever throttled, as a zero one, which is refused, would have done.
     */
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    private Duration tokenTtl = Duration.ofHours(12);
    private int bcryptCost = DEFAULT_BCRYPT_COST;
    private int maxFailuresPerAccount = 5;
    private int maxFailuresPerClient = 20;
    private Duration failureWindow = Duration.ofMinutes(1);
    private int minPasswordLength = 10;
    private Duration tokenCacheTtl = Duration.ofSeconds(1);

    private Builder(DataStore store) {
      if (store == null) {
        throw new UsageException("IdentityStore.builder(null): pass the DataStore whose database keeps the accounts"
            + " and tokens");
      }
      if (store.sessionFactory().isClosed()) {
        // else build() failed with Hibernate's UnknownServiceException for the closed store's connection provider
        throw new UsageException("IdentityStore.builder(store): the DataStore is closed; pass an open DataStore, whose"
            + " database keeps the accounts and tokens");
      }
      this.store = store;
    }

    /** How long an issued token stays valid, at least 1 second and at most {@value #LONGEST_DAYS} days; default 12 hours. */
    public Builder tokenTtl(Duration ttl) {
      if (ttl == null || ttl.compareTo(SHORTEST) < 0 || ttl.compareTo(LONGEST) > 0) {
        throw new ConfigurationException("tokenTtl must be at least 1 second and at most " + LONGEST_DAYS + " days, not "
            + ttl + "; 12 hours by default");
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
     * Failed logins allowed per account and per client address within {@code window} (at least 1 second, at most
     * {@value #LONGEST_DAYS} days) before further logins are answered 429; default 5 per account and 20 per address
     * a minute.
     */
    public Builder throttle(int perAccount, int perClient, Duration window) {
      if (perAccount < 1 || perClient < 1 || window == null || window.compareTo(SHORTEST) < 0
          || window.compareTo(LONGEST) > 0) {
        throw new ConfigurationException("throttle needs limits of at least 1 and a window of at least 1 second and at"
            + " most " + LONGEST_DAYS + " days, not " + perAccount + ", " + perClient + ", " + window);
      }
      this.maxFailuresPerAccount = perAccount;
      this.maxFailuresPerClient = perClient;
      this.failureWindow = window;
      return this;
    }

    /** The shortest password accepted at registration; default 10 characters. */
    public Builder minPasswordLength(int length) {
      if (length < 1 || length > Credentials.MAX_PASSWORD_BYTES) {
        throw new ConfigurationException("minPasswordLength must be between 1 and " + Credentials.MAX_PASSWORD_BYTES
            + " (BCrypt reads no more than " + Credentials.MAX_PASSWORD_BYTES + " bytes of a password), not " + length
            + "; 10 by default");
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
      if (ttl == null || ttl.isNegative() || ttl.compareTo(LONGEST) > 0) {
        throw new ConfigurationException("tokenCache must be zero or a positive duration of at most " + LONGEST_DAYS
            + " days, not " + ttl + "; zero asks the database on every request");
      }
      this.tokenCacheTtl = ttl;
      return this;
    }

    /** The clock for expiry and throttling; the system clock by default. */
    public Builder clock(Clock source) {
      if (source == null) {
        throw new UsageException("IdentityStore.builder(store).clock(null): pass a Clock, or leave it unset for the"
            + " system clock");
      }
      this.clock = source;
      return this;
    }

    /** Creates the tables when they are missing. */
    public IdentityStore build() {
      return new IdentityStore(this);
    }
  }
}
