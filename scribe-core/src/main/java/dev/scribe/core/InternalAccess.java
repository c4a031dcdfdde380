package dev.scribe.core;

import dev.scribe.core.internal.CoreAccess;
import dev.scribe.core.internal.dispatch.DispatchState;

/** The package-private members the internal packages use, handed out through {@link CoreAccess}. */
final class InternalAccess extends CoreAccess {
  static {
    CoreAccess.install(new InternalAccess());
  }

  private InternalAccess() {}

  @Override
  public void dispatchState(EventArgs args, DispatchState state) {
    args.dispatchState = state;
  }

  @Override
  public int reserve(Trace trace) {
    return trace.reserve();
  }

  @Override
  public void set(Trace trace, int slot, TraceEntry entry) {
    trace.set(slot, entry);
  }

  @Override
  public Veto explained(Veto veto, Event event) {
    return Veto.saysSomething(veto.messages()) ? veto : veto.orSaying("refused with status " + veto.status()
        + " by a handler of " + event.name() + ", which gave no message");
  }

  @Override
  public Veto reportedWith(Veto handler, Veto checked) {
    return handler.reportedWith(checked);
  }

  @Override
  public ArgsContractException blame(ArgsContractException e, String handlerName) {
    return e.blame(handlerName);
  }

  @Override
  public DispatchDepthException tooDeep(int maxDepth, Event refused, String path) {
    return new DispatchDepthException(maxDepth, refused, path);
  }

  @Override
  public DispatchDepthException within(DispatchDepthException e, Event event, EventArgs args) {
    return e.within(event, args);
  }

  @Override
  public void putRecent(EventArgs args, String key, Object value) {
    args.values.putRecent(key, value);
  }

  @Override
  public Object getRecent(EventArgs args, String key) {
    return args.values.getRecent(key);
  }

  @Override
  public void removeRecent(EventArgs args, String key) {
    args.values.removeRecent(key);
  }

  @Override
  public int index(Event event) {
    return event.index();
  }

  @Override
  public String noSuchEvent(Tier tier, String eventName) {
    return tier.noSuchEvent(eventName);
  }

  @Override
  public boolean looksLikeHandler(Tier tier, String methodName) {
    return tier.looksLikeHandler(methodName);
  }

  @Override
  public String closest(Tier tier, String candidate) {
    return tier.closest(candidate);
  }

  @Override
  public void requireAwaitedBindingsBound(Scribe scribe, String owners) {
    scribe.awaitedBindings().requireBound(owners);
  }
}
