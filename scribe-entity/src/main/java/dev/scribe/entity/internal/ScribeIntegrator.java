package dev.scribe.entity.internal;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Registers an {@link EntityEventBridge} with Hibernate's event system, and runs the post events the
 * statements of a flush raised once the flush has sent them. Apply it to the
 * {@code BootstrapServiceRegistryBuilder} of the one session factory it serves:
 *
 * <pre>{@code
 * EntityEventBridge bridge = new EntityEventBridge();
 * BootstrapServiceRegistry bootstrap = new BootstrapServiceRegistryBuilder()
 *     .applyIntegrator(new ScribeIntegrator(bridge)).build();
 * }</pre>
 */
public final class ScribeIntegrator implements Integrator {
  private final EntityEventBridge bridge;

  public ScribeIntegrator(EntityEventBridge bridge) {
    this.bridge = bridge;
  }

  @Override
  public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
    EventListenerRegistry registry = sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class);
    registry.prependListeners(EventType.PERSIST, bridge);
    registry.prependListeners(EventType.PERSIST_ONFLUSH, bridge);
    registry.appendListeners(EventType.PRE_INSERT, bridge);
    registry.appendListeners(EventType.POST_INSERT, bridge);
    registry.appendListeners(EventType.PRE_UPDATE, bridge);
    registry.appendListeners(EventType.POST_UPDATE, bridge);
    registry.appendListeners(EventType.PRE_DELETE, bridge);
    registry.appendListeners(EventType.POST_DELETE, bridge);
    PendingBatchFlusher afterFlush = new PendingBatchFlusher(bridge);
    registry.appendListeners(EventType.FLUSH, afterFlush);
    registry.appendListeners(EventType.AUTO_FLUSH, afterFlush);
  }

  @Override
  public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    // the listeners go away with the session factory
  }
}
