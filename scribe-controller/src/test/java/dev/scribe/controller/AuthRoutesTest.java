package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Config;
import dev.scribe.core.Veto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The /auth routes over HTTP: register, login, me, logout, their events, token expiry and revocation, throttling. */
class AuthRoutesTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  private static String credentials(String name, String password) {
    return "{\"name\": \"" + name + "\", \"password\": \"" + password + "\"}";
  }

  private String login(String name) {
    Reply reply = http.post("/auth/login", credentials(name, SecuredApp.PASSWORD), null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return (String) reply.map().get("token");
  }

  @Test
  void aBodyOfOnlyNullIsToldToSendTheCredentials() {
    Reply reply = http.post("/auth/login", "null", null);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map().get("detail")).isEqualTo("the body is the JSON literal null; send a JSON object"
        + " {\"name\": \"...\", \"password\": \"...\"}");
  }

  @Test
  void registersAnAccountWithAHashedPasswordThatIsNeverEchoed() {
    Reply reply = http.post("/auth/register", credentials("grace", "a long enough secret"), null);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.map()).containsEntry("name", "grace").containsEntry("roles", List.of()).containsKey("id");
    assertThat(reply.body()).doesNotContain("a long enough secret").doesNotContain("password");
    Reply duplicate = http.post("/auth/register", credentials("GRACE", "another long secret"), null);
    assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
    assertThat(duplicate.map()).containsEntry("errors", Map.of("name", List.of("is taken")));
    assertThat(http.identities.verify("grace", "a long enough secret")).isNotNull();
    assertThat(http.identities.verify("grace", "a long enough secreT")).isNull();
  }

  @Test
  void aNameThatCanPassForATakenOneIsTakenAndOneMixingScriptsIsRefused() {
    assertThat(http.post("/auth/register", credentials("dana", "a long enough secret"), null).status()).isEqualTo(201);

    for (String lookAlike : List.of("ｄａｎａ", "DANA", "dána", "dαna")) {
      Reply reply = http.post("/auth/register", credentials(lookAlike, "another long secret"), null);
      assertThat(reply.status()).as(lookAlike + ": " + reply).isIn(409, 422);
    }
    assertThat(http.post("/auth/register", credentials("ｄａｎａ", "another long secret"), null).map())
        .containsEntry("errors", Map.of("name", List.of("is taken")));
    Reply mixed = http.post("/auth/register", credentials("аdmin", "another long secret"), null); // a Cyrillic а
    assertThat(mixed.status()).isEqualTo(422);
    assertThat(mixed.map()).containsEntry("errors",
        Map.of("name", List.of("must not mix Latin, Cyrillic and Greek letters (such a name can pass for another)")));
    assertThat(http.post("/auth/register", credentials("quinn", "a long enough secret"), null).status()).isEqualTo(201);
    assertThat(http.post("/auth/register", credentials("QUİNN", "another long secret"), null).status()).isEqualTo(409);
    assertThat(http.post("/auth/register", credentials("quınn", "another long secret"), null).status()).isEqualTo(409);
    // one script alone is any name's right
    assertThat(http.post("/auth/register", credentials("Дмитрий", "a long enough secret"), null).status()).isEqualTo(201);
    assertThat(http.identities.verify("ｄａｎａ", "a long enough secret")).isNotNull();
  }

  @Test
  void aNameWrittenWholeInCyrillicOrGreekLettersThatLookLatinIsTaken() {
    assertThat(http.post("/auth/register", credentials("ape", "a long enough secret"), null).status()).isEqualTo(201);
    assertThat(http.post("/auth/register", credentials("alice", "a long enough secret"), null).status()).isEqualTo(201);
    assertThat(http.post("/auth/register", credentials("BOB", "a long enough secret"), null).status()).isEqualTo(201);

    // аре and АРЕ Cyrillic, ΑΡΕ Greek, аӏісе Cyrillic (ӏ the palochka), ВОВ Cyrillic, ΒΟΒ Greek
    for (String lookAlike : List.of("аре", "АРЕ", "ΑΡΕ", "аӏісе", "ВОВ", "вов", "ΒΟΒ", "βοβ")) {
      Reply reply = http.post("/auth/register", credentials(lookAlike, "another long secret"), null);
      assertThat(reply.status()).as(lookAlike + ": " + reply).isEqualTo(409);
      assertThat(reply.map()).containsEntry("errors", Map.of("name", List.of("is taken")));
    }
    assertThat(http.identities.findByName("аре").orElseThrow().name()).isEqualTo("ape");
    // a Cyrillic or Greek name that looks like no Latin one stays free
    assertThat(http.post("/auth/register", credentials("Дмитрий", "a long enough secret"), null).status()).isEqualTo(201);
    assertThat(http.post("/auth/register", credentials("Σωκράτης", "a long enough secret"), null).status()).isEqualTo(201);
    assertThat(http.identities.verify("дмитрий", "a long enough secret")).isNotNull();
  }

  @Test
  void aNameWrittenInLatinLettersOrCherokeeLettersThatLookLikePlainLatinOnesIsTaken() {
    for (String name : List.of("gamma", "john", "larry", "sammy", "ivan")) {   // admin is an account already
      assertThat(http.post("/auth/register", credentials(name, "a long enough secret"), null).status()).isEqualTo(201);
    }

    // ᴀᴅᴍɪɴ small capitals, ɑ the Latin alpha, ɡ the script g, ȷ the dotless j, ǀ the dental click, ꜱ a small
    // capital, ɩ the Latin iota; ᏚᎪᎷᎷᎽ written whole in Cherokee letters, as is ꮪꭺꮇꮇꮍ in its small ones
    for (String lookAlike : List.of("ᴀᴅᴍɪɴ", "ɑdmin", "ɡɑmma", "ȷohn", "ǀarry", "ꜱammy", "ɩvan", "ᏚᎪᎷᎷᎽ", "ꮪꭺꮇꮇꮍ")) {
      Reply reply = http.post("/auth/register", credentials(lookAlike, "another long secret"), null);
      assertThat(reply.status()).as(lookAlike + ": " + reply).isEqualTo(409);
      assertThat(reply.map()).containsEntry("errors", Map.of("name", List.of("is taken")));
    }
    assertThat(http.identities.findByName("ᴀᴅᴍɪɴ").orElseThrow().name()).isEqualTo("admin");
    // a Cherokee name that looks like no Latin one stays free
    assertThat(http.post("/auth/register", credentials("ᏣᎳᎩ", "a long enough secret"), null).status()).isEqualTo(201);
  }

  @Test
  void aPasswordTypedDecomposedOrInFullWidthIsThePasswordItSpells() {
    String composed = "zoë passwörd 1";
    String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
    assertThat(decomposed).isNotEqualTo(composed);
    assertThat(http.post("/auth/register", credentials("zoe", composed), null).status()).isEqualTo(201);
    assertThat(http.post("/auth/register", credentials("noe", decomposed), null).status()).isEqualTo(201);
    assertThat(http.post("/auth/register", credentials("kenji", "ｐａｓｓｗｏｒｄ１２３"), null).status()).isEqualTo(201);

    // a keyboard that sends ë as e and a combining diaeresis, or an input method left in full width
    for (String[] login : List.of(new String[] {"zoe", decomposed}, new String[] {"zoe", composed},
        new String[] {"noe", composed}, new String[] {"noe", decomposed}, new String[] {"kenji", "password123"},
        new String[] {"kenji", "ｐａｓｓｗｏｒｄ１２３"})) {
      Reply reply = http.post("/auth/login", credentials(login[0], login[1]), null);
      assertThat(reply.status()).as(login[0] + " " + login[1] + ": " + reply).isEqualTo(200);
    }
    assertThat(http.post("/auth/login", credentials("zoe", "zoe passwörd 1"), null).status()).isEqualTo(401);

    // an account whose password was hashed as it was typed, decomposed, before passwords were normalized
    assertThat(http.post("/auth/register", credentials("legacy", "a long enough secret"), null).status()).isEqualTo(201);
    String typedHash = org.springframework.security.crypto.bcrypt.BCrypt.hashpw(decomposed,
        org.springframework.security.crypto.bcrypt.BCrypt.gensalt(4));
    http.execute("update scribe_users set password_hash = '" + typedHash + "' where name = 'legacy'");
    assertThat(http.post("/auth/login", credentials("legacy", decomposed), null).status()).isEqualTo(200);
    assertThat(http.identities.verify("legacy", composed)).isNull();
  }

  @Test
  void aNameMixingScriptsBeyondLatinCyrillicAndGreekIsRefusedNamingThem() {
    assertThat(http.post("/auth/register", credentials("bob", "a long enough secret"), null).status()).isEqualTo(201);

    Reply armenian = http.post("/auth/register", credentials("bօb", "another long secret"), null); // an Armenian օ
    assertThat(armenian.status()).as(armenian.toString()).isEqualTo(422);
    assertThat(armenian.map()).containsEntry("errors", Map.of("name", List.of("must not mix letters or digits of Latin"
        + " and Armenian (such a name can pass for another); write it in one script")));
    Reply digit = http.post("/auth/register", credentials("bob٠", "another long secret"), null); // an Arabic-Indic zero
    assertThat(digit.status()).as(digit.toString()).isEqualTo(422);
    assertThat(digit.map().get("errors").toString()).contains("Latin and Arabic");
    assertThat(http.identities.findByName("bօb")).isEmpty();
    // scripts written together: Latin, Han and kana; Han and Hangul; one script with ASCII digits
    for (String name : List.of("山田たろう", "taro山田", "김철수kim", "李小龙", "Ölçü-2024")) {
      Reply reply = http.post("/auth/register", credentials(name, "a long enough secret"), null);
      assertThat(reply.status()).as(name + ": " + reply).isEqualTo(201);
    }
  }

  @Test
  void aNameWhoseLettersCarryMarksIsTakenAsWrittenInItsScript() {
    // vowel signs of Devanagari, Tamil and Thai, Hebrew points: marks, not letters, and part of the name
    for (String name : List.of("राहुल", "தமிழ்", "สมศักดิ์", "ישׂראל")) {
      Reply reply = http.post("/auth/register", credentials(name, "a long enough secret"), null);
      assertThat(reply.status()).as(name + ": " + reply).isEqualTo(201);
      assertThat(reply.map()).containsEntry("name", name);
    }
    // the same name typed in decomposed form (as some keyboards send it) is that name, kept composed
    String decomposed = java.text.Normalizer.normalize("José", java.text.Normalizer.Form.NFD);
    Reply jose = http.post("/auth/register", credentials(decomposed, "a long enough secret"), null);
    assertThat(jose.status()).as(jose.toString()).isEqualTo(201);
    assertThat(jose.map()).containsEntry("name", "José");
    assertThat(http.post("/auth/register", credentials("José", "another long secret"), null).status()).isEqualTo(409);
    assertThat(http.identities.verify(decomposed, "a long enough secret")).isNotNull();
    // a mark does not make a name another: admin with a stroke or a dot over it is admin
    for (String lookAlike : List.of("admin\u0338", "adm\u0307in")) {
      Reply reply = http.post("/auth/register", credentials(lookAlike, "another long secret"), null);
      assertThat(reply.status()).as(lookAlike + ": " + reply).isEqualTo(409);
    }
    // but a mark stands on a letter or digit, and marks do not pile up
    for (String name : List.of("\u0301abc", "ab.\u0301c", "abx" + "\u0301".repeat(5))) {
      Reply reply = http.post("/auth/register", credentials(name, "a long enough secret"), null);
      assertThat(reply.status()).as(name + ": " + reply).isEqualTo(422);
      assertThat(((Map<?, ?>) reply.map().get("errors")).keySet().toString()).isEqualTo("[name]");
    }
  }

  @Test
  void namesThatDifferOnlyInTheVowelSignsOfTheirScriptAreTwoNames() {
    // In Devanagari, Tamil, Thai or Bengali a vowel sign or a virama is a mark, but it spells another name:
    // रामन (Raman) is not रमन, nor கடல் สมศักดิ์ কাজল their bare consonants.
    List<List<String>> pairs = List.of(List.of("रामन", "रमन"), List.of("कमला", "कमल"), List.of("கடல்", "கடல"),
        List.of("สมศักดิ์", "สมศกด"), List.of("কাজল", "কজল"));
    for (List<String> pair : pairs) {
      for (String name : pair) {
        Reply reply = http.post("/auth/register", credentials(name, "a long enough secret"), null);
        assertThat(reply.status()).as(name + ": " + reply).isEqualTo(201);
      }
      assertThat(http.identities.verify(pair.get(0), "a long enough secret").name()).isEqualTo(pair.get(0));
      assertThat(http.identities.verify(pair.get(1), "a long enough secret").name()).isEqualTo(pair.get(1));
    }
    // a name with vowel signs is not led to the account of its bare consonants
    Reply consonantsOnly = http.post("/auth/register", credentials("सरल", "a long enough secret"), null);
    assertThat(consonantsOnly.status()).isEqualTo(201);
    assertThat(http.identities.verify("सरला", "a long enough secret")).as("no account is named सरला").isNull();
    // where marks are accents or optional points, they still make no other name
    for (List<String> pair : List.of(List.of("Zoë", "Zoe"), List.of("שָׁלוֹם", "שלום"), List.of("Ἀθηνᾶ", "Αθηνα"))) {
      assertThat(http.post("/auth/register", credentials(pair.get(0), "a long enough secret"), null).status()).isEqualTo(201);
      Reply twin = http.post("/auth/register", credentials(pair.get(1), "another long secret"), null);
      assertThat(twin.status()).as(pair.get(1) + ": " + twin).isEqualTo(409);
    }
  }

  @Test
  void aNameWhoseLigaturesSpellOutBeyondTheKeyColumnIsA422NamingTheName() {
    Reply ligatures = http.post("/auth/register", credentials("ﬀ".repeat(40), "a long enough secret"), null);
    assertThat(ligatures.status()).as(ligatures.toString()).isEqualTo(422);
    assertThat(ligatures.map()).containsEntry("errors", Map.of("name", List.of("must be at most 64 characters with its"
        + " ligatures and other compatibility characters spelled out (ﬀ is ff), and is 80")));
    Reply arabic = http.post("/auth/register", credentials("\ufdfa".repeat(64), "a long enough secret"), null);
    assertThat(arabic.status()).as(arabic.toString()).isEqualTo(422);
    assertThat(((Map<?, ?>) arabic.map().get("errors")).keySet().toString()).isEqualTo("[name]");

    Reply fits = http.post("/auth/register", credentials("ﬀ".repeat(32), "a long enough secret"), null);
    assertThat(fits.status()).as(fits.toString()).isEqualTo(201);
    assertThat(http.post("/auth/register", credentials("f".repeat(64), "a long enough secret"), null).status())
        .isEqualTo(409);
  }

  @Test
  void anAccountKeyedBeforeLookAlikesWereFoldedIsStillFoundByItsOwnName() {
    assertThat(http.post("/auth/register", credentials("оса", "the cyrillic secret"), null).status()).isEqualTo(201);
    http.execute("update scribe_users set name_key = 'оса' where name = 'оса'"); // as an earlier version keyed it
    assertThat(http.post("/auth/register", credentials("oca", "the latin secret 1"), null).status()).isEqualTo(201);

    assertThat(http.identities.verify("оса", "the cyrillic secret")).extracting(dev.scribe.core.User::name).isEqualTo("оса");
    assertThat(http.identities.verify("oca", "the latin secret 1")).extracting(dev.scribe.core.User::name).isEqualTo("oca");
    assertThat(http.identities.findByName("ОСА").orElseThrow().name()).isEqualTo("оса");
  }

  @Test
  void asManyRegistrationsAtOnceAsThePoolHasConnectionsAllSucceed() throws Exception {
    int clients = 15; // more than the pool's 10 connections: each registration holds two while it runs
    // as a slow password hash would: every unit of work holds its connection before the account is written, until
    // as many registrations as may run at once (half the pool) hold theirs; then they go on together, in three turns
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(5);
    http.on(http.auth.events(), "onPreRegister", args -> {
      try {
        together.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
        // fewer ran at once than half the pool: go on, and let the answers say whether each was served
      }
    });
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String name = "crowd" + i;
        replies.add(pool.submit(() -> {
          start.await();
          return http.post("/auth/register", credentials(name, "a long enough secret"), null);
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<Reply> reply : replies) {
        Reply answered = reply.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answered.status()).as(answered.toString()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < clients; i++) {
      assertThat(http.identities.findByName("crowd" + i)).isPresent();
    }
  }

  @Test
  void refusesBadNamesAndPasswordsWithA422NamingTheField() {
    Reply shortPassword = http.post("/auth/register", credentials("grace", "short"), null);
    assertThat(shortPassword.status()).isEqualTo(422);
    assertThat(shortPassword.map()).containsEntry("errors", Map.of("password", List.of("must have at least 10 characters")));
    assertThat(shortPassword.body()).doesNotContain("\"short\"");

    Reply badName = http.post("/auth/register", credentials("a b", "a long enough secret"), null);
    assertThat(badName.status()).isEqualTo(422);
    assertThat(((Map<?, ?>) badName.map().get("errors")).keySet().toString()).isEqualTo("[name]");

    Reply tooLong = http.post("/auth/register", credentials("grace", "x".repeat(73)), null);
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.map()).containsEntry("errors", Map.of("password", List.of("must have at most 72 bytes in UTF-8")));

    Reply extra = http.post("/auth/register", "{\"name\": \"grace\", \"password\": \"a long enough secret\", \"roles\": [\"admin\"]}", null);
    assertThat(extra.status()).isEqualTo(400);
    assertThat(extra.map()).containsEntry("errors", Map.of("roles", List.of("is not a field; use name and password")));
    assertThat(http.identities.findByName("grace")).isEmpty();
  }

  @Test
  void aPasswordThatReadsAsTheNameIsRefusedAsTheNameIs() {
    // the name with blanks around it, in full-width letters, with an accent or a look-alike letter: the name
    for (String password : List.of(" harriet-1234 ", "harriet-1234\\t", "ｈａｒｒｉｅｔ-1234", "HÄRRIET-1234",
        "hаrriet-1234")) { // the last with a Cyrillic а
      Reply reply = http.post("/auth/register", credentials("harriet-1234", password), null);
      assertThat(reply.status()).as(password + ": " + reply).isEqualTo(422);
      assertThat(reply.map()).as(password).containsEntry("errors", Map.of("password", List.of("must not be the name")));
    }
    assertThat(http.identities.findByName("harriet-1234")).isEmpty();
    // another password that holds the name is the client's choice
    assertThat(http.post("/auth/register", credentials("harriet-1234", "harriet-1234!"), null).status()).isEqualTo(201);
  }

  @Test
  void logsInAnswersMeAndLogsOutRevokingTheToken() {
    Reply login = http.post("/auth/login", credentials("owner", SecuredApp.PASSWORD), null);
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    assertThat(login.map()).containsEntry("tokenType", "Bearer").containsEntry("expiresIn", 3600)
        .containsEntry("user", Map.of("id", http.owner.id(), "name", "owner", "roles", List.of()));
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    String token = (String) login.map().get("token");

    Reply me = http.get("/auth/me", token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.map()).containsEntry("name", "owner");

    assertThat(http.post("/auth/logout", null, token).status()).isEqualTo(204);
    Reply after = http.get("/auth/me", token);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    assertThat(http.get("/docs", token).status()).isEqualTo(401);
    assertThat(http.get("/auth/me", null).status()).isEqualTo(401);
    assertThat(http.get("/auth/me", null).header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void aLogoutWithABodyIs400AndRevokesNothing() {
    String token = login("owner");

    Reply everywhere = http.post("/auth/logout", "{\"all\":true}", token);

    // before, the body was passed over: a 204 that revoked this token only, to a client asking for every session
    assertThat(everywhere.status()).as(everywhere.toString()).isEqualTo(400);
    assertThat(everywhere.map().get("detail")).isEqualTo("POST /auth/logout takes no body: it revokes the bearer token"
        + " the request carries, and only that one; send it without a body (or {})");
    assertThat(http.get("/auth/me", token).status()).as("the token still works").isEqualTo(200);
    assertThat(http.post("/auth/logout", "{}", token).status()).isEqualTo(204);
    assertThat(http.get("/auth/me", token).status()).isEqualTo(401);
  }

  @Test
  void aStaleTokenStillSentDoesNotStopTheClientFromLoggingInOrRegisteringAgain() {
    String stale = login("owner");
    assertThat(http.post("/auth/logout", null, stale).status()).isEqualTo(204);

    Reply again = http.post("/auth/login", credentials("owner", SecuredApp.PASSWORD), stale);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(http.get("/auth/me", (String) again.map().get("token")).map()).containsEntry("name", "owner");
    Reply trailingSlash = http.post("/auth/login/", credentials("owner", SecuredApp.PASSWORD), "not a token at all");
    assertThat(trailingSlash.status()).as(trailingSlash.toString()).isEqualTo(200);
    Reply register = http.post("/auth/register", credentials("harper", "a long enough secret"), stale);
    assertThat(register.status()).as(register.toString()).isEqualTo(201);
    Reply malformed = http.send("POST", "/auth/login", credentials("owner", SecuredApp.PASSWORD), null,
        "Authorization", "Basic b3duZXI6eA==");
    assertThat(malformed.status()).as(malformed.toString()).isEqualTo(200);

    // every other route still refuses the stale token, the auth routes that need a caller included
    for (Reply refused : List.of(http.get("/auth/me", stale), http.post("/auth/logout", null, stale), http.get("/docs", stale))) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
    }
  }

  /**
   * RFC 6750 (3.1): a request without a bearer token — another scheme, a scheme without a token — gets a challenge
   * without an error code; invalid_token is for a token that is unknown, expired or revoked, and tells a client to
   * fetch a new one. Every one was answered invalid_token.
   */
  @Test
  void credentialsThatAreNoBearerTokenGetAChallengeWithoutAnErrorCode() throws Exception {
    for (String header : List.of("Basic b3duZXI6eA==", "Token abc", "Digest username=\"owner\"")) {
      for (String path : List.of("/auth/me", "/docs")) {
        Reply reply = http.send("GET", path, null, null, "Authorization", header);
        assertThat(reply.status()).as(header + " " + path).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).as(header + " " + path).isEqualTo("Bearer realm=\"scribe\"");
        assertThat(reply.map().get("detail")).as(header)
            .isEqualTo("the Authorization header must be 'Bearer <token>' with a token from POST /auth/login");
      }
    }
    RawHttp.Response two = RawHttp.exchange(http.server.port(), "GET /auth/me HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + http.ownerToken + "\r\nAuthorization: Bearer " + http.otherToken
        + "\r\nConnection: close\r\n\r\n");
    assertThat(two.status()).isEqualTo(400);
    assertThat(two.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"scribe\", error=\"invalid_request\"");
    Reply unknown = http.get("/docs", "an-unknown-token");
    assertThat(unknown.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"scribe\", error=\"invalid_token\"");
  }

  /**
   * RFC 6750 (2.1, 3.1): the credentials of the Bearer scheme are one b64token (letters, digits, {@code -._~+/}, then
   * any {@code =}); a Bearer header without one, or with one that does not have that form (a space in it, a quote, a
   * non-ASCII letter), is a malformed request: 400 with {@code error="invalid_request"}. It was a 401 invalid_token
   * (or, for {@code Bearer} alone, a challenge without an error code), which tells a client to log in again for a
   * token that a new login would not mend. The token is not echoed; the character that is wrong is named.
   */
  @Test
  void aBearerHeaderWhoseTokenIsMalformedIsA400InvalidRequest() {
    Map<String, String> malformed = new java.util.LinkedHashMap<>();
    malformed.put("Bearer abc def", "a space");
    malformed.put("Bearer abc,def", "','");
    malformed.put("Bearer \"abc\"", "'\"'");
    malformed.put("Bearer abc=def", "'d' after '='");
    for (Map.Entry<String, String> header : malformed.entrySet()) {
      for (String path : List.of("/auth/me", "/docs", "/auth/logout")) {
        Reply reply = http.send(path.equals("/auth/logout") ? "POST" : "GET", path, null, null, "Authorization",
            header.getKey());
        assertThat(reply.status()).as(header.getKey() + " " + path + " " + reply.body()).isEqualTo(400);
        assertThat(reply.header("WWW-Authenticate")).as(header.getKey() + " " + path)
            .isEqualTo("Bearer realm=\"scribe\", error=\"invalid_request\"");
        assertThat(reply.map().get("detail")).as(header.getKey()).isEqualTo("the bearer token of the Authorization"
            + " header holds " + header.getValue() + "; a token is letters, digits and - . _ ~ + / followed by any '='"
            + " (RFC 6750, 2.1): send the token POST /auth/login issued, as it was issued");
      }
    }
    Reply alone = http.send("GET", "/docs", null, null, "Authorization", "Bearer");
    assertThat(alone.status()).as(alone.body()).isEqualTo(400);
    assertThat(alone.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"scribe\", error=\"invalid_request\"");
    assertThat(alone.map().get("detail")).isEqualTo("the Authorization header is 'Bearer' without a token; send"
        + " 'Bearer <token>' with a token from POST /auth/login");
    // the token as issued, after one space or several (RFC 6750: 1*SP), is the caller's
    assertThat(http.send("GET", "/auth/me", null, null, "Authorization", "Bearer  " + http.ownerToken).status())
        .isEqualTo(200);
    assertThat(http.send("GET", "/auth/me", null, null, "Authorization", "bearer " + http.ownerToken).status())
        .isEqualTo(200);
    // a login needs no caller: a malformed header left over is passed over there, as a stale token is
    assertThat(http.send("POST", "/auth/login", credentials("owner", SecuredApp.PASSWORD), null, "Authorization",
        "Bearer abc def").status()).isEqualTo(200);
  }

  /** A token with a character beyond ASCII is malformed too, named by its code point: 400 invalid_request. */
  @Test
  void aBearerTokenWithANonAsciiCharacterIsA400NamingItsCodePoint() throws Exception {
    RawHttp.Response response = RawHttp.exchange(http.server.port(), "GET /auth/me HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer ab\u00e9cd\r\nConnection: close\r\n\r\n");

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"scribe\", error=\"invalid_request\"");
    // the container reads the byte é as Latin-1 (U+00E9) or as a malformed UTF-8 sequence (U+FFFD): either is named
    assertThat(response.problem().get("detail").toString()).startsWith("the bearer token of the Authorization header"
        + " holds U+").contains(", which is not ASCII;");
  }

  /**
   * A character a client typed into its token is named as it typed it: sent in UTF-8, as curl and most clients send a
   * header, {@code é} was named U+00C3, the first of its two bytes read as Latin-1, a character the client never sent.
   */
  @Test
  void aNonAsciiCharacterOfABearerTokenSentInUtf8IsNamedAsSent() throws Exception {
    String utf8 = new String("Bearer ab\u00e9cd".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    String euro = new String("Bearer \u20ac5".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String[] sent : List.of(new String[] {utf8, "U+00E9"}, new String[] {euro, "U+20AC"},
        new String[] {"Bearer ab\u00e9cd", "U+00E9"})) {
      RawHttp.Response response = RawHttp.exchange(http.server.port(), "GET /auth/me HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: " + sent[0] + "\r\nConnection: close\r\n\r\n");

      assertThat(response.status()).as(response.toString()).isEqualTo(400);
      assertThat(response.problem().get("detail")).as(sent[1]).isEqualTo("the bearer token of the Authorization header"
          + " holds " + sent[1] + ", which is not ASCII; a token is letters, digits and - . _ ~ + / followed by any '='"
          + " (RFC 6750, 2.1): send the token POST /auth/login issued, as it was issued");
    }
  }

  /**
   * {@code Bearer}, a tab and the token is a malformed bearer header (RFC 9110, 11.4: the scheme and the token are
   * separated by spaces), a 400 {@code invalid_request} saying to write a space, as {@code Bearer} and a tab alone
   * is: it was a 401 telling the client to send {@code Bearer <token>}, which it thought it had done, and with no
   * error code, as for a request of another scheme.
   */
  @Test
  void aBearerTokenAfterATabIsA400SayingToWriteASpace() throws Exception {
    for (String separator : List.of("\t", "\t ")) {
      RawHttp.Response response = RawHttp.exchange(http.server.port(), "GET /auth/me HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer" + separator + http.ownerToken + "\r\nConnection: close\r\n\r\n");

      assertThat(response.status()).as(response.toString()).isEqualTo(400);
      assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"scribe\", error=\"invalid_request\"");
      assertThat(response.problem().get("detail")).isEqualTo("the Authorization header separates 'Bearer' from its"
          + " token with a tab; write a space between them: 'Bearer <token>' with a token from POST /auth/login");
      assertThat(response.body()).doesNotContain(http.ownerToken);
    }
  }

  // RFC 6750 3.1: two Authorization headers are a malformed request (invalid_request, 400), which no new token
  // mends; they were a 401 with a bare challenge, as if no credentials had been sent
  @Test
  void twoAuthorizationHeadersAreRefusedWhicheverComesFirst() throws Exception {
    for (String[] pair : List.of(new String[] {http.ownerToken, "unknown"}, new String[] {"unknown", http.ownerToken},
        new String[] {http.ownerToken, http.otherToken})) {
      RawHttp.Response response = RawHttp.exchange(http.server.port(), "GET /auth/me HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + pair[0] + "\r\nAuthorization: Bearer " + pair[1] + "\r\nConnection: close\r\n\r\n");
      assertThat(response.status()).as(response.toString()).isEqualTo(400);
      assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"scribe\", error=\"invalid_request\"");
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
      assertThat(response.problem().get("detail"))
          .isEqualTo("the request has 2 Authorization headers; send one, 'Bearer <token>' with a token from POST /auth/login");
      assertThat(response.body()).doesNotContain("owner", "other");
    }
  }

  @Test
  void thousandsOfUnknownKeysAreNotEchoedBackWhole() {
    StringBuilder body = new StringBuilder("{\"name\": \"owner\", \"password\": \"" + SecuredApp.PASSWORD + "\"");
    for (int i = 0; i < 3000; i++) {
      body.append(", \"k").append(i).append("x".repeat(150)).append("\": 1");
    }
    body.append('}');
    for (String route : List.of("/auth/register", "/auth/login")) {
      Reply reply = http.post(route, body.toString(), null);

      assertThat(reply.status()).as(route).isEqualTo(400);
      assertThat(reply.body().length()).as(route).isLessThan(12_000);
      assertThat((String) reply.map().get("detail")).startsWith("unknown field(s) [k0" + "x".repeat(98) + "..., k1")
          .endsWith(" and 2980 more; the body has only 'name' and 'password'");
      assertThat((Map<?, ?>) reply.map().get("errors")).hasSize(20);
    }
  }

  @Test
  void noCacheKeepsAnAnswerGivenToAUser() {
    long doc = http.createDoc("owned", http.ownerToken);
    for (String url : List.of("/docs", "/docs/" + doc, "/docs/count", "/docs.csv", "/docs/" + doc + "/notes", "/docs/999")) {
      Reply reply = http.get(url, http.ownerToken);
      assertThat(reply.header("Cache-Control")).as(url + ": " + reply).isEqualTo("no-store");
    }
    Reply written = http.send("PATCH", "/docs/" + doc, "{\"title\": \"renamed\"}", http.ownerToken);
    assertThat(written.status()).isEqualTo(200);
    assertThat(written.header("Cache-Control")).isEqualTo("no-store");
    assertThat(http.get("/auth/me", http.ownerToken).header("Cache-Control")).isEqualTo("no-store");
    // an anonymous answer is the same for every anonymous caller: left to the usual rules
    assertThat(http.get("/docs", null).header("Cache-Control")).isNull();
    // but it is not every caller's answer: a cache must not give it to a request with credentials
    assertThat(http.get("/docs", null).header("Vary")).isEqualTo("Accept, Authorization");
    // and a record's answer is chosen by Accept as well (JSON or a 406), as a collection's is
    assertThat(http.get("/docs/" + doc, null).header("Vary")).isEqualTo("Accept, Authorization");
  }

  @Test
  void theRefusalsOfCredentialsAndOfHeadersBeforeThemVaryByAuthorizationToo() {
    // answered before the caller is known: Vary was set only after the credentials had been checked, so these
    // answers, which depend on the Authorization header as much as any, went without it
    List<Reply> refusals = List.of(
        http.get("/docs", "not-a-token"),
        http.send("GET", "/docs", null, null, "Authorization", "Bearer a b"),
        http.send("GET", "/docs", null, null, "Authorization", "Basic YWRtaW46eA=="),
        http.get("/auth/me", "not-a-token"),
        http.send("POST", "/docs", "{}", http.ownerToken, "Content-Encoding", "gzip"));
    for (Reply refused : refusals) {
      assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
      assertThat(refused.header("Vary")).as(refused.toString()).isEqualTo("Authorization");
    }
  }

  @Test
  void anAuthRouteRefusedWithoutItsBodyIsAnsweredBeforeAClientWaitingFor100ContinueSendsIt() throws Exception {
    String body = credentials("owner", SecuredApp.PASSWORD);
    for (String head : List.of("POST /auth/nothing HTTP/1.1\r\nContent-Type: application/json\r\n",
        "PUT /auth/login HTTP/1.1\r\nContent-Type: application/json\r\n",
        "POST /auth/login HTTP/1.1\r\nContent-Type: application/json\r\nAccept: text/csv\r\n",
        "POST /auth/login?name=owner HTTP/1.1\r\nContent-Type: application/json\r\n",
        "POST /auth/login HTTP/1.1\r\nContent-Type: application/json\r\nIf-Match: \"1\"\r\n",
        "POST /auth/login HTTP/1.1\r\nContent-Type: text/plain\r\n")) {
      try (java.net.Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
        socket.getOutputStream().write((head + "Host: localhost\r\nExpect: 100-continue\r\nContent-Length: "
            + body.length() + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();

        // before, the body was asked for with 100 Continue and read before the route was looked at
        RawHttp.Response response = RawHttp.read(socket.getInputStream());

        assertThat(response.status()).as(head + response).isIn(400, 404, 405, 406, 415);
      }
    }
    try (java.net.Socket socket = RawHttp.connect(http.server.port(), 10_000)) {
      socket.getOutputStream().write(("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      StringBuilder interim = new StringBuilder();
      while (!interim.toString().endsWith("\r\n\r\n")) {
        int c = socket.getInputStream().read();
        assertThat(c).as("the interim answer so far: " + interim).isNotNegative();
        interim.append((char) c);
      }
      assertThat(interim.toString()).startsWith("HTTP/1.1 100");
      socket.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();

      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).as(response.toString()).isEqualTo(200);
      assertThat(response.body()).contains("\"token\"");
    }
  }

  @Test
  void theRefusalsOfFileAndExportRoutesKeepTheCachePolicyOfEveryOtherAnswer() {
    http.docController.attachments(AttachmentStore.database());
    http.docController.configure(Config.of(Map.of("fileTypes", List.of("text/*"))));
    long doc = http.createDoc("with files", http.ownerToken);
    String file = "/docs/" + doc + "/files/a.txt";
    assertThat(http.send("PUT", file, "0123456789", http.ownerToken, "Content-Type", "text/plain").status()).isEqualTo(201);
    // each of these is refused once the route has begun its answer, which it then starts over: Vary and
    // Cache-Control went with the rest, so a browser could keep one caller's refusal and show it to the next
    List<Reply> refusals = List.of(
        http.get("/docs/" + doc + "/files/missing.txt", http.ownerToken),
        http.send("GET", file, null, http.ownerToken, "Range", "bytes=100-200"),
        http.send("GET", file, null, http.ownerToken, "If-Match", "\"other\""),
        http.send("PUT", "/docs/" + doc + "/files/b.bin", "x", http.ownerToken, "Content-Type", "application/pdf"),
        http.send("DELETE", "/docs/" + doc + "/files/missing.txt", null, http.ownerToken),
        http.get("/docs/" + doc + "/files?name=a.txt", http.ownerToken),
        http.get("/docs.csv?bom=maybe", http.ownerToken));
    for (int i = 0; i < refusals.size(); i++) {
      Reply refused = refusals.get(i);
      assertThat(refused.status()).as(refused.toString()).isBetween(400, 499);
      assertThat(refused.header("Content-Type")).as(refused.toString()).isEqualTo("application/problem+json");
      assertThat(refused.header("Cache-Control")).as(refused.toString()).isEqualTo("no-store");
      // a download and an export by suffix read no Accept; an upload, a file's delete and the list answer JSON by it
      boolean negotiates = i >= 3 && i <= 5;
      assertThat(refused.header("Vary")).as(refused.toString())
          .isEqualTo(negotiates ? "Accept, Authorization" : "Authorization");
    }
    Reply negotiated = http.send("GET", "/docs?bom=maybe", null, http.ownerToken, "Accept", "text/csv");
    assertThat(negotiated.status()).as(negotiated.toString()).isEqualTo(400);
    assertThat(negotiated.header("Cache-Control")).isEqualTo("no-store");
    assertThat(negotiated.header("Vary")).isEqualTo("Accept, Authorization");
    Reply anonymous = http.get("/docs/" + doc + "/files/missing.txt", null);
    assertThat(anonymous.header("Vary")).as(anonymous.toString()).isEqualTo("Authorization");
  }

  @Test
  void aWrongPasswordOrUnknownNameIsTheSame401() {
    Reply wrong = http.post("/auth/login", credentials("owner", "not the password"), null);
    Reply unknown = http.post("/auth/login", credentials("nobody", "not the password"), null);

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.map().get("message")).isEqualTo(unknown.map().get("message"));
    assertThat(wrong.body()).doesNotContain("not the password");
  }

  @Test
  void aLoginWithoutANameOrAPasswordIsA400NamingWhatIsMissing() {
    Reply empty = http.post("/auth/login", "{}", null);
    Reply noPassword = http.post("/auth/login", "{\"name\":\"owner\"}", null);
    Reply nullName = http.post("/auth/login", "{\"name\":null,\"password\":\"x\"}", null);

    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.map().get("errors")).isEqualTo(Map.of("name", List.of("is required"), "password", List.of("is required")));
    assertThat(noPassword.status()).isEqualTo(400);
    assertThat(noPassword.map().get("errors")).isEqualTo(Map.of("password", List.of("is required")));
    assertThat(nullName.map().get("errors")).isEqualTo(Map.of("name", List.of("is required")));
    for (int i = 0; i < 6; i++) {
      http.post("/auth/login", "{\"name\":\"owner\"}", null);
    }
    assertThat(http.post("/auth/login", credentials("owner", SecuredApp.PASSWORD), null).status())
        .as("a malformed login is no failed attempt: it does not count towards the throttle").isEqualTo(200);
  }

  @Test
  void aTokenStopsWorkingAtExpiry() {
    String token = login("owner");
    assertThat(http.get("/auth/me", token).status()).isEqualTo(200);

    http.clock.advance(Duration.ofMinutes(61));

    assertThat(http.get("/auth/me", token).status()).isEqualTo(401);
    assertThat(http.get("/docs", token).status()).isEqualTo(401);
  }

  @Test
  void throttlesAnAccountAfterFiveFailuresAMinuteWithRetryAfter() {
    for (int i = 0; i < 5; i++) {
      assertThat(http.post("/auth/login", credentials("owner", "guess number " + i), null).status()).isEqualTo(401);
    }

    Reply throttled = http.post("/auth/login", credentials("owner", SecuredApp.PASSWORD), null);
    assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 60);
    assertThat(throttled.map()).doesNotContainKey("token");
    assertThat(http.post("/auth/login", credentials("other", SecuredApp.PASSWORD), null).status())
        .as("another account from the same address").isEqualTo(200);

    http.clock.advance(Duration.ofSeconds(61));
    assertThat(http.post("/auth/login", credentials("owner", SecuredApp.PASSWORD), null).status()).isEqualTo(200);
  }

  @Test
  void guessesSentAtOnceGetNoMoreTriesThanGuessesSentOneByOne() throws Exception {
    int guesses = 12;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(guesses);
    List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    try {
      for (int i = 0; i < guesses; i++) {
        String guess = "simultaneous guess " + i;
        answers.add(pool.submit(() -> {
          start.await();
          return http.post("/auth/login", credentials("owner", guess), null).status();
        }));
      }
      start.countDown();
      List<Integer> statuses = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<Integer> answer : answers) {
        statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }

      assertThat(statuses).as("password checks: at most the five failures a minute allows").filteredOn(s -> s == 401)
          .hasSizeLessThanOrEqualTo(5);
      assertThat(statuses).filteredOn(s -> s == 429).hasSizeGreaterThanOrEqualTo(guesses - 5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void throttlesAClientAddressAcrossAccounts() {
    for (int i = 0; i < 20; i++) {
      assertThat(http.post("/auth/login", credentials("user" + i, "guess number " + i), null).status()).isEqualTo(401);
    }

    Reply throttled = http.post("/auth/login", credentials("other", SecuredApp.PASSWORD), null);

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).as("seconds until the window frees a slot").isBetween(1, 60);
  }

  /**
   * A 409 says the name is an account's: registrations that were never throttled told which names exist as fast as
   * a client could send them, where logins tell it no one at all. A taken name now counts as a failed login from
   * the client address (not against the account, which a stranger could lock so).
   */
  @Test
  void registrationsOfTakenNamesAreThrottledAsFailedLoginsOfTheClientAddress() {
    for (int i = 0; i < 20; i++) {
      String name = i % 2 == 0 ? "owner" : "OTHER";
      assertThat(http.post("/auth/register", credentials(name, "guess number " + i), null).status()).isEqualTo(409);
    }

    Reply register = http.post("/auth/register", credentials("someone-new", "a long enough secret"), null);
    assertThat(register.status()).as(register.toString()).isEqualTo(429);
    assertThat(register.map().get("detail")).asString()
        .startsWith("too many failed logins or registrations of taken names from this address; try again in ");
    assertThat(Integer.parseInt(register.header("Retry-After"))).isBetween(1, 60);
    assertThat(http.identities.findByName("someone-new")).isEmpty();
    assertThat(http.post("/auth/login", credentials("admin", SecuredApp.PASSWORD), null).status())
        .as("and so are logins from the address").isEqualTo(429);
    // the accounts are not locked: their failures are the client's
    assertThat(http.identities.throttled("owner", null)).isNull();
    http.clock.advance(Duration.ofSeconds(61));
    assertThat(http.post("/auth/register", credentials("someone-new", "a long enough secret"), null).status()).isEqualTo(201);
  }

  @Test
  void sessionsRevocationAndThrottlingHoldAcrossInstancesOnOneDatabase() {
    RestApplication second = RestApplication.builder(http.store)
        .mount("docs", new Controller<>(http.docs))
        .auth(new AuthController(http.store, dev.scribe.controller.auth.IdentityStore.builder(http.store)
            .bcryptCost(4).clock(http.clock).build()))
        .build();
    try (ScribeServer server = ScribeServer.start(second, 0)) {
      String token = login("owner");
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      assertThat(status(client, server, "GET", "/auth/me", token)).isEqualTo(200);
      assertThat(status(client, server, "POST", "/auth/logout", token)).isEqualTo(204);
      assertThat(http.get("/auth/me", token).status()).isEqualTo(401);

      for (int i = 0; i < 5; i++) {
        http.post("/auth/login", credentials("other", "guess number " + i), null);
      }
      java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(server.uri().resolve("/auth/login"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(credentials("other", SecuredApp.PASSWORD))).build();
      assertThat(client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(429);
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void firstOfLetsALaterAuthenticatorTakeCredentialsAnEarlierOneRefused() throws Exception {
    // a stand-in for the servlet container's BASIC login, which the bearer-token authenticator refuses first
    dev.scribe.controller.auth.Authenticator basic = request -> "Basic Y29udGFpbmVyOnB3".equals(request.getHeader("Authorization"))
        ? new dev.scribe.core.User("container", "container", java.util.Set.of()) : null;
    RestApplication second = RestApplication.builder(http.store)
        .mount("docs", new Controller<>(http.docs))
        .auth(new AuthController(http.store, http.identities))
        .authenticator(dev.scribe.controller.auth.Authenticator.firstOf(
            dev.scribe.controller.auth.TokenAuthenticator.of(http.identities), basic))
        .build();
    try (ScribeServer server = ScribeServer.start(second, 0)) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> container = client.send(java.net.http.HttpRequest.newBuilder(
          server.uri().resolve("/auth/me")).header("Authorization", "Basic Y29udGFpbmVyOnB3").build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(container.statusCode()).as(container.body()).isEqualTo(200);
      assertThat(container.body()).contains("\"container\"");

      assertThat(status(client, server, "GET", "/auth/me", login("owner"))).isEqualTo(200);
      java.net.http.HttpResponse<String> wrongBasic = client.send(java.net.http.HttpRequest.newBuilder(
          server.uri().resolve("/auth/me")).header("Authorization", "Basic d3Jvbmc6cHc=").build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(wrongBasic.statusCode()).as("credentials no authenticator takes").isEqualTo(401);
      assertThat(wrongBasic.body()).contains("Bearer <token>");
      assertThat(status(client, server, "GET", "/auth/me", "not-a-token")).isEqualTo(401);
    }
  }

  @Test
  void aVetoOfAnAuthenticatorIsAnsweredWithItsStatusAsOnTheConsole() throws Exception {
    // an application refusing a disabled account, or answering 401 with a Veto of its own
    dev.scribe.controller.auth.Authenticator apiKeys = request -> {
      String key = request.getHeader("X-Api-Key");
      if ("disabled".equals(key)) {
        throw new Veto(403, "this API key is disabled; ask for a new one");
      }
      if ("unknown".equals(key)) {
        throw new Veto(401, "no such API key");
      }
      return key == null ? null : new dev.scribe.core.User("k1", "keyholder", java.util.Set.of());
    };
    RestApplication second = RestApplication.builder(http.store)
        .mount("docs", new Controller<>(http.docs))
        .auth(new AuthController(http.store, http.identities))
        .authenticator(apiKeys)
        .build();
    try (ScribeServer server = ScribeServer.start(second, 0)) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      for (String path : List.of("/docs", "/docs/1", "/docs/count", "/docs.csv", "/auth/me")) {
        java.net.http.HttpResponse<String> disabled = client.send(java.net.http.HttpRequest.newBuilder(
            server.uri().resolve(path)).header("X-Api-Key", "disabled").build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(disabled.statusCode()).as(path + " " + disabled.body()).isEqualTo(403);
        assertThat(disabled.body()).as(path).contains("this API key is disabled; ask for a new one");

        java.net.http.HttpResponse<String> unknown = client.send(java.net.http.HttpRequest.newBuilder(
            server.uri().resolve(path)).header("X-Api-Key", "unknown").build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).as(path + " " + unknown.body()).isEqualTo(401);
        assertThat(unknown.body()).as(path).contains("no such API key");
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).as(path)
            .hasValue("Bearer realm=\"scribe\", error=\"invalid_token\"");
      }
      // login and register need no caller: the refused credentials are ignored there, as a stale token is
      java.net.http.HttpResponse<String> login = client.send(java.net.http.HttpRequest.newBuilder(
          server.uri().resolve("/auth/login")).header("X-Api-Key", "disabled").header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(credentials("owner", SecuredApp.PASSWORD))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }
  }

  private static int status(java.net.http.HttpClient client, ScribeServer server, String method, String path, String token)
      throws java.io.IOException, InterruptedException {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(server.uri().resolve(path))
        .header("Authorization", "Bearer " + token)
        .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build();
    return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void handlersSeeVetoAndRewriteTheAuthActions() {
    List<String> fired = new ArrayList<>();
    for (String event : List.of("onPreLogin", "onPostLogin", "onLoginFailure", "onPreRegister", "onPostRegister",
        "onRegisterFailure", "onPreLogout", "onPostLogout", "onPreMe", "onPostMe")) {
      http.on(http.auth.events(), event, args -> fired.add(event + " " + args.get("user")
          + (args.params() == null ? "" : " " + args.params().keySet())));
    }
    http.on(http.auth.events(), "onPreRegister", args -> {
      if (String.valueOf(args.params().get("name")).startsWith("bot")) {
        throw new Veto(403, "no bots");
      }
      ((java.util.Set<String>) args.get(AuthTier.ROLES)).add("member");
    });
    http.on(http.auth.events(), "onLoginFailure", args -> ((Map<String, Object>) args.get("error")).put("hint", "reset your password"));

    Reply bot = http.post("/auth/register", credentials("bot7", "a long enough secret"), null);
    assertThat(bot.status()).isEqualTo(403);
    assertThat(http.identities.findByName("bot7")).isEmpty();
    Reply member = http.post("/auth/register", credentials("grace", "a long enough secret"), null);
    assertThat(member.map()).containsEntry("roles", List.of("member"));
    Reply failed = http.post("/auth/login", credentials("grace", "wrong password!"), null);
    assertThat(failed.status()).isEqualTo(401);
    assertThat(failed.map()).containsEntry("hint", "reset your password");
    String token = (String) http.post("/auth/login", credentials("grace", "a long enough secret"), null).map().get("token");
    http.get("/auth/me", token);
    http.post("/auth/logout", null, token);

    assertThat(fired).containsExactly(
        "onPreRegister null [name, password]", "onRegisterFailure null [name]",
        "onPreRegister null [name, password]", "onPostRegister null [name]",
        "onPreLogin null [name, password]", "onLoginFailure null [name]",
        "onPreLogin null [name, password]", "onPostLogin " + http.identities.findByName("grace").orElseThrow() + " [name]",
        "onPreMe " + http.identities.findByName("grace").orElseThrow(),
        "onPostMe " + http.identities.findByName("grace").orElseThrow(),
        "onPreLogout " + http.identities.findByName("grace").orElseThrow(),
        "onPostLogout " + http.identities.findByName("grace").orElseThrow());
  }

  @Test
  void aVetoInOnPostLoginRevokesTheNewToken() {
    List<String> tokens = new ArrayList<>();
    http.on(http.auth.events(), "onPostLogin", args -> {
      tokens.add((String) ((Map<?, ?>) args.result()).get("token"));
      throw new Veto(403, "logins are closed");
    });

    Reply reply = http.post("/auth/login", credentials("owner", SecuredApp.PASSWORD), null);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.body()).doesNotContain(tokens.get(0));
    assertThat(http.identities.userOfToken(tokens.get(0))).isNull();
  }

  @Test
  void theAuthEventsAreInTheCatalogue() {
    Reply events = http.get("/_scribe/events", null);

    assertThat(events.body()).contains("\"tier\":\"auth\"", "onLoginFailure", "onPreRegister", "onAuthorize", "scopeQuery");
  }

  @Test
  void anUnknownAuthRouteIsNamedAsSent() {
    for (String path : List.of("/auth", "/auth/", "/auth/nothing", "/auth/nothing/")) {
      Reply reply = http.get(path, null);

      // before, /auth was named "/auth/" and /auth/nothing/ "/auth/nothing": paths the client never sent
      assertThat(reply.status()).as(path).isEqualTo(404);
      assertThat(reply.map().get("detail")).as(path).isEqualTo("no auth route " + path + "; the routes are POST"
          + " /auth/register, POST /auth/login, POST /auth/logout and GET /auth/me");
    }
  }

  @Test
  void unknownAuthRoutesAndWrongMethods() {
    assertThat(http.get("/auth/nothing", null).status()).isEqualTo(404);
    Reply wrongMethod = http.get("/auth/login", null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
    assertThat(http.post("/auth/login", "[1]", null).status()).isEqualTo(400);
    assertThat(http.send("POST", "/auth/login", "garbage", null, "Content-Type", "text/plain").status()).isEqualTo(415);
  }

  @Test
  void anAcceptThatAdmitsNoJsonIs406OnTheAuthRoutesAsOnTheActions() {
    Reply me = http.send("GET", "/auth/me", null, http.ownerToken, "Accept", "text/csv");
    Reply login = http.send("POST", "/auth/login", credentials("owner", SecuredApp.PASSWORD), null, "Accept",
        "application/xml");

    // before, a 200 in JSON, which the client said it could not read, and the login issued a token
    assertThat(me.status()).as(me.body()).isEqualTo(406);
    assertThat(me.map().get("detail")).isEqualTo("Accept: text/csv admits nothing /auth/me can answer with; it answers"
        + " application/json (application/problem+json for errors), so send Accept: application/json or none");
    assertThat(login.status()).as(login.body()).isEqualTo(406);
    // a route that does not exist, or a method a route does not take, is said first, as on the actions
    assertThat(http.send("GET", "/auth/nothing", null, null, "Accept", "text/csv").status()).isEqualTo(404);
    assertThat(http.send("GET", "/auth/login", null, null, "Accept", "text/csv").status()).isEqualTo(405);
    assertThat(http.send("GET", "/auth/me", null, http.ownerToken, "Accept", "application/json").status())
        .isEqualTo(200);
  }

  /**
   * /auth/me and the catalogue answer no entity tag, so an {@code If-Match} that names one cannot hold (RFC 9110,
   * 13.1.1): a 412 once the read would answer 200, as on every other read without a tag. It was answered 200 as if
   * the condition had not been sent. {@code If-Match: *} holds, and a caller without a token is still its 401.
   */
  @Test
  void aReadOfMeOrTheCatalogueIs412ForAnIfMatchThatNamesATag() {
    for (String url : List.of("/auth/me", "/_scribe/events")) {
      for (String method : List.of("GET", "HEAD")) {
        Reply tagged = http.send(method, url, null, http.ownerToken, "If-Match", "\"0\"");
        Reply any = http.send(method, url, null, http.ownerToken, "If-Match", "*");

        assertThat(tagged.status()).as(method + " " + url + " " + tagged.body()).isEqualTo(412);
        assertThat(any.status()).as(method + " " + url).isEqualTo(200);
      }
      Reply tagged = http.send("GET", url, null, http.ownerToken, "If-Match", "\"0\"");
      assertThat(tagged.header("Content-Type")).as(url).startsWith("application/problem+json");
      assertThat(tagged.map().get("detail")).as(url).isEqualTo(url + " answers no ETag, so If-Match \"0\" names none"
          + " of its versions; send no If-Match, or If-Match: * (any version)");
    }
    assertThat(http.send("GET", "/auth/me", null, null, "If-Match", "\"0\"").status())
        .as("a caller without a token is told so first").isEqualTo(401);
  }

  /**
   * /auth/me and the catalogue answer no entity tag, so {@code If-None-Match: *} is false on them (RFC 9110, 13.1.2):
   * a 304 without a body, as on a page of records, where they were answered 200. A caller without a token is still
   * its 401.
   */
  @Test
  void aReadOfMeOrTheCatalogueIs304ForIfNoneMatchStar() {
    for (String url : List.of("/auth/me", "/_scribe/events")) {
      for (String method : List.of("GET", "HEAD")) {
        Reply any = http.send(method, url, null, http.ownerToken, "If-None-Match", "*");
        Reply tags = http.send(method, url, null, http.ownerToken, "If-None-Match", "\"0\"");

        assertThat(any.status()).as(method + " " + url + " " + any.body()).isEqualTo(304);
        assertThat(any.body()).as(url).isEmpty();
        assertThat(tags.status()).as(method + " " + url).isEqualTo(200);
      }
    }
    assertThat(http.send("GET", "/auth/me", null, null, "If-None-Match", "*").status())
        .as("a caller without a token is told so first").isEqualTo(401);
  }

  /**
   * A sign-in, a registration or a logout has no record whose tag a condition could name, so the condition can neither
   * hold nor fail: a 400 before anything runs, as on a create or a collection action. The login answered 200 and
   * issued its token, the registration created its account, the logout revoked the token.
   */
  @Test
  void aConditionOnAnAuthPostIs400BeforeItRuns() {
    for (String[] condition : List.of(new String[] {"If-Match", "\"1\""}, new String[] {"If-Match", "*"},
        new String[] {"If-None-Match", "*"}, new String[] {"If-None-Match", "\"1\""})) {
      String header = condition[0];
      String as = header + ": " + condition[1];
      Reply login = http.send("POST", "/auth/login", credentials("owner", SecuredApp.PASSWORD), null, condition);
      Reply register = http.send("POST", "/auth/register", credentials("casey", "a long enough secret"), null,
          condition);
      Reply logout = http.send("POST", "/auth/logout", null, http.ownerToken, condition);

      assertThat(login.status()).as(as + " " + login.body()).isEqualTo(400);
      assertThat(login.map()).as(as).doesNotContainKey("token");
      assertThat(login.map().get("detail")).as(as).isEqualTo(header + " names a version of one record, and POST"
          + " /auth/login has none whose tag it could compare; send it without " + header);
      assertThat(register.status()).as(as + " " + register.body()).isEqualTo(400);
      assertThat(logout.status()).as(as + " " + logout.body()).isEqualTo(400);
      assertThat(logout.map().get("detail").toString()).as(as).contains("POST /auth/logout has none");
    }
    assertThat(http.identities.findByName("casey")).as("no account was created").isEmpty();
    assertThat(http.get("/auth/me", http.ownerToken).status()).as("the token was not revoked").isEqualTo(200);
  }

  @Test
  void theAllowHeaderOfMeNamesHeadWhichItAnswers() {
    assertThat(http.send("HEAD", "/auth/me", null, http.ownerToken).status()).isEqualTo(200);
    Reply options = http.send("OPTIONS", "/auth/me", null, http.ownerToken);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
    Reply wrongMethod = http.send("DELETE", "/auth/me", null, http.ownerToken);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(wrongMethod.map().get("detail")).isEqualTo("DELETE is not supported on /auth/me; use GET or HEAD");
    assertThat(http.send("OPTIONS", "/auth/logout", null, http.ownerToken).header("Allow")).isEqualTo("POST");
  }
}
