/**
 * Internal and unsupported: public-but-internal types of the entity tier, used by the repository tier: binding params into
 * entities ({@link dev.scribe.entity.internal.EntityBinder}), checking them before binding
 * ({@link dev.scribe.entity.internal.ParamsCheck}), value conversion, and the bridge from Hibernate's
 * event system to entity events ({@link dev.scribe.entity.internal.ScribeIntegrator}). Not an API for
 * applications, and it may change without notice.
 */
package dev.scribe.entity.internal;
