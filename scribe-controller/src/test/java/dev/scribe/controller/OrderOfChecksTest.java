package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order in which a request is refused (docs/http.md, "Order of checks"): the URL (404), the method (405), the
 * credentials sent (401, 400), what the request's headers ask for ({@code Accept}: 406), then the access rules of the
 * path (401 without a user, 403 without the role), then the query (400) and the rest. An export chosen by
 * {@code Accept} is refused in the same order as every other read of the collection.
 */
class OrderOfChecksTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  private static final String BAD_HEADER = "text/csv; header=bogus";

  private void requireUserEverywhere() {
    http.docController.configure(Config.of(Map.of(Access.REQUIRES_USER, true))
        .override("admin.**", Map.of(Access.REQUIRES_ROLE, "admin")));
  }

  @Test
  void anAnonymousCallerIsToldWhatItsAcceptAsksBeforeItIsToldToLogIn() {
    requireUserEverywhere();
    long doc = http.createDoc("ordered", http.ownerToken);
    List<Reply> negotiated = List.of(
        http.send("GET", "/docs", null, null, "Accept", BAD_HEADER),
        http.send("GET", "/docs", null, null, "Accept", "text/csv;charset=latin1"),
        http.send("GET", "/docs", null, null, "Accept", "application/xml"),
        http.send("GET", "/docs/" + doc, null, null, "Accept", "application/xml"),
        http.send("GET", "/docs/count", null, null, "Accept", "application/xml"));
    for (Reply reply : negotiated) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(406);
    }
    // an acceptable Accept: the access rule is next, before the query
    for (String url : List.of("/docs?bom=maybe", "/docs/count?nope=1", "/docs/" + doc + "?nope=1")) {
      Reply reply = http.send("GET", url, null, null, "Accept", url.equals("/docs?bom=maybe") ? "text/csv" : "*/*");
      assertThat(reply.status()).as(url + ": " + reply).isEqualTo(401);
    }
    Reply suffix = http.send("GET", "/docs.csv?bom=maybe", null, null, "Accept", "application/xml");
    assertThat(suffix.status()).as("the suffix reads no Accept: " + suffix).isEqualTo(401);
  }

  @Test
  void aCallerWithoutTheRoleIsToldWhatItsAcceptAsksBeforeItIsForbidden() {
    requireUserEverywhere();
    for (String accept : List.of(BAD_HEADER, "application/xml")) {
      Reply reply = http.send("GET", "/admin/docs", null, http.otherToken, "Accept", accept);
      assertThat(reply.status()).as(accept + ": " + reply).isEqualTo(406);
    }
    assertThat(http.send("GET", "/admin/docs?bom=maybe", null, http.otherToken, "Accept", "text/csv").status())
        .isEqualTo(403);
    assertThat(http.send("GET", "/admin/docs.csv?bom=maybe", null, http.otherToken).status()).isEqualTo(403);
  }

  @Test
  void credentialsThatIdentifyNobodyAreRefusedBeforeAnyAccept() {
    for (String accept : List.of(BAD_HEADER, "application/xml")) {
      Reply reply = http.send("GET", "/docs", null, "not-a-token", "Accept", accept);
      assertThat(reply.status()).as(accept + ": " + reply).isEqualTo(401);
    }
  }
}
