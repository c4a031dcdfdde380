package dev.scribe.controller.internal.action;

import dev.scribe.controller.Access;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerTier;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * The action check that runs before anything else of an action: the {@code requiresUser} and
 * {@code requiresRole} options of its path, then {@code onAuthorize}. See {@link Access}.
 */
public final class AccessCheck {
  static final Event ON_AUTHORIZE = ControllerTier.TIER.event("onAuthorize");

  private AccessCheck() {}

  public static void check(Controller<?, ?> controller, Options options, EventArgs args) {
    Object role = options.get(Access.REQUIRES_ROLE);
    if (role != null) {
      Access.requireRole(args, roles(role).toArray(String[]::new));
    } else if (options.bool(Access.REQUIRES_USER, false)) {
      Access.requireUser(args);
    }
    if (controller.events().hasHandlers(ON_AUTHORIZE)) {
      controller.events().fire(ON_AUTHORIZE, args);
    }
  }

  private static List<String> roles(Object option) {
    List<String> roles = new ArrayList<>();
    if (option instanceof Iterable) {
      for (Object role : (Iterable<?>) option) {
        roles.add(String.valueOf(role));
      }
    } else {
      roles.add(String.valueOf(option));
    }
    return roles;
  }
}
