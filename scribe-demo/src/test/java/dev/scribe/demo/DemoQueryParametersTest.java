package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.testing.TestResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route refuses a query parameter it does not read, whatever the route: the resources, the account routes,
 * an import's status and the console's JSON alike. A parameter passed over would let a client believe it applied.
 */
class DemoQueryParametersTest {
  private static DemoApplication demo;
  private static DemoClient anonymous;
  private static DemoClient alice;
  private static DemoClient admin;

  @BeforeAll
  static void start() {
    demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem", "--admin-password", "admin password 1")));
    URI uri = demo.serve();
    anonymous = new DemoClient(uri);
    alice = anonymous.register("alice", "alice password 1");
    admin = anonymous.login("admin", "admin password 1");
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void theAccountRoutesTakeNoQueryParameters() {
    TestResponse me = alice.get("/auth/me?fields=id");
    TestResponse login = anonymous.post("/auth/login?name=alice&password=alice%20password%201",
        Map.of("name", "alice", "password", "alice password 1"));
    TestResponse register = anonymous.post("/auth/register?role=admin", Map.of("name", "mallory", "password", "mallory password 1"));
    DemoClient bob = anonymous.register("bob", "bob password 1");
    TestResponse logout = bob.post("/auth/logout?everywhere=true", null);

    // before, each was answered as if the parameter were not there: mallory was registered, bob logged out
    assertRefused(me, "GET /auth/me takes no query parameters; leave out 'fields'");
    assertRefused(login, "POST /auth/login takes no query parameters; leave out 'name'");
    assertThat(login.body()).doesNotContain("alice password 1");
    assertRefused(register, "POST /auth/register takes no query parameters; leave out 'role'");
    assertRefused(logout, "POST /auth/logout takes no query parameters; leave out 'everywhere'");
    assertThat(anonymous.post("/auth/login", Map.of("name", "mallory", "password", "mallory password 1")).status())
        .isEqualTo(401);
    assertThat(bob.get("/auth/me").status()).as("bob's token still works").isEqualTo(200);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anImportsStatusAndTheConsolesJsonRefuseParametersTheyDoNotRead() {
    TestResponse importing = admin.postAs("/tasks/import?async=true", "text/csv", "title\nImported by query test\n");
    String job = importing.header("Location");

    TestResponse status = admin.get(job + "?fields=id");
    TestResponse events = admin.get("/_scribe/events?tier=controller");
    TestResponse requests = admin.get("/_scribe/requests?sattus=4xx");
    TestResponse listed = admin.get("/_scribe/requests?status=4xx&limit=5");
    String id = (String) ((List<Map<String, Object>>) listed.map().get("items")).get(0).get("id");
    TestResponse request = admin.get("/_scribe/requests/" + id + "?format=csv");

    assertThat(importing.status()).isEqualTo(202);
    assertRefused(status, "GET /imports/{id} takes no query parameters; leave out 'fields'");
    assertRefused(events, "GET /_scribe/events takes no query parameters; leave out 'tier'");
    assertRefused(requests, "GET /_scribe/requests takes the query parameters path, status, method, handler, limit,"
        + " before; 'sattus' is not one of them");
    assertThat(listed.status()).isEqualTo(200);
    assertRefused(request, "GET /_scribe/requests/{id} takes the query parameters download; 'format' is not one of them");
    assertThat(admin.get("/_scribe/requests/" + id + "?download=1").status()).isEqualTo(200);
  }

  private static void assertRefused(TestResponse response, String detail) {
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.map()).containsEntry("detail", detail);
  }
}
