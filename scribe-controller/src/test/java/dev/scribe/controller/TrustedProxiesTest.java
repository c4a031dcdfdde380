package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.core.ConfigurationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a load balancer every login comes from the balancer's address: the per-address throttle must count
 * the client the trusted proxy names, or twenty failed logins of anyone locked everyone out.
 */
class TrustedProxiesTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final List<ScribeServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(ScribeServer::close);
  }

  /** A second instance on the test store whose logins throttle an address after two failures. */
  private URI instance(String... trustedProxies) {
    IdentityStore identities = IdentityStore.builder(http.store).bcryptCost(4).clock(http.clock)
        .throttle(50, 2, Duration.ofMinutes(1)).build();
    RestApplication.Builder app = RestApplication.builder(http.store).mount("docs", new Controller<>(http.docs))
        .auth(new AuthController(http.store, identities));
    if (trustedProxies.length > 0) {
      app.trustedProxies(trustedProxies);
    }
    ScribeServer server = ScribeServer.start(app.build(), 0);
    servers.add(server);
    return server.uri();
  }

  private static int login(URI base, String name, String password, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/auth/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"password\": \"" + password + "\"}"));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasAThrottleOfItsOwn() throws Exception {
    URI base = instance("127.0.0.1", "::1");
    assertThat(login(base, "owner", "wrong 1", "X-Forwarded-For", "203.0.113.7")).isEqualTo(401);
    assertThat(login(base, "owner", "wrong 2", "X-Forwarded-For", "203.0.113.7")).isEqualTo(401);
    assertThat(login(base, "other", SecuredApp.PASSWORD, "X-Forwarded-For", "203.0.113.7"))
        .as("the guessing client is throttled").isEqualTo(429);

    assertThat(login(base, "other", SecuredApp.PASSWORD, "X-Forwarded-For", "198.51.100.20"))
        .as("another client behind the same proxy is not").isEqualTo(200);
    assertThat(login(base, "other", SecuredApp.PASSWORD, "Forwarded", "for=\"[2001:db8::1]:4711\";proto=https"))
        .as("nor one named by RFC 7239's Forwarded").isEqualTo(200);
  }

  @Test
  void theSetUpOfTheRuntimeGuide() throws Exception {
    dev.scribe.repository.DataStore store = http.store;
    Controller<?, ?> docsController = new Controller<>(http.docs);
    // tag::trusted-proxies[]
    RestApplication app = RestApplication.builder(store)
        .mount("docs", docsController)
        .trustedProxies("10.0.0.0/8", "127.0.0.1", "::1") // the load balancers in front of the application
        .build();
    // end::trusted-proxies[]
    ScribeServer server = ScribeServer.start(app, 0);
    servers.add(server);
    HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(server.uri().resolve("/docs"))
        .header("X-Forwarded-For", "203.0.113.7").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).isEqualTo(200);
  }

  @Test
  void aClientCannotEscapeItsThrottleByPrefixingAForwardedForOfItsOwn() throws Exception {
    URI base = instance("127.0.0.1", "::1");
    assertThat(login(base, "owner", "wrong 1", "X-Forwarded-For", "203.0.113.7")).isEqualTo(401);
    assertThat(login(base, "owner", "wrong 2", "X-Forwarded-For", "203.0.113.7")).isEqualTo(401);

    // what the client wrote comes first; the proxy appends the address it saw, and that is the one counted
    assertThat(login(base, "other", SecuredApp.PASSWORD, "X-Forwarded-For", "10.9.9.9, 203.0.113.7")).isEqualTo(429);
    assertThat(login(base, "other", SecuredApp.PASSWORD, "X-Forwarded-For", "10.9.9.9", "X-Forwarded-For", "203.0.113.7"))
        .as("nor by a header line of its own").isEqualTo(429);
  }

  @Test
  void aClientCannotEscapeItsThrottleWithTheForwardedHeaderItsProxyDoesNotWrite() throws Exception {
    URI base = instance("127.0.0.1", "::1");
    // a proxy that appends X-Forwarded-For passes the client's own Forwarded on as it came
    assertThat(login(base, "owner", "wrong 1", "X-Forwarded-For", "203.0.113.7", "Forwarded", "for=198.51.100.1"))
        .isEqualTo(401);
    assertThat(login(base, "owner", "wrong 2", "X-Forwarded-For", "203.0.113.7", "Forwarded", "for=198.51.100.2"))
        .isEqualTo(401);
    assertThat(login(base, "other", SecuredApp.PASSWORD, "X-Forwarded-For", "203.0.113.7", "Forwarded",
        "for=198.51.100.3")).as("the two headers disagree: the client is not told by either").isEqualTo(429);
    // and the same the other way round: a proxy that writes Forwarded passes a forged X-Forwarded-For on
    assertThat(login(base, "other", SecuredApp.PASSWORD, "Forwarded", "for=203.0.113.9", "X-Forwarded-For",
        "198.51.100.4")).isEqualTo(429);
    // where they agree, the client is the one both name
    assertThat(login(base, "other", SecuredApp.PASSWORD, "Forwarded", "for=203.0.113.8", "X-Forwarded-For",
        "203.0.113.8")).isEqualTo(200);
  }

  @Test
  void withoutTrustedProxiesForwardedHeadersAreIgnored() throws Exception {
    URI base = instance();
    assertThat(login(base, "owner", "wrong 1", "X-Forwarded-For", "203.0.113.7")).isEqualTo(401);
    assertThat(login(base, "owner", "wrong 2", "X-Forwarded-For", "198.51.100.1")).isEqualTo(401);

    assertThat(login(base, "other", SecuredApp.PASSWORD, "X-Forwarded-For", "198.51.100.20"))
        .as("a client that is not a trusted proxy cannot name another address").isEqualTo(429);
  }

  @Test
  void aForwardedHeaderFromAnAddressThatIsNotTrustedIsIgnored() throws Exception {
    URI base = instance("10.0.0.0/8");
    assertThat(login(base, "owner", "wrong 1", "X-Forwarded-For", "203.0.113.7")).isEqualTo(401);
    assertThat(login(base, "owner", "wrong 2", "X-Forwarded-For", "198.51.100.1")).isEqualTo(401);

    assertThat(login(base, "other", SecuredApp.PASSWORD, "X-Forwarded-For", "198.51.100.20")).isEqualTo(429);
  }

  @Test
  void aTrustedProxyThatIsNotAnAddressOrRangeIsRefusedNamingIt() {
    RestApplication.Builder app = RestApplication.builder(http.store).mount("docs", new Controller<>(http.docs));
    assertThatThrownBy(() -> app.trustedProxies("10.0.0.0/8", "lb.internal")).isInstanceOf(ConfigurationException.class)
        .hasMessage("trustedProxies: 'lb.internal' is not an IP address or a range such as 10.0.0.0/8 or fd00::/8;"
            + " host names are not resolved");
    assertThatThrownBy(() -> app.trustedProxies("10.0.0.0/33")).isInstanceOf(ConfigurationException.class)
        .hasMessage("trustedProxies: '10.0.0.0/33' has a prefix length of 33, but an IPv4 range takes 0 to 32");
    assertThatThrownBy(() -> app.trustedProxies((String) null)).isInstanceOf(ConfigurationException.class)
        .hasMessage("trustedProxies: an address is null; pass IP addresses or ranges such as 10.0.0.0/8");
  }
}
