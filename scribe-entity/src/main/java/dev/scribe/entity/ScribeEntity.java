package dev.scribe.entity;

/**
 * Base class of Scribe entities. It maps no fields of its own: the subclass declares its {@code @Id},
 * its optional {@code @Version} and its columns as usual with JPA annotations.
 *
 * <p>The entity class owns an entity-tier event manager, created when the class is given to the data
 * store. Methods of the class (and of its superclasses below this one) named like an event of
 * {@link EntityTier} are subscribed automatically and run with {@code self} the instance concerned.
 *
 * <pre>{@code
 * @Entity
 * public class Task extends ScribeEntity {
 *   @Id @GeneratedValue(strategy = GenerationType.SEQUENCE) Long id;
 *   @Version Long version;
 *   @NotBlank String title;
 *   @Guarded String createdBy;
 *
 *   void preSetField(EventArgs args) {
 *     if (args.fieldName().equals("title")) args.value(((String) args.value()).strip());
 *   }
 * }
 * }</pre>
 */
public abstract class ScribeEntity {

  /** For subclasses; JPA requires a no-argument constructor on the entity itself. */
  protected ScribeEntity() {}
}
