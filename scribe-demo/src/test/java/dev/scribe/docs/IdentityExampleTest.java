package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.Access;
import dev.scribe.controller.AuthController;
import dev.scribe.controller.AuthTier;
import dev.scribe.controller.Controller;
import dev.scribe.controller.FieldPolicy;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.ScribeServer;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.core.Config;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RowScope;
import dev.scribe.testing.TestClient;
import dev.scribe.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The examples of docs/identity.md, run as shown there. */
class IdentityExampleTest {
  static class OwnedTaskRepository extends Repository<Task, Long> {
    // tag::identity-user[]
    void preCreate(EventArgs args) {
      User user = User.from(args);            // null for an anonymous caller
      args.params().put("ownerId", user == null ? null : user.id());
    }
    // end::identity-user[]

    // tag::row-scope[]
    void scopeQuery(EventArgs args) {                           // on the task repository
      User user = User.from(args);
      if (user != null && user.hasRole("admin")) {
        return;                                                 // admins see every row
      }
      RowScope.of(args).where("ownerId", Operator.EQ, user == null ? null : user.id());
    }
    // end::row-scope[]
  }

  static class OwnedSubtaskRepository extends Repository<Subtask, Long> {
    // tag::row-scope[]
    void scopeQuery(EventArgs args) {                           // on the subtask repository: through the parent
      User user = User.from(args);
      if (user == null || !user.hasRole("admin")) {
        RowScope.of(args).where("task.ownerId", Operator.EQ, user == null ? null : user.id());
      }
    }
    // end::row-scope[]
  }

  // tag::auth-controller[]
  static class Accounts extends AuthController {
    Accounts(DataStore store, IdentityStore identities) {
      super(store, identities);
    }

    @SuppressWarnings("unchecked")
    void onPreRegister(EventArgs args) {                  // veto or grant roles
      if (String.valueOf(args.params().get("name")).startsWith("bot")) {
        throw new Veto(403, "no bots");
      }
      ((Set<String>) args.get(AuthTier.ROLES)).add("member");
    }

    @SuppressWarnings("unchecked")
    void onLoginFailure(EventArgs args) {                 // audit or rewrite the answer
      ((Map<String, Object>) args.get("error")).put("hint", "reset your password");
    }
  }
  // end::auth-controller[]

  static class GuardedTasks extends Controller<Task, Long> {
    GuardedTasks(OwnedTaskRepository tasks) {
      super(tasks);
    }

    // tag::access-rules[]
    void onAuthorize(EventArgs args) {                          // a method on the controller: custom rules
      if ("destroy".equals(args.action())) {
        Access.requireRole(args, "editor");                     // 401 without a user, 403 without the role
      }
    }
    // end::access-rules[]
  }

  private DataStore store;
  private ScribeServer server;
  private IdentityStore identities;
  private GuardedTasks taskController;

  @BeforeEach
  void start() {
    store = DataStore.builder(Scribe.create()).jdbcUrl("jdbc:h2:mem:identity;DB_CLOSE_DELAY=-1")
        .entities(Task.class, Subtask.class)
        .schemaAction("create-drop").build();
    GuardedTasks taskController = new GuardedTasks(store.register(new OwnedTaskRepository()));
    store.register(new OwnedSubtaskRepository());
    // tag::access-rules[]
    taskController.configure(Config.empty()
        .override("admin.**", Map.of("requiresRole", "admin"))      // a role, or a list: any of them
        .override("*.destroy", Map.of("requiresUser", true)));
    // end::access-rules[]
    Controller<Task, Long> tasks = taskController;
    // tag::identity-store[]
    IdentityStore identities = IdentityStore.builder(store)
        .tokenTtl(Duration.ofHours(12))          // default
        .throttle(5, 20, Duration.ofMinutes(1))  // failures per account, per client address, window (default)
        .build();
    RestApplication app = RestApplication.builder(store)
        .mount("tasks", tasks)
        .auth(new Accounts(store, identities))
        .build();
    // end::identity-store[]
    this.identities = identities;
    this.taskController = taskController;
    server = ScribeServer.start(app, 0);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  void eachCallerSeesItsOwnRowsAndWritesOnlyTheFieldsItsRolesAllow() {
    TestClient anonymous = TestClient.of(server.uri());
    Map<String, Object> ada = anonymous.post("/auth/register", Map.of("name", "ada", "password", "correct horse battery")).map();
    assertThat(ada.get("roles")).isEqualTo(List.of("member"));
    assertThat(anonymous.post("/auth/register", Map.of("name", "bot7", "password", "correct horse battery")).status())
        .isEqualTo(403);
    TestResponse failed = anonymous.post("/auth/login", Map.of("name", "ada", "password", "wrong password!"));
    assertThat(failed.status()).isEqualTo(401);
    assertThat(failed.map()).containsEntry("hint", "reset your password");
    String token = (String) anonymous.post("/auth/login", Map.of("name", "ada", "password", "correct horse battery"))
        .map().get("token");
    TestClient asAda = anonymous.withHeader("Authorization", "Bearer " + token);

    TestResponse created = asAda.post("/tasks", Map.of("title", "Ada only", "internalNotes", "n"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.map()).containsEntry("ownerId", ada.get("id")).containsEntry("internalNotes", "n");
    Object id = created.map().get("id");
    assertThat(asAda.get("/tasks/" + id).status()).isEqualTo(200);
    assertThat(anonymous.get("/tasks/" + id).status()).isEqualTo(404);          // out of scope
    assertThat(anonymous.delete("/tasks/" + id).status()).isEqualTo(401);       // *.destroy needs a user
    assertThat(asAda.delete("/tasks/" + id).status()).isEqualTo(403);           // not an editor

    // tag::field-policy[]
    taskController.configure(Config.of(Map.of(
        FieldPolicy.WRITE_ROLES, Map.of("priority", "admin", "dueDate", List.of("admin", "editor")),
        FieldPolicy.READ_ROLES, Map.of("internalNotes", "admin"))));
    // end::field-policy[]
    assertThat(asAda.get("/tasks/" + id).map()).doesNotContainKey("internalNotes");
    TestResponse priority = asAda.patch("/tasks/" + id, Map.of("priority", 1));
    assertThat(priority.status()).isEqualTo(403);
    assertThat(priority.map().get("errors")).as(priority.body()).isEqualTo(Map.of("priority", List.of("needs the role admin")));
    assertThat(identities.tokenTtl()).isEqualTo(Duration.ofHours(12));
  }
}
