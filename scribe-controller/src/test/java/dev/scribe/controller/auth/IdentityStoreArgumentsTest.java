package dev.scribe.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Scribe;
import dev.scribe.core.ScribeException;
import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The identity store's builder and token methods given null: the library's exception naming the argument and
 * what to pass, not a bare NullPointerException; a lookup of nothing finds nothing.
 */
class IdentityStoreArgumentsTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private static DataStore store;

  @BeforeAll
  static void open() {
    store = DB.store(Scribe.builder().build(), dev.scribe.controller.secured.Doc.class,
        dev.scribe.controller.secured.DocNote.class);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void theBuilderNamesTheMissingSetting() {
    assertThatThrownBy(() -> IdentityStore.builder(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("IdentityStore.builder(null)");
    IdentityStore.Builder builder = IdentityStore.builder(store);
    assertThatThrownBy(() -> builder.tokenTtl(null)).isInstanceOf(ScribeException.class).hasMessageContaining("tokenTtl");
    assertThatThrownBy(() -> builder.tokenCache(null)).isInstanceOf(ScribeException.class).hasMessageContaining("tokenCache");
    assertThatThrownBy(() -> builder.throttle(5, 20, null)).isInstanceOf(ScribeException.class).hasMessageContaining("throttle");
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(ScribeException.class).hasMessageContaining("clock(null)");
  }

  @Test
  void aDurationBeyondTenYearsIsRefusedNamingTheSettingAndItsBounds() {
    // a huge tokenTtl wrapped the token's expiry into the past (every login issued a token refused at once), a huge
    // throttle window overflowed at each login, a huge tokenCache overflowed toNanos() when the store was built
    IdentityStore.Builder builder = IdentityStore.builder(store);
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    assertThatThrownBy(() -> builder.tokenTtl(huge)).isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessage("tokenTtl must be at least 1 second and at most 3650 days, not " + huge + "; 12 hours by default");
    assertThatThrownBy(() -> builder.tokenTtl(Duration.ofDays(3651))).hasMessageContaining("at most 3650 days");
    assertThatThrownBy(() -> builder.tokenCache(huge)).isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessageContaining("tokenCache must be zero or a positive duration of at most 3650 days, not " + huge);
    assertThatThrownBy(() -> builder.throttle(5, 20, huge)).isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessageContaining("at most 3650 days").hasMessageContaining("window");
    builder.tokenTtl(Duration.ofDays(3650)).tokenCache(Duration.ofDays(3650)).throttle(5, 20, Duration.ofDays(3650));
  }

  @Test
  void aTokenTtlOrThrottleWindowUnderASecondIsRefusedAsZeroIs() {
    // kept in milliseconds and answered in whole seconds: a token of 999 ms was sent with "expiresIn": 0, one under a
    // millisecond expired as it was issued, and a window under a millisecond counted no failure, so nothing was throttled
    IdentityStore.Builder builder = IdentityStore.builder(store);
    assertThatThrownBy(() -> builder.tokenTtl(Duration.ofMillis(999))).isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessage("tokenTtl must be at least 1 second and at most 3650 days, not PT0.999S; 12 hours by default");
    assertThatThrownBy(() -> builder.tokenTtl(Duration.ofNanos(1))).isInstanceOf(dev.scribe.core.ConfigurationException.class);
    assertThatThrownBy(() -> builder.throttle(5, 20, Duration.ofNanos(1)))
        .isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessage("throttle needs limits of at least 1 and a window of at least 1 second and at most 3650 days, not 5,"
            + " 20, PT0.000000001S");
    assertThat(builder.tokenTtl(Duration.ofSeconds(1)).throttle(1, 1, Duration.ofSeconds(1))).isSameAs(builder);
  }

  @Test
  void aPasswordLengthOutOfBoundsIsRefusedNamingTheValueGiven() {
    IdentityStore.Builder builder = IdentityStore.builder(store);
    assertThatThrownBy(() -> builder.minPasswordLength(0)).isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessage("minPasswordLength must be between 1 and 72 (BCrypt reads no more than 72 bytes of a password),"
            + " not 0; 10 by default");
    assertThatThrownBy(() -> builder.minPasswordLength(73)).isInstanceOf(dev.scribe.core.ConfigurationException.class)
        .hasMessageContaining(", not 73;");
    assertThat(builder.minPasswordLength(72)).isSameAs(builder);
  }

  @Test
  void aNullTokenIsNoUserAndNothingToRevokeAndANullUserIsRefused() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).build();
    assertThat(identities.userOfToken(null)).isNull();
    assertThat(identities.revoke(null)).isFalse();
    assertThat(identities.findByName(null)).isEmpty();
    assertThatThrownBy(() -> identities.issue(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("issue(null)");
    assertThatThrownBy(() -> identities.revokeAll(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("revokeAll(null)");
    User user = identities.register("argument-checker", "long enough password", Set.of());
    assertThat(identities.revokeAll(user)).isZero();
  }

  @Test
  void aBadRoleGivenToRegisterIsAUsageExceptionNamingItAsUserOfDoes() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).build();
    for (String role : new String[] {" ", "a,b"}) {
      assertThatThrownBy(() -> identities.register("role-checker", "long enough password", Set.of(role)))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("IdentityStore.register(name, password, roles)")
          .hasMessageContaining("'" + role + "'");
    }
    java.util.Set<String> withNull = new java.util.HashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> identities.register("role-checker", "long enough password", withNull))
        .isInstanceOf(UsageException.class).hasMessageContaining("null role");
    assertThat(identities.findByName("role-checker")).isEmpty();
    // a User made in code may hold a comma in a role; only an account, whose roles are stored comma-separated, may not
    assertThat(User.of("id", "someone", "a,b").roles()).containsExactly("a,b");
  }

  @Test
  void anIdentityStoreOfAClosedDataStoreSaysSoWhereItIsBuiltOrUsed() {
    DataStore closing = DB.store(Scribe.builder().build(), dev.scribe.controller.secured.Doc.class,
        dev.scribe.controller.secured.DocNote.class);
    IdentityStore identities = IdentityStore.builder(closing).bcryptCost(4).build();
    User user = identities.register("closer", "long enough password", Set.of());
    String token = identities.issue(user).token();
    closing.close();

    String closed = "the DataStore of this IdentityStore is closed; it keeps the accounts and tokens, so nothing can be"
        + " registered, verified, issued or revoked any more. Build the IdentityStore on an open DataStore";
    assertThatThrownBy(() -> identities.verify("closer", "long enough password")).isInstanceOf(UsageException.class)
        .hasMessage(closed);
    assertThatThrownBy(() -> identities.register("late", "long enough password", Set.of()))
        .isInstanceOf(UsageException.class).hasMessage(closed);
    assertThatThrownBy(() -> identities.revoke(token)).isInstanceOf(UsageException.class).hasMessage(closed);
    assertThatThrownBy(() -> IdentityStore.builder(closing)).isInstanceOf(UsageException.class)
        .hasMessage("IdentityStore.builder(store): the DataStore is closed; pass an open DataStore, whose database keeps"
            + " the accounts and tokens");
    assertThat(IdentityStore.builder(store).bcryptCost(4).build().findByName("closer")).map(User::id).contains(user.id());
  }

  @Test
  void anAuthenticatorOrAuthControllerWithoutItsStoresIsRefusedWhenMadeNotAtEachRequest() {
    assertThatThrownBy(() -> TokenAuthenticator.of(null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("TokenAuthenticator.of(null)");
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).build();
    assertThatThrownBy(() -> new dev.scribe.controller.AuthController(null, identities))
        .isInstanceOf(ScribeException.class).hasMessageContaining("AuthController(null, identities)");
    assertThatThrownBy(() -> new dev.scribe.controller.AuthController(store, null))
        .isInstanceOf(ScribeException.class).hasMessageContaining("AuthController(store, null)");
  }

  @Test
  void aChainOfAuthenticatorsNeedsAuthenticatorsWithoutNull() {
    Authenticator anonymous = request -> null;

    // a bare NullPointerException ("authenticator"), and a chain of none made every request anonymous without a word
    assertThatThrownBy(() -> Authenticator.firstOf((Authenticator[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("Authenticator.firstOf(null): pass the authenticators to ask in turn, e.g."
            + " firstOf(TokenAuthenticator.of(identities), Authenticator.containerPrincipal(...))");
    assertThatThrownBy(() -> Authenticator.firstOf()).isInstanceOf(UsageException.class)
        .hasMessage("Authenticator.firstOf(): pass the authenticators to ask in turn (a chain of none finds no user"
            + " for any request), e.g. firstOf(TokenAuthenticator.of(identities), Authenticator.containerPrincipal(...))");
    assertThatThrownBy(() -> Authenticator.firstOf(anonymous, null)).isInstanceOf(UsageException.class)
        .hasMessage("Authenticator.firstOf(...): authenticator 1 is null; pass only the authenticators to ask");
  }

  @Test
  void theContainersRolesAreCheckedWhenTheAuthenticatorIsMadeAndMayBeNamedTwice() {
    // Set.of refused a role named twice with "duplicate element: admin", and a null with a bare NullPointerException
    assertThat(Authenticator.containerPrincipal("admin", "admin")).isNotNull();
    assertThatThrownBy(() -> Authenticator.containerPrincipal((String[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("Authenticator.containerPrincipal(null): pass the roles to ask the container about, e.g."
            + " containerPrincipal(\"admin\"), or none");
    // a blank role was taken, and refused by User at the request of a caller the container said held it
    for (String[] roles : List.of(new String[] {"admin", null}, new String[] {"admin", " "})) {
      assertThatThrownBy(() -> Authenticator.containerPrincipal(roles)).isInstanceOf(UsageException.class)
          .hasMessage("Authenticator.containerPrincipal(" + java.util.Arrays.toString(roles) + "): role 1 is "
              + (roles[1] == null ? "null" : "blank") + "; pass the names of the roles, e.g. containerPrincipal(\"admin\")");
    }
  }
}
