package dev.scribe.bench;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.Subscribe;
import dev.scribe.core.EventArgs;
import java.util.Map;

/**
 * The handler every dispatch variant runs: copies the {@code title} param into {@code slug}, a read
 * and a write on the params map the event carries. The same method is called directly, through
 * Scribe and through Guava's EventBus.
 */
public final class SlugHandler {
  static final String TITLE = "title";
  static final String SLUG = "slug";

  /** Scribe finds it by name; Guava by annotation (concurrent, so Guava takes no lock). */
  @Subscribe
  @AllowConcurrentEvents
  public void preCreate(EventArgs args) {
    Map<String, Object> params = args.params();
    params.put(SLUG, params.get(TITLE));
  }
}
