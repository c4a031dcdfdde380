package dev.scribe.demo;

import dev.scribe.controller.Controller;
import dev.scribe.controller.FieldPolicy;
import dev.scribe.controller.auth.IdentityStore;
import dev.scribe.controller.auth.TokenAuthenticator;
import dev.scribe.core.Options;
import dev.scribe.outbox.ChangeFeed;
import dev.scribe.outbox.ScopedFeedAccess;
import dev.scribe.repository.DataStore;
import jakarta.servlet.http.HttpServlet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /_scribe/changes} of the demo: the changes of every instance for the caller of the bearer token,
 * with the row scope of the repositories (a user sees the changes of their own tasks, an admin all) and the
 * fields the controllers hide on their plain mounts ({@code hiddenFields}, {@code readRoles}) left out.
 */
final class ChangeFeeds {
  private ChangeFeeds() {}

  static HttpServlet servlet(ChangeFeed feed, DataStore store, IdentityStore identities,
      Collection<? extends Controller<?, ?>> controllers) {
    return feed.servlet(ScopedFeedAccess.builder(store)
        .caller(TokenAuthenticator.of(identities)::authenticate)
        .fields(fields(store, controllers))
        .build());
  }

  /** The feed's field policy: the {@code hiddenFields} and {@code readRoles} of the controllers' default options. */
  static dev.scribe.outbox.FieldPolicy fields(DataStore store, Collection<? extends Controller<?, ?>> controllers) {
    dev.scribe.outbox.FieldPolicy.Builder policy = dev.scribe.outbox.FieldPolicy.builder();
    for (Controller<?, ?> controller : controllers) {
      String entity = store.sessionFactory().getMetamodel().entity(controller.repository().entityType()).getName();
      Options options = controller.config().defaults();
      policy.hide(entity, names(options.get("hiddenFields")));
      if (options.get(FieldPolicy.READ_ROLES) instanceof Map) {
        ((Map<?, ?>) options.get(FieldPolicy.READ_ROLES)).forEach((field, roles) ->
            policy.readRoles(entity, String.valueOf(field), names(roles).toArray(String[]::new)));
      }
    }
    return policy.build();
  }

  private static List<String> names(Object option) {
    List<String> names = new ArrayList<>();
    if (option instanceof Iterable) {
      ((Iterable<?>) option).forEach(name -> names.add(String.valueOf(name).strip()));
    } else if (option instanceof String) {
      for (String name : ((String) option).split(",")) {
        names.add(name.strip());
      }
    }
    names.removeIf(String::isEmpty);
    return names;
  }
}
