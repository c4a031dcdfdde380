package dev.scribe.entity;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.ManagedEntity;

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
 *     if (EntityTier.fieldName(args).equals("title")) EntityTier.value(args, ((String) EntityTier.value(args)).strip());
 *   }
 * }
 * }</pre>
 *
 * <p>The class implements Hibernate's {@link ManagedEntity} contract itself, as bytecode enhancement
 * would: the persistence context then keeps its bookkeeping for the instance in the instance, instead
 * of in an identity map beside it, which makes units of work with thousands of entities markedly
 * cheaper. The {@code $$_hibernate_*} methods belong to Hibernate; application code never calls them.
 * As with enhanced entities, one instance can be managed by only one open persistence context at a time.
 */
public abstract class ScribeEntity implements ManagedEntity {
  private transient EntityEntry scribeEntityEntry;
  private transient ManagedEntity scribePreviousManaged;
  private transient ManagedEntity scribeNextManaged;
  private transient boolean scribeUseTracker;

  /** For subclasses; JPA requires a no-argument constructor on the entity itself. */
  protected ScribeEntity() {}

  @Override
  public final Object $$_hibernate_getEntityInstance() {
    return this;
  }

  @Override
  public final EntityEntry $$_hibernate_getEntityEntry() {
    return scribeEntityEntry;
  }

  @Override
  public final void $$_hibernate_setEntityEntry(EntityEntry entityEntry) {
    this.scribeEntityEntry = entityEntry;
  }

  @Override
  public final ManagedEntity $$_hibernate_getPreviousManagedEntity() {
    return scribePreviousManaged;
  }

  @Override
  public final void $$_hibernate_setPreviousManagedEntity(ManagedEntity previous) {
    this.scribePreviousManaged = previous;
  }

  @Override
  public final ManagedEntity $$_hibernate_getNextManagedEntity() {
    return scribeNextManaged;
  }

  @Override
  public final void $$_hibernate_setNextManagedEntity(ManagedEntity next) {
    this.scribeNextManaged = next;
  }

  @Override
  public final void $$_hibernate_setUseTracker(boolean useTracker) {
    this.scribeUseTracker = useTracker;
  }

  @Override
  public final boolean $$_hibernate_useTracker() {
    return scribeUseTracker;
  }
}
