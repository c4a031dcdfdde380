package dev.scribe.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request that read a token from the database just before its revocation must not put it into the token
 * cache after it: the revocation would then be undone on its own instance for the cache time.
 */
class TokenRevocationRaceTest {
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

  private static final User ADA = new User("ada-id", "ada", Set.of());

  @Test
  void aLookupThatReadTheTokenBeforeItWasForgottenDoesNotCacheIt() {
    TokenCache cache = new TokenCache(Duration.ofMinutes(1), System::nanoTime);
    long farFuture = System.currentTimeMillis() + 60_000;

    long before = cache.generation();  // a lookup starts and reads the live row ...
    cache.forget("hash");              // ... while logout forgets the token and marks it revoked
    cache.put("hash", ADA, farFuture, before);

    assertThat(cache.get("hash", System.currentTimeMillis())).isNull();

    long beforeUser = cache.generation();
    cache.forgetUser(ADA.id());        // the same for every token of a user (password change, deletion)
    cache.put("other", ADA, farFuture, beforeUser);
    assertThat(cache.get("other", System.currentTimeMillis())).isNull();

    cache.put("hash", ADA, farFuture, cache.generation()); // without a forget in between it is cached
    assertThat(cache.get("hash", System.currentTimeMillis())).isEqualTo(ADA);
  }

  @Test
  void onceRevokeReturnsNoRequestOfTheInstanceAcceptsTheTokenWhileOthersKeepLookingItUp() throws Exception {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).tokenCache(Duration.ofSeconds(30)).build();
    User user = identities.register("racer" + (++accounts), "long enough password", Set.of());
    for (int round = 0; round < 30; round++) {
      String token = identities.issue(user).token();
      AtomicBoolean stop = new AtomicBoolean();
      Thread[] readers = new Thread[3];
      for (int i = 0; i < readers.length; i++) {
        readers[i] = new Thread(() -> {
          while (!stop.get()) {
            identities.userOfToken(token);
          }
        });
        readers[i].start();
      }
      Thread.sleep(5);
      assertThat(identities.revoke(token)).isTrue();
      try {
        for (int check = 0; check < 50; check++) {
          assertThat(identities.userOfToken(token)).as("round " + round + ", check " + check).isNull();
        }
      } finally {
        stop.set(true);
        for (Thread reader : readers) {
          reader.join(10_000);
        }
      }
      assertThat(identities.userOfToken(token)).isNull();
    }
  }
}
