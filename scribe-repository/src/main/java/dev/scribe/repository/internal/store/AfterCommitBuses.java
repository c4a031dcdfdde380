package dev.scribe.repository.internal.store;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.EventBus;
import dev.scribe.repository.EntityEvent;
import java.util.concurrent.Executor;

/**
 * The two buses committed writes are published on. They remember whether anything was ever registered,
 * so that a store nobody listens to does not build the events at all.
 */
final class AfterCommitBuses {
  private final ListenedEventBus events = new ListenedEventBus();
  private final ListenedAsyncEventBus asyncEvents;

  AfterCommitBuses(Executor executor) {
    this.asyncEvents = new ListenedAsyncEventBus(executor);
  }

  EventBus events() {
    return events;
  }

  AsyncEventBus asyncEvents() {
    return asyncEvents;
  }

  /** True once a subscriber was registered on either bus. */
  boolean listened() {
    return events.listened || asyncEvents.listened;
  }

  void post(EntityEvent event) {
    if (events.listened) {
      events.post(event);
    }
    if (asyncEvents.listened) {
      asyncEvents.post(event);
    }
  }

  private static final class ListenedEventBus extends EventBus {
    volatile boolean listened;

    ListenedEventBus() {
      super("scribe");
    }

    @Override
    public void register(Object object) {
      super.register(object);
      listened = true;
    }
  }

  private static final class ListenedAsyncEventBus extends AsyncEventBus {
    volatile boolean listened;

    ListenedAsyncEventBus(Executor executor) {
      super("scribe-async", executor);
    }

    @Override
    public void register(Object object) {
      super.register(object);
      listened = true;
    }
  }
}
