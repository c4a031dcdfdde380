package dev.scribe.core;

/** The tiers the kernel tests fire: a small store tier and an entity tier that shares one event name with it. */
final class TestTiers {
  static final Tier STORE = Tier.builder("store")
      .events("preCreate", "validateCreate", "postCreate", "preUpdate", "postUpdate")
      .handlerPrefixes("pre", "post", "validate")
      .build();

  static final Tier ENTITY = Tier.builder("entity")
      .events("prePersist", "postPersist", "preUpdate")
      .handlerPrefixes("pre", "post")
      .build();

  static final Event PRE_CREATE = STORE.event("preCreate");
  static final Event POST_CREATE = STORE.event("postCreate");

  private TestTiers() {}

  /** A Scribe that knows both test tiers and nothing from the class path. */
  static Scribe.Builder builder() {
    return Scribe.builder().discoverTiers(false).tier(STORE).tier(ENTITY);
  }

  static Scribe scribe() {
    return builder().build();
  }

  static EventArgs args(String path) {
    return EventArgs.builder().self(new Object()).path(path).build();
  }
}
