package dev.scribe.controller;

import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.DataStore;

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

  private final DataStore store;
  private final IdentityStore identities;
  private volatile EventManager events;

  /** The auth routes over the accounts of {@code identities}; handlers' repository calls use {@code store}. */
  public AuthController(DataStore store, IdentityStore identities) {
    if (store == null || identities == null) {
      throw new UsageException("AuthController(" + (store == null ? "null" : "store") + ", "
          + (identities == null ? "null" : "identities") + "): pass the DataStore its handlers' repository calls"
          + " use and the IdentityStore of the accounts, e.g. IdentityStore.builder(store).build()");
    }
    this.store = store;
    this.identities = identities;
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

  @Override
  public String toString() {
    return getClass().getSimpleName();
  }
}
