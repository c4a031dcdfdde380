package dev.scribe.entity;

import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Tier;

/**
 * The entity tier's event catalogue. Each entity class owns an event manager of this tier; its
 * convention-named methods run with {@code self} the entity instance.
 *
 * <ul>
 *   <li>{@code preSetField} — before a value from params is set on a field; args {@link #FIELD_NAME},
 *       {@link #VALUE} (replace it to change what is set; veto to refuse it).</li>
 *   <li>{@code preProcessAssociationParams} — before an association is set from params; args
 *       {@link #ASSOCIATION_NAME}, {@link #VALUES} (a list of ids or nested maps; replace it to change them).</li>
 *   <li>{@code prePersist} / {@code postPersist} — before an entity is persisted and after its INSERT, for
 *       every entity the unit of work persists (cascaded and handler-persisted ones included).</li>
 *   <li>{@code preUpdate} / {@code postUpdate} — before and after the UPDATE of a changed entity.</li>
 *   <li>{@code preRemove} / {@code postRemove} — before and after the DELETE of an entity.</li>
 * </ul>
 *
 * <pre>{@code
 * class Task extends ScribeEntity {
 *   void prePersist(EventArgs args) {              // the caller is a User under "user", absent when anonymous
 *     User user = User.from(args);
 *     createdBy = user == null ? "anonymous" : user.name();
 *   }
 * }
 * }</pre>
 */
public final class EntityTier {
  /** The catalogue: tier name {@code entity}, handler prefixes {@code pre} and {@code post}. */
  public static final Tier TIER = Tier.builder("entity")
      .events("preSetField", "preProcessAssociationParams", "prePersist", "postPersist",
          "preUpdate", "postUpdate", "preRemove", "postRemove")
      .handlerPrefixes("pre", "post")
      .build();

  public static final Event PRE_SET_FIELD = TIER.event("preSetField");
  public static final Event PRE_PROCESS_ASSOCIATION_PARAMS = TIER.event("preProcessAssociationParams");
  public static final Event PRE_PERSIST = TIER.event("prePersist");
  public static final Event POST_PERSIST = TIER.event("postPersist");
  public static final Event PRE_UPDATE = TIER.event("preUpdate");
  public static final Event POST_UPDATE = TIER.event("postUpdate");
  public static final Event PRE_REMOVE = TIER.event("preRemove");
  public static final Event POST_REMOVE = TIER.event("postRemove");

  /** Args key of {@code preSetField}: the field about to be set. */
  public static final String FIELD_NAME = "fieldName";
  /** Args key of {@code preSetField}: the value about to be set; replace it to change what is set. */
  public static final String VALUE = "value";
  /** Args key of {@code preProcessAssociationParams}: the association about to be set. */
  public static final String ASSOCIATION_NAME = "associationName";
  /** Args key of {@code preProcessAssociationParams}: the association's ids or nested maps; replace it to change them. */
  public static final String VALUES = "values";

  /**
   * The {@link #FIELD_NAME} a {@code preSetField} event is about; null outside one. An
   * {@link dev.scribe.core.ArgsContractException} naming the key when a handler put something else than text
   * there, a {@link dev.scribe.core.UsageException} when {@code args} is null.
   */
  public static String fieldName(EventArgs args) {
    return required(args, "fieldName").get(FIELD_NAME, String.class);
  }

  /** The {@link #VALUE} a {@code preSetField} event is about to set; null outside one, or when null is set. */
  public static Object value(EventArgs args) {
    return required(args, "value").get(VALUE);
  }

  /** Replaces the {@link #VALUE} a {@code preSetField} event will set; returns {@code args}. */
  public static EventArgs value(EventArgs args, Object value) {
    required(args, "value").put(VALUE, value);
    return args;
  }

  private static EventArgs required(EventArgs args, String accessor) {
    if (args == null) {
      throw new dev.scribe.core.UsageException("EntityTier." + accessor + "(null, ...): pass the event's args, e.g."
          + " EntityTier." + accessor + "(args) in preSetField");
    }
    return args;
  }

  private EntityTier() {}
}
