package dev.scribe.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.testing.TestDatabase;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the Java API of {@link IdentityStore} promises about a password change and an account's deletion. */
class AccountLifecycleTest {
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
  void aDeletedAccountsTokensStopAtOnceAndItsNameIsFreeAgain() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).tokenCache(Duration.ofMinutes(1)).build();
    User gone = identities.register("leaver", "long enough password", Set.of());
    String token = identities.issue(gone).token();
    assertThat(identities.userOfToken(token)).isEqualTo(gone); // cached now

    identities.delete(gone);

    assertThat(identities.userOfToken(token)).isNull();
    assertThat(identities.verify("leaver", "long enough password")).isNull();
    assertThat(identities.findByName("leaver")).isEmpty();
    User again = identities.register("LEAVER", "another long password", Set.of());
    assertThat(again.id()).isNotEqualTo(gone.id());
    assertThat(identities.userOfToken(token)).isNull();
  }

  @Test
  void aNewPasswordRevokesEveryTokenAndIsCheckedLikeARegistration() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).tokenCache(Duration.ofMinutes(1)).build();
    User user = identities.register("changer", "long enough password", Set.of());
    String first = identities.issue(user).token();
    String second = identities.issue(user).token();
    assertThat(identities.userOfToken(first)).isEqualTo(user);

    assertThatThrownBy(() -> identities.changePassword(user, "short")).isInstanceOf(Veto.class)
        .extracting(e -> ((Veto) e).status()).isEqualTo(422);
    assertThat(identities.userOfToken(first)).isEqualTo(user); // a refused change changes nothing

    identities.changePassword(user, "a new long password");

    assertThat(identities.userOfToken(first)).isNull();
    assertThat(identities.userOfToken(second)).isNull();
    assertThat(identities.verify("changer", "long enough password")).isNull();
    assertThat(identities.verify("changer", "a new long password")).isEqualTo(user);
  }

  @Test
  void theNewPasswordOfADeletedAccountIsA404AndNullUsersAreUsageErrors() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).build();
    User gone = identities.register("vanished", "long enough password", Set.of());
    identities.delete(gone);

    assertThatThrownBy(() -> identities.changePassword(gone, "a new long password")).isInstanceOf(Veto.class)
        .hasMessageContaining("was deleted").extracting(e -> ((Veto) e).status()).isEqualTo(404);
    assertThat(identities.findByName("vanished")).isEmpty();
    assertThatThrownBy(() -> identities.changePassword(null, "a new long password"))
        .isInstanceOf(dev.scribe.core.UsageException.class).hasMessageContaining("pass the User");
    assertThatThrownBy(() -> identities.delete(null)).isInstanceOf(dev.scribe.core.UsageException.class);
  }

  @Test
  void aTokenForAUserWithoutAnAccountIsRefusedInsteadOfIssuedDead() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).build();
    User gone = identities.register("departed", "long enough password", Set.of());
    identities.delete(gone);
    User stranger = User.of("not-an-account", "stranger");

    assertThatThrownBy(() -> identities.issue(gone)).isInstanceOf(Veto.class)
        .hasMessage("no account has the id '" + gone.id() + "' (departed): it was deleted or never registered, so no"
            + " token can be issued for it; register it, or issue tokens for the users register(...) and verify(...)"
            + " answer").extracting(e -> ((Veto) e).status()).isEqualTo(404);
    assertThatThrownBy(() -> identities.issue(stranger)).isInstanceOf(Veto.class)
        .hasMessageStartingWith("no account has the id 'not-an-account' (stranger)");
    User kept = identities.register("kept", "long enough password", Set.of());
    assertThat(identities.userOfToken(identities.issue(kept).token())).isEqualTo(kept);
  }

  @Test
  void registeringWithoutARoleSetSaysWhatToPass() {
    IdentityStore identities = IdentityStore.builder(store).bcryptCost(4).build();

    assertThatThrownBy(() -> identities.register("norole", "long enough password", null))
        .isInstanceOf(dev.scribe.core.UsageException.class).hasMessageContaining("Set.of()");
    assertThat(identities.findByName("norole")).isEmpty();
  }
}
