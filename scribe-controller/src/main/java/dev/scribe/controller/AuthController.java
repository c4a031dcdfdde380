package dev.scribe.controller;

import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.controller.auth.TokenAuthenticator;
import dev.scribe.controller.http.HttpVeto;
import dev.scribe.controller.http.JsonCodec;
import dev.scribe.controller.http.Problems;
import dev.scribe.controller.http.RequestBody;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /auth} routes, each an action with events like a resource controller's:
 * <pre>
 * POST /auth/register  {"name": "ada", "password": "..."}   201 {"id", "name", "roles"}; 409 name taken; 422 rules
 * POST /auth/login     {"name": "ada", "password": "..."}   200 {"token", "tokenType": "Bearer", "expiresAt", "expiresIn", "user"}
 *                                                           401 wrong name or password; 429 + Retry-After when throttled
 * POST /auth/logout    Authorization: Bearer ...             204, the token is revoked
 * GET  /auth/me        Authorization: Bearer ...             200 {"id", "name", "roles"}; 401 without a user
 * </pre>
 * Each fires {@code onPre<Action>}, then does its work, then {@code onPost<Action>}; any failure fires
 * {@code on<Action>Failure} instead ({@link AuthTier}). Args: {@code params} (the body; the password is
 * removed once it has been used), {@code user} (the caller; after a login, the account that logged in),
 * {@code client} (the client address), {@code roles} (register: the mutable set of roles the new account
 * gets, empty by default), {@code account} (register: the new account), {@code result} (what is sent) and,
 * on failure, {@code exception}, {@code status}, {@code error} (the problem body) and {@code headers}, all
 * of which handlers may change, or put an {@link ActionResponse} under {@value ActionResponse#ARGS_KEY}.
 * A veto in a pre or post handler refuses the action; a veto in {@code onPostRegister} removes the new
 * account again and one in {@code onPostLogin} revokes the new token. Each action runs in a unit of work,
 * so repository calls of its handlers commit or roll back with it.
 *
 * <p>Subclass it and declare handlers by name, or subscribe to {@link #events()}. Thread-safe.
 *
 * <pre>{@code
 * class Accounts extends AuthController {
 *   Accounts(DataStore store, IdentityStore identities) { super(store, identities); }
 *
 *   void onPreRegister(EventArgs args) {
 *     if (!String.valueOf(args.params().get("name")).endsWith("@example.org")) {
 *       throw Veto.field("name", "registration is open to example.org addresses only");
 *     }
 *   }
 *
 *   void onLoginFailure(EventArgs args) { LOG.info("failed login from {}", args.get("client")); }
 * }
 * RestApplication.builder(store).auth(new Accounts(store, identities))
 * }</pre>
 */
public class AuthController {
  /** @deprecated the auth tier owns this key: use {@link AuthTier#CLIENT}. */
  @Deprecated(forRemoval = true)
  public static final String CLIENT = AuthTier.CLIENT;
  /** @deprecated the auth tier owns this key: use {@link AuthTier#ROLES}. */
  @Deprecated(forRemoval = true)
  public static final String ROLES = AuthTier.ROLES;
  /** @deprecated the auth tier owns this key: use {@link AuthTier#ACCOUNT}. */
  @Deprecated(forRemoval = true)
  public static final String ACCOUNT = AuthTier.ACCOUNT;

  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller.auth");

  private final DataStore store;
  private final IdentityStore identities;
  private volatile EventManager events;

  /** The auth routes over the accounts of {@code identities}; handlers' repository calls use {@code store}. */
  public AuthController(DataStore store, IdentityStore identities) {
    this.store = Objects.requireNonNull(store, "store");
    this.identities = Objects.requireNonNull(identities, "identities");
  }

  /** This controller's event manager; created on first use, which subscribes the subclass's handler methods. */
  public final EventManager events() {
    EventManager manager = events;
    if (manager == null) {
      synchronized (this) {
        manager = events;
        if (manager == null) {
          Class<?> type = getClass();
          String name = type == AuthController.class || type.isAnonymousClass() ? "AuthController" : type.getSimpleName();
          manager = store.scribe().register(AuthTier.TIER, this, AuthController.class, name);
          events = manager;
        }
      }
    }
    return manager;
  }

  /** The accounts and tokens behind these routes. */
  public final IdentityStore identities() {
    return identities;
  }

  /** The data store the handlers' units of work run on. */
  public final DataStore store() {
    return store;
  }

  /** The four actions and their events. */
  enum AuthAction {
    REGISTER("register", "Register", "POST"),
    LOGIN("login", "Login", "POST"),
    LOGOUT("logout", "Logout", "POST"),
    ME("me", "Me", "GET");

    final String id;
    final Event pre;
    final Event post;
    final Event failure;
    final String method;

    AuthAction(String id, String suffix, String method) {
      this.id = id;
      this.pre = AuthTier.TIER.event("onPre" + suffix);
      this.post = AuthTier.TIER.event("onPost" + suffix);
      this.failure = AuthTier.TIER.event("on" + suffix + "Failure");
      this.method = method;
    }

    static AuthAction of(String segment) {
      for (AuthAction action : values()) {
        if (action.id.equals(segment)) {
          return action;
        }
      }
      return null;
    }
  }

  /** What one call of an auth route brings: the body, the caller, the bearer token and the client address. */
  record AuthCall(RequestBody body, Object user, String bearerToken, String client, String requestId) {
    @Override
    public String toString() {
      return "AuthCall[user=" + user + ", client=" + client + "]";
    }
  }

  /** Runs one action; every failure is answered through {@code on<Action>Failure}. */
  final ActionResponse run(AuthAction action, AuthCall call, JsonCodec json) {
    EventArgs args = EventArgs.builder().self(this).path("auth." + action.id).action(action.id).controller(this)
        .put(EventArgs.USER, call.user())
        .put(AuthTier.CLIENT, call.client())
        .build();
    try {
      return store.inTransaction(() -> {
        switch (action) {
          case REGISTER:
            return register(args, call, json);
          case LOGIN:
            return login(args, call, json);
          case LOGOUT:
            return logout(args, call);
          case ME:
            return me(args);
          default:
            throw new AssertionError(action);
        }
      });
    } catch (RuntimeException e) {
      return failure(action, args, e, call.requestId());
    }
  }

  private ActionResponse register(EventArgs args, AuthCall call, JsonCodec json) {
    Map<String, Object> params = credentials(call, json);
    args.put(EventArgs.PARAMS, params);
    args.put(AuthTier.ROLES, new LinkedHashSet<String>());
    events().fire(AuthAction.REGISTER.pre, args);
    Map<String, Object> effective = args.params();
    String name = text(effective, "name");
    String password = text(effective, "password");
    effective.remove("password");
    User account = identities.register(name, password, roles(args));
    args.put(AuthTier.ACCOUNT, account);
    args.result(userJson(account));
    try {
      events().fire(AuthAction.REGISTER.post, args);
    } catch (RuntimeException e) {
      identities.delete(account);
      throw e;
    }
    return ActionResponse.of(201, args.result());
  }

  private ActionResponse login(EventArgs args, AuthCall call, JsonCodec json) {
    Map<String, Object> params = credentials(call, json);
    args.put(EventArgs.PARAMS, params);
    events().fire(AuthAction.LOGIN.pre, args);
    Map<String, Object> effective = args.params();
    String name = text(effective, "name");
    String password = text(effective, "password");
    effective.remove("password");
    Duration wait = identities.throttled(name, call.client());
    if (wait != null) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw new HttpVeto(429, "too many failed logins for this account or from this address; try again in "
          + seconds + " s", Map.of("Retry-After", String.valueOf(seconds)));
    }
    User user = identities.verify(name, password);
    if (user == null) {
      identities.recordFailure(name, call.client());
      throw new HttpVeto(401, "the name or the password is wrong", Map.of("WWW-Authenticate", "Bearer realm=\"scribe\""));
    }
    identities.clearFailures(name);
    IdentityStore.IssuedToken token = identities.issue(user);
    args.put(EventArgs.USER, user);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("token", token.token());
    result.put("tokenType", "Bearer");
    result.put("expiresAt", token.expiresAt().toString());
    result.put("expiresIn", identities.tokenTtl().toSeconds());
    result.put("user", userJson(user));
    args.result(result);
    try {
      events().fire(AuthAction.LOGIN.post, args);
    } catch (RuntimeException e) {
      identities.revoke(token.token());
      throw e;
    }
    return ActionResponse.of(200, args.result()).withHeader("Cache-Control", "no-store");
  }

  private ActionResponse logout(EventArgs args, AuthCall call) {
    requireUser(args);
    if (call.bearerToken() == null) {
      throw new Veto(400, "there is no bearer token to revoke; logout ends a session opened by POST /auth/login");
    }
    events().fire(AuthAction.LOGOUT.pre, args);
    identities.revoke(call.bearerToken());
    args.result(null);
    events().fire(AuthAction.LOGOUT.post, args);
    Object result = args.result();
    return ActionResponse.of(result == null ? 204 : 200, result);
  }

  private ActionResponse me(EventArgs args) {
    requireUser(args);
    events().fire(AuthAction.ME.pre, args);
    Object user = args.get(EventArgs.USER);
    args.result(user instanceof User ? userJson((User) user) : Map.of("name", String.valueOf(user)));
    events().fire(AuthAction.ME.post, args);
    return ActionResponse.of(200, args.result()).withHeader("Cache-Control", "no-store");
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
      events().fire(action.failure, args);
    } catch (Veto veto) {
      return ActionResponse.problem(veto.status(), Problems.body(veto)).withHeaders(headers);
    } catch (RuntimeException e) {
      LOG.error("request {} (auth.{}): an {} handler failed", id, action.id, action.failure.name(), e);
      return ActionResponse.problem(500, Problems.internal(id));
    }
    Object replacement = args.get(ActionResponse.ARGS_KEY);
    if (replacement instanceof ActionResponse) {
      return (ActionResponse) replacement;
    }
    Object status = args.get(ControllerTier.STATUS);
    int code = status instanceof Number ? ((Number) status).intValue() : classified.status();
    ActionResponse response = ActionResponse.problem(code, args.get(ControllerTier.ERROR));
    Object finalHeaders = args.get(ControllerTier.HEADERS);
    if (finalHeaders instanceof Map) {
      for (Map.Entry<?, ?> header : ((Map<?, ?>) finalHeaders).entrySet()) {
        response = response.withHeader(String.valueOf(header.getKey()), String.valueOf(header.getValue()));
      }
    }
    return response;
  }

  /** The body of register and login: an object with the string fields name and password, nothing else. */
  private static Map<String, Object> credentials(AuthCall call, JsonCodec json) {
    Object body = call.body() == null ? null : call.body().decode(json);
    if (!(body instanceof Map)) {
      throw new Veto(400, "send a JSON object {\"name\": \"...\", \"password\": \"...\"}, not "
          + (body == null ? "an empty body" : BodyShapes.kind(body)));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) body).entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (key.equals("name") || key.equals("password")) {
        if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
          throw Veto.builder().status(400).message("'" + key + "' must be a string")
              .field(key, "must be a string").build();
        }
        params.put(key, entry.getValue());
      } else {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      Veto.Builder refusal = Veto.builder().status(400)
          .message("unknown field(s) " + unknown + "; the body has only 'name' and 'password'");
      unknown.forEach(key -> refusal.field(key, "is not a field; use name and password"));
      throw refusal.build();
    }
    return params;
  }

  private static String text(Map<String, Object> params, String key) {
    Object value = params.get(key);
    return value == null ? null : String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> roles(EventArgs args) {
    Object roles = args.get(AuthTier.ROLES);
    if (roles == null) {
      return Set.of();
    }
    if (!(roles instanceof java.util.Collection)) {
      throw new ArgsContractException(AuthTier.ROLES, "a handler replaced '" + AuthTier.ROLES + "' of auth.register with a "
          + roles.getClass().getName() + "; it must stay a collection of role names");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object role : (java.util.Collection<Object>) roles) {
      names.add(String.valueOf(role));
    }
    return names;
  }

  static Map<String, Object> userJson(User user) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", user.id());
    json.put("name", user.name());
    json.put("roles", new ArrayList<>(user.roles()));
    return json;
  }

  /** Serves {@code /auth/<action>}: 404 for an unknown action, 405 for the wrong method. */
  final ActionResponse serve(String method, String action, AuthCall call, JsonCodec json) {
    AuthAction found = AuthAction.of(action);
    if (found == null) {
      return problem(new Veto(404, "no auth route /auth/" + action + "; the routes are POST /auth/register,"
          + " POST /auth/login, POST /auth/logout and GET /auth/me"));
    }
    boolean head = method.equals("HEAD") && found.method.equals("GET");
    if (!method.equals(found.method) && !head) {
      if (method.equals("OPTIONS")) {
        return ActionResponse.of(204, null).withHeader("Allow", found.method);
      }
      return problem(HttpVeto.methodNotAllowed(method + " is not supported on /auth/" + action + "; use "
          + found.method, List.of(found.method)));
    }
    return run(found, call, json);
  }

  /** The token of the request's {@code Authorization: Bearer} header, or null. */
  static String bearerToken(String authorization) {
    return TokenAuthenticator.bearerToken(authorization);
  }

  private static ActionResponse problem(Veto veto) {
    ActionResponse response = ActionResponse.problem(veto.status(), Problems.body(veto));
    return veto instanceof HttpVeto ? response.withHeaders(((HttpVeto) veto).headers()) : response;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName();
  }
}
