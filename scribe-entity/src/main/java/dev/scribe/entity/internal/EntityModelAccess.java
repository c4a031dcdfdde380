package dev.scribe.entity.internal;

import org.hibernate.proxy.HibernateProxy;

/** Helpers over entity instances shared by the internal classes. */
final class EntityModelAccess {
  private EntityModelAccess() {}

  /** The real object behind a Hibernate proxy, or the object itself. */
  static Object unproxy(Object entity) {
    if (entity instanceof HibernateProxy) {
      return ((HibernateProxy) entity).getHibernateLazyInitializer().getImplementation();
    }
    return entity;
  }
}
