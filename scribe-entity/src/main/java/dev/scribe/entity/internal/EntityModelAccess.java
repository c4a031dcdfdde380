package dev.scribe.entity.internal;

import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;

/** Helpers over entity instances shared by the internal classes. */
final class EntityModelAccess {
  private EntityModelAccess() {}

  /** The real object behind a Hibernate proxy, or the object itself. */
  static Object unproxy(Object entity) {
    LazyInitializer lazy = HibernateProxy.extractLazyInitializer(entity);
    return lazy == null ? entity : lazy.getImplementation();
  }
}
