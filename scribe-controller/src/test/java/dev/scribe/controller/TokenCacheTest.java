package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens checked a moment ago are trusted without a database round trip, yet logout works at once on the
 * instance it went through, within the cache time on every other instance of the database, and an expired
 * token is refused even while cached. Two identity stores on one database stand for two instances.
 */
class TokenCacheTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();

  private static DataStore store;
  private static int accounts;

  @BeforeAll
  static void open() {
    store = DB.store(Scribe.builder().build(), dev.scribe.controller.secured.Doc.class,
        dev.scribe.controller.secured.DocNote.class);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static User register(IdentityStore identities) {
    return identities.register("cached" + (++accounts), "long enough password", Set.of());
  }

  @Test
  void anUnknownNameIsCheckedAgainstADecoyOfTheStoresCostWhetherWrittenOrHashedAtStart() {
    IdentityStore defaultCost = IdentityStore.builder(store).build();
    IdentityStore lowCost = IdentityStore.builder(store).bcryptCost(4).build();
    User user = register(lowCost);

    assertThat(defaultCost.verify("nobody at all", "long enough password")).isNull();
    assertThat(lowCost.verify("nobody at all", "long enough password")).isNull();
    assertThat(defaultCost.verify(user.name(), "long enough password")).isEqualTo(user);
    assertThat(defaultCost.verify(user.name(), "a wrong password")).isNull();
  }

  @Test
  void aRevokedTokenIsRefusedAtOnceByItsInstanceAndWithinTheCacheTimeByAnother() throws InterruptedException {
    IdentityStore first = IdentityStore.builder(store).bcryptCost(4).build();
    IdentityStore second = IdentityStore.builder(store).bcryptCost(4).tokenCache(Duration.ofMillis(300)).build();
    User user = register(first);
    String token = first.issue(user).token();
    assertThat(first.userOfToken(token)).isEqualTo(user);
    assertThat(second.userOfToken(token)).isEqualTo(user);

    assertThat(first.revoke(token)).isTrue();

    assertThat(first.userOfToken(token)).isNull();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (second.userOfToken(token) != null && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(second.userOfToken(token)).isNull();
  }

  @Test
  void withoutTheCacheEveryInstanceRefusesARevokedTokenAtOnce() {
    IdentityStore first = IdentityStore.builder(store).bcryptCost(4).build();
    IdentityStore second = IdentityStore.builder(store).bcryptCost(4).tokenCache(Duration.ZERO).build();
    User user = register(first);
    String token = first.issue(user).token();
    assertThat(second.userOfToken(token)).isEqualTo(user);

    first.revoke(token);

    assertThat(second.userOfToken(token)).isNull();
  }

  @Test
  void aChangedPasswordEndsTheCachedTokensOfTheAccount() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).tokenCache(Duration.ofHours(1)).build();
    User user = register(identities);
    String token = identities.issue(user).token();
    assertThat(identities.userOfToken(token)).isEqualTo(user);

    identities.changePassword(user, "another long password");

    assertThat(identities.userOfToken(token)).isNull();
  }

  @Test
  void anExpiredTokenIsRefusedWhileItIsCached() {
    SecuredApp.TestClock clock = new SecuredApp.TestClock();
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).clock(clock).tokenTtl(Duration.ofMinutes(5))
        .tokenCache(Duration.ofHours(1)).build();
    User user = register(identities);
    String token = identities.issue(user).token();
    assertThat(identities.userOfToken(token)).isEqualTo(user);

    clock.advance(Duration.ofMinutes(6));

    assertThat(identities.userOfToken(token)).isNull();
  }

  @Test
  void aNegativeCacheTimeIsRefusedWithTheOptionsName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdentityStore.builder(store).tokenCache(Duration.ofSeconds(-1)))
        .hasMessageContaining("tokenCache");
  }
}
