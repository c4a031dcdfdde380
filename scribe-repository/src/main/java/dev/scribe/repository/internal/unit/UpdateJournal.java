package dev.scribe.repository.internal.unit;

import java.util.function.Supplier;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;

/**
 * Tells the unit of work's {@link FlushPoints} which rows Hibernate updates at a guarded flush, so that a
 * refused group can be written again one row at a time and the refused row named. The state arrays are
 * kept, not copied: an entity-tier {@code preUpdate} handler's changes are copied into them afterwards.
 */
public final class UpdateJournal implements PreUpdateEventListener {
  private static final long serialVersionUID = 1L;

  private final transient Supplier<UnitState> units;

  private UpdateJournal(Supplier<UnitState> units) {
    this.units = units;
  }

  public static void install(SessionFactoryImplementor factory, Supplier<UnitState> units) {
    factory.getServiceRegistry().requireService(EventListenerRegistry.class)
        .appendListeners(EventType.PRE_UPDATE, new UpdateJournal(units));
  }

  @Override
  public boolean onPreUpdate(PreUpdateEvent event) {
    UnitState unit = units.get();
    if (unit != null && unit.session() == event.getSession()) {
      unit.flushPoints().updating(event.getEntity(), event.getId(), event.getState(), event.getOldState(),
          event.getPersister());
    }
    return false;
  }
}
