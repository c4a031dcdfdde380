package dev.scribe.entity;

import dev.scribe.core.Event;
import dev.scribe.core.Tier;

/**
 * The entity tier's event catalogue. Each entity class owns an event manager of this tier; its
 * convention-named methods run with {@code self} the entity instance.
 *
 * <ul>
 *   <li>{@code preSetField} — before a value from params is set on a field; args {@code fieldName},
 *       {@code value} (replace it to change what is set; veto to refuse it).</li>
 *   <li>{@code preProcessAssociationParams} — before an association is set from params; args
 *       {@code associationName}, {@code values} (a list of ids or nested maps; replace it to change them).</li>
 *   <li>{@code prePersist} / {@code postPersist} — before an entity is persisted and after its INSERT, for
 *       every entity the unit of work persists (cascaded and handler-persisted ones included).</li>
 *   <li>{@code preUpdate} / {@code postUpdate} — before and after the UPDATE of a changed entity.</li>
 *   <li>{@code preRemove} / {@code postRemove} — before and after the DELETE of an entity.</li>
 * </ul>
 *
 * <pre>{@code
 * class Task extends ScribeEntity {
 *   void prePersist(EventArgs args) { createdBy = (String) args.get("user"); }
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

  private EntityTier() {}
}
