package dev.scribe.controller.internal.auth;

import dev.scribe.controller.Access;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.AuthController;
import dev.scribe.controller.AuthTier;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.RestApplication;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.codec.QueryString;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.internal.action.ErrorResponder;
import dev.scribe.controller.internal.request.NotModified;
import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.internal.StoreAccess;
import dev.scribe.repository.internal.store.StoreRoles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@code /auth} routes of one {@link AuthController}: each action in a unit of work between its
 * pre and post events, every failure answered through {@code on<Action>Failure}.
 */
public final class AuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller.auth");

  private final AuthController controller;
  private final IdentityStore identities;
  /**
   * An auth action holds two connections at once: its unit of work's, for its handlers, and the identity
   * store's, which commits on its own. With as many of them running as the pool has connections, each held
   * one and waited for a second until the pool's wait ran out; at most half the pool's size run at once.
   */
  private final Semaphore running;
  private final long waitMillis;

  public AuthRoutes(AuthController controller) {
    this.controller = controller;
    this.identities = controller.identities();
    StoreRoles roles = StoreAccess.roles(controller.store());
    int pool = roles.poolSize() > 0 ? roles.poolSize() : 10;
    this.running = new Semaphore(Math.max(1, pool / 2), true);
    this.waitMillis = roles.connectionWait().toMillis();
  }

  /**
   * Serves {@code /auth/<action>}: 404 for an unknown action, 405 for the wrong method, then {@code unacceptable}
   * (the 406 of an Accept that admits no JSON) when it is one. {@code urlPath} is the path as sent, which the 404
   * names: {@code /auth} and {@code /auth/nothing/} were named {@code /auth/} and {@code /auth/nothing}.
   */
  public ActionResponse serve(String method, String action, String urlPath, String query, AuthCall call, JsonCodec json,
      ActionResponse unacceptable) {
    AuthAction found = AuthAction.of(action);
    if (found == null) {
      return problem(new Veto(404, "no auth route " + urlPath + "; the routes are POST /auth/register,"
          + " POST /auth/login, POST /auth/logout and GET /auth/me"));
    }
    boolean head = method.equals("HEAD") && found.method.equals("GET");
    if (!method.equals(found.method) && !head) {
      // a GET route answers HEAD as well, and says so, as every other route does
      List<String> allowed = found.method.equals("GET") ? List.of("GET", "HEAD") : List.of(found.method);
      if (method.equals("OPTIONS")) {
        return ActionResponse.of(204, null).withHeader("Allow", String.join(", ", allowed));
      }
      return problem(HttpVeto.methodNotAllowed(method + " is not supported on /auth/" + action + "; use "
          + String.join(" or ", allowed), allowed));
    }
    if (unacceptable != null) {
      // as on the actions: a route that answers JSON is not run for a client that said it cannot read it
      return unacceptable;
    }
    try {
      // what a route takes is in its body (or its token): a parameter would be passed over
      QueryString.refuseUnread(query, found.method + " /auth/" + action, List.of());
      if (found.method.equals("POST")) {
        refuseConditions(call, "POST /auth/" + action);
      }
    } catch (Veto refused) {
      return problem(refused);
    }
    return run(found, call, json);
  }

  /**
   * A sign-in, a registration or a logout has no record whose tag a condition could name, so the condition can
   * neither hold nor fail: a 400 before anything runs, as on a create or a collection action. It was passed over,
   * and a login issued its token.
   */
  private static void refuseConditions(AuthCall call, String route) {
    for (String header : List.of("If-Match", "If-None-Match")) {
      if (call.header().apply(header) != null) {
        throw new Veto(400, header + " names a version of one record, and " + route + " has none whose tag it could"
            + " compare; send it without " + header);
      }
    }
  }

  private static ActionResponse problem(Veto veto) {
    ActionResponse response = ActionResponse.problem(veto.status(), Problems.body(veto));
    return veto instanceof HttpVeto ? response.withHeaders(((HttpVeto) veto).headers()) : response;
  }

  /** Runs one action when a slot is free (see {@link #running}); a 503 when none frees in time. */
  private ActionResponse run(AuthAction action, AuthCall call, JsonCodec json) {
    boolean entered = false;
    try {
      entered = running.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!entered) {
      return problem(new HttpVeto(503, "too many sign-ins and registrations are running at once; retry in a second",
          Map.of("Retry-After", "1")));
    }
    try {
      return runNow(action, call, json);
    } finally {
      running.release();
    }
  }

  /** Runs one action; every failure is answered through {@code on<Action>Failure}. */
  private ActionResponse runNow(AuthAction action, AuthCall call, JsonCodec json) {
    EventArgs args = EventArgs.builder().self(controller).path("auth." + action.id).action(action.id).controller(controller)
        .put(EventArgs.USER, call.user())
        .put(AuthTier.CLIENT, call.client())
        .build();
    try {
      // as on every other route: the repository calls of the handlers are the caller's, scoped for it and
      // written in its name (after a login: the account's, from the moment it is known)
      return controller.store().actingAs(call.user(), () -> controller.store().inTransaction(() -> {
        switch (action) {
          case REGISTER:
            return register(args, call, json);
          case LOGIN:
            return login(args, call, json);
          case LOGOUT:
            return logout(args, call, json);
          case ME:
            return me(args, call);
          default:
            throw new AssertionError(action);
        }
      }));
    } catch (RuntimeException e) {
      return failure(action, args, e, call.requestId());
    }
  }

  private ActionResponse register(EventArgs args, AuthCall call, JsonCodec json) {
    Map<String, Object> params = AuthBodies.credentials(call, json);
    args.put(EventArgs.PARAMS, params);
    args.put(AuthTier.ROLES, new LinkedHashSet<String>());
    controller.events().fire(AuthAction.REGISTER.pre, args);
    Map<String, Object> effective = args.params();
    String name = AuthBodies.text(effective, "name");
    String password = AuthBodies.text(effective, "password");
    effective.remove("password");
    Duration wait = identities.beginRegistration(call.client());
    if (wait != null) {
      throw tooMany("too many failed logins or registrations of taken names from this address", wait);
    }
    User account;
    try {
      account = identities.register(name, password, AuthBodies.roles(args));
    } catch (Veto refused) {
      if (refused.status() == 409) {
        // a taken name says the account exists: counted as a failed login, or registrations would enumerate names
        identities.recordTakenName(call.client());
      }
      throw refused;
    } finally {
      identities.endRegistration(call.client());
    }
    args.put(AuthTier.ACCOUNT, account);
    args.result(AuthBodies.userJson(account));
    try {
      controller.events().fire(AuthAction.REGISTER.post, args);
    } catch (RuntimeException e) {
      identities.delete(account);
      throw e;
    }
    return ActionResponse.of(201, args.result());
  }

  private ActionResponse login(EventArgs args, AuthCall call, JsonCodec json) {
    Map<String, Object> params = AuthBodies.credentials(call, json);
    args.put(EventArgs.PARAMS, params);
    controller.events().fire(AuthAction.LOGIN.pre, args);
    Map<String, Object> effective = args.params();
    String name = AuthBodies.text(effective, "name");
    String password = AuthBodies.text(effective, "password");
    effective.remove("password");
    AuthBodies.requireCredentials(name, password);
    Duration wait = identities.beginLoginAttempt(name, call.client());
    if (wait != null) {
      throw tooMany("too many failed logins for this account or from this address", wait);
    }
    User user;
    try {
      user = identities.verify(name, password);
      if (user == null) {
        identities.recordFailure(name, call.client());
        throw new HttpVeto(401, "the name or the password is wrong", Map.of("WWW-Authenticate", "Bearer realm=\"scribe\""));
      }
    } finally {
      identities.endLoginAttempt(name, call.client());
    }
    identities.clearFailures(name);
    IdentityStore.IssuedToken token = identities.issue(user);
    args.put(EventArgs.USER, user);
    controller.store().currentUnitOfWork().ifPresent(unit -> unit.setUser(user));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("token", token.token());
    result.put("tokenType", "Bearer");
    result.put("expiresAt", token.expiresAt().toString());
    result.put("expiresIn", identities.tokenTtl().toSeconds());
    result.put("user", AuthBodies.userJson(user));
    args.result(result);
    try {
      controller.events().fire(AuthAction.LOGIN.post, args);
    } catch (RuntimeException e) {
      identities.revoke(token.token());
      throw e;
    }
    return ActionResponse.of(200, args.result()).withHeader("Cache-Control", "no-store");
  }

  /** A 429 saying why and how long to wait, in the message and in {@code Retry-After}. */
  private static HttpVeto tooMany(String why, Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new HttpVeto(429, why + "; try again in " + seconds + " s", Map.of("Retry-After", String.valueOf(seconds)));
  }

  private ActionResponse logout(EventArgs args, AuthCall call, JsonCodec json) {
    requireUser(args);
    AuthBodies.refuseBody(call, json, "POST /auth/logout takes no body: it revokes the bearer token the request carries,"
        + " and only that one; send it without a body (or {})");
    if (call.bearerToken() == null) {
      throw new Veto(400, "there is no bearer token to revoke; logout ends a session opened by POST /auth/login");
    }
    controller.events().fire(AuthAction.LOGOUT.pre, args);
    identities.revoke(call.bearerToken());
    args.result(null);
    controller.events().fire(AuthAction.LOGOUT.post, args);
    Object result = args.result();
    return ActionResponse.of(result == null ? 204 : 200, result);
  }

  private ActionResponse me(EventArgs args, AuthCall call) {
    requireUser(args);
    controller.events().fire(AuthAction.ME.pre, args);
    Object user = args.get(EventArgs.USER);
    args.result(user instanceof User ? AuthBodies.userJson((User) user) : Map.of("name", String.valueOf(user)));
    controller.events().fire(AuthAction.ME.post, args);
    // the answer has no ETag: an If-Match naming a tag is a 412 once it would be a 200, as on every other such read
    Veto tagged = NotModified.taggedIfMatch(call.header().apply("If-Match"), RestApplication.AUTH_PATH + "/me");
    if (tagged != null) {
      throw tagged;
    }
    // nor does If-None-Match: * hold, there being a representation (RFC 9110, 13.1.2)
    int status = NotModified.star(call.header().apply("If-None-Match")) ? 304 : 200;
    return ActionResponse.of(status, status == 304 ? null : args.result()).withHeader("Cache-Control", "no-store");
  }

  private static void requireUser(EventArgs args) {
    if (args.get(EventArgs.USER) == null) {
      throw Access.unauthenticated("log in first: send Authorization: Bearer <token> from POST /auth/login");
    }
  }

  private ActionResponse failure(AuthAction action, EventArgs args, RuntimeException failure, String requestId) {
    String id = requestId != null ? requestId : Problems.newRequestId();
    Problems.Failure classified = Problems.classify(failure, false, id);
    if (classified.unexpected()) {
      LOG.error("request {} (auth.{}) failed", id, action.id, failure);
    } else {
      LOG.debug("request {} (auth.{}) answered {}: {}", id, action.id, classified.status(), failure.getMessage());
    }
    Object params = args.get(EventArgs.PARAMS);
    if (params instanceof Map) {
      ((Map<?, ?>) params).remove("password");
    }
    Map<String, Object> body = new LinkedHashMap<>(classified.body());
    Map<String, String> headers = new LinkedHashMap<>(classified.headers());
    args.put(ControllerTier.EXCEPTION, failure);
    args.put(ControllerTier.STATUS, classified.status());
    args.put(ControllerTier.ERROR, body);
    args.put(ControllerTier.HEADERS, headers);
    try {
      controller.events().fire(action.failure, args);
    } catch (Veto veto) {
      return ActionResponse.problem(veto.status(), Problems.body(veto)).withHeaders(headers);
    } catch (RuntimeException e) {
      LOG.error("request {} (auth.{}): an {} handler failed", id, action.id, action.failure.name(), e);
      return ActionResponse.problem(500, Problems.internal(id));
    }
    return ErrorResponder.answerFromArgs(args, classified.status());
  }
}
