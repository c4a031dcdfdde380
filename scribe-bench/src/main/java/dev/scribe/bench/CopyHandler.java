package dev.scribe.bench;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.Subscribe;
import dev.scribe.core.EventArgs;
import java.util.Map;

/** A read and a write: copies {@code params.title} into {@code params.slug}. */
public final class CopyHandler extends BenchHandler {

  /** Guava takes no lock for a subscriber marked {@code @AllowConcurrentEvents}: its fastest setting. */
  @Override
  @Subscribe
  @AllowConcurrentEvents
  public void preCreate(EventArgs args) {
    Map<String, Object> params = args.params();
    params.put(SLUG, params.get(TITLE));
  }
}
