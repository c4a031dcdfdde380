package dev.scribe.bench;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.Subscribe;
import dev.scribe.core.EventArgs;

/** The lightest mutation: one write into the params map ({@code params.slug = constant}). */
public final class PutHandler extends BenchHandler {

  /** Guava takes no lock for a subscriber marked {@code @AllowConcurrentEvents}: its fastest setting. */
  @Override
  @Subscribe
  @AllowConcurrentEvents
  public void preCreate(EventArgs args) {
    args.params().put(SLUG, TITLE_VALUE);
  }
}
