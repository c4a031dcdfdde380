package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.entity.EntityTier;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.EntityCreated;
import dev.scribe.repository.EntityEvent;
import dev.scribe.repository.RepositoryTier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The caller in the args of an event of each tier, of a nested repository call, after commit and in the trace. */
class IdentityInArgsTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  @Test
  void everyTierSeesTheUserOfTheRequest() {
    List<String> seen = new CopyOnWriteArrayList<>();
    http.on(http.docController.events(), "onPreStore", args -> seen.add("controller.onPreStore " + name(args)));
    http.on(http.docs.events(), "preCreate", args -> seen.add("repository.preCreate " + name(args)));
    http.on(http.scribe.tier(EntityTier.TIER), "prePersist", args -> seen.add("entity.prePersist "
        + args.self().getClass().getSimpleName() + " " + name(args)));
    http.on(http.docs.events(), "postCreate", args -> http.notes.create(Map.of("text", "made by a handler",
        "doc", args.get(EventArgs.LAST_RESULT, dev.scribe.controller.secured.Doc.class).id), CallOptions.none()));
    http.on(http.notes.events(), "preCreate", args -> seen.add("nested repository.preCreate " + name(args)));
    http.on(http.docController.events(), "onPostStore", args -> seen.add("controller.onPostStore " + name(args)));

    Reply reply = http.post("/docs", "{\"title\": \"Mine\"}", http.ownerToken);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(seen).containsExactly("controller.onPreStore owner", "repository.preCreate owner",
        "entity.prePersist Doc owner", "nested repository.preCreate owner", "entity.prePersist DocNote owner",
        "controller.onPostStore owner");
  }

  @Test
  void anAnonymousCallerHasNoUserAnywhere() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    http.on(http.docController.events(), "onPreStore", args -> seen.add(args.get(EventArgs.USER)));
    http.on(http.docs.events(), "preCreate", args -> seen.add(args.get(EventArgs.USER)));

    http.post("/docs", "{\"title\": \"Nobody's\"}", null);

    assertThat(seen).containsExactly(null, null);
  }

  @Test
  void theScopeEventSeesTheUserOnEveryRead() {
    List<String> seen = new CopyOnWriteArrayList<>();
    http.on(http.docs.events(), RepositoryTier.SCOPE_QUERY_NAME, args -> seen.add(args.path() + " " + name(args)));
    long doc = http.createDoc("Scoped", http.otherToken);
    seen.clear();

    http.get("/docs/" + doc, http.otherToken);
    http.get("/docs/count", http.otherToken);
    http.send("PATCH", "/docs/" + doc, "{\"priority\": 2}", http.otherToken);
    http.get("/docs/" + doc + "/notes", http.otherToken);

    assertThat(seen).as("the parent lookup of a nested route is a get").containsExactly("docs.show other", "docs.index other", "docs.update other", "docs.get other");
  }

  @Test
  void afterCommitEventsCarryTheUser() {
    List<EntityEvent> events = new CopyOnWriteArrayList<>();
    Object listener = new Object() {
      @Subscribe
      public void on(EntityEvent event) {
        events.add(event);
      }
    };
    http.store.events().register(listener);
    try {
      long doc = http.createDoc("Published", http.ownerToken);
      http.send("DELETE", "/docs/" + doc, null, http.ownerToken);
      http.createDoc("Anonymous", null);
    } finally {
      http.store.events().unregister(listener);
    }

    assertThat(events).extracting(e -> e.getClass().getSimpleName() + " " + (e.user() == null ? null : ((User) e.user()).name()))
        .containsExactly("EntityCreated owner", "EntityDeleted owner", "EntityCreated null");
    assertThat(events.get(0)).isInstanceOf(EntityCreated.class);
  }

  @Test
  void repositoryCallsOfAuthHandlersRunAsTheCaller() {
    http.createDoc("Owner's", http.ownerToken);
    http.createDoc("Ownerless", null);
    List<String> seen = new CopyOnWriteArrayList<>();
    for (String event : List.of("onPreMe", "onPostMe", "onPreLogout", "onPostLogout", "onPostLogin")) {
      http.on(http.auth.events(), event, args -> seen.add(event + " " + http.docs.list(new dev.scribe.repository.Query(),
          CallOptions.none()).items().stream().map(doc -> doc.title).toList()));
    }
    http.on(http.docs.events(), "preCreate", args -> seen.add("preCreate " + name(args)));
    http.on(http.auth.events(), "onPostLogin", args -> http.docs.create(Map.of("title", "Logged in"), CallOptions.none()));

    http.get("/auth/me", http.ownerToken);
    http.post("/auth/logout", null, http.ownerToken);
    Reply login = http.post("/auth/login", "{\"name\": \"owner\", \"password\": \"" + SecuredApp.PASSWORD + "\"}", null);

    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    assertThat(seen).as("a handler's reads see the caller's rows, not the anonymous ones").containsExactly(
        "onPreMe [Owner's]", "onPostMe [Owner's]", "onPreLogout [Owner's]", "onPostLogout [Owner's]",
        "onPostLogin [Owner's]", "preCreate owner");
    assertThat(http.docs.list(new dev.scribe.repository.Query(), CallOptions.builder().user(http.owner).build()).items())
        .extracting(doc -> doc.title).as("the write of onPostLogin belongs to the account that logged in")
        .containsExactlyInAnyOrder("Owner's", "Logged in");
  }

  @Test
  void theTraceNamesTheUser() {
    RestApplication traced = RestApplication.builder(http.store)
        .mount("docs", new Controller<>(http.docs))
        .auth(new AuthController(http.store, http.identities))
        .trace(TraceOptions.enabled().log(false))
        .build();
    try (ScribeServer server = ScribeServer.start(traced, 0)) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/docs"))
          .header("Authorization", "Bearer " + http.adminToken).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());

      assertThat(response.headers().firstValue("X-Scribe-User")).hasValue(http.admin.id() + " (admin)");
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String name(EventArgs args) {
    User user = User.from(args);
    return user == null ? String.valueOf(args.get(EventArgs.USER)) : user.name();
  }
}
