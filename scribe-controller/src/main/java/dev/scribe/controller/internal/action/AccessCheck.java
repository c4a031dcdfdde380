package dev.scribe.controller.internal.action;

import dev.scribe.core.Veto;
import dev.scribe.controller.Access;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.internal.view.FieldPolicies;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import java.util.Map;

/**
 * The action check that runs before anything else of an action: the {@code requiresUser} and
 * {@code requiresRole} options of its path, then {@code onAuthorize}. See {@link Access}.
 */
public final class AccessCheck {
  static final Event ON_AUTHORIZE = ControllerTier.TIER.event("onAuthorize");

  private AccessCheck() {}

  public static void check(Controller<?, ?> controller, Options options, EventArgs args) {
    checkOptions(options, args);
    if (controller.events().hasHandlers(ON_AUTHORIZE)) {
      controller.events().fire(ON_AUTHORIZE, args);
    }
  }

  /**
   * The 401 or 403 that the {@code requiresUser} and {@code requiresRole} options of {@code path} give {@code user},
   * or null: what {@link #check} refuses before {@code onAuthorize} runs, decided from the caller alone, so that a
   * client waiting for {@code 100 Continue} is refused without being asked for a body that would change nothing.
   */
  public static Veto optionsRefusal(Options options, String path, Object user) {
    try {
      checkOptions(options, EventArgs.builder().path(path).put(EventArgs.USER, user).build());
      return null;
    } catch (Veto refused) {
      return refused;
    }
  }

  private static void checkOptions(Options options, EventArgs args) {
    Object role = options.get(Access.REQUIRES_ROLE);
    if (role != null) {
      Access.requireRole(args, FieldPolicies.roles(role).toArray(String[]::new));
    } else if (options.bool(Access.REQUIRES_USER, false)) {
      Access.requireUser(args);
    }
  }

  /**
   * Checks {@code call} as well as the record action it is like (whose options are {@code like}): the
   * {@code requiresRole} there applies when the call's path sets none, its {@code requiresUser} always.
   */
  public static void checkLike(Controller<?, ?> controller, ActionCall call, Options like) {
    Options access = call.options;
    if (!access.has(Access.REQUIRES_ROLE) && like.has(Access.REQUIRES_ROLE)) {
      access = access.with(Map.of(Access.REQUIRES_ROLE, like.get(Access.REQUIRES_ROLE)));
    }
    if (like.bool(Access.REQUIRES_USER, false)) {
      access = access.with(Map.of(Access.REQUIRES_USER, true));
    }
    check(controller, access, call.args);
  }
}
