/**
 * The entity tier: {@link dev.scribe.entity.ScribeEntity}, the base of user entities whose classes own
 * an {@link dev.scribe.entity.EntityTier} event manager; {@link dev.scribe.entity.EntityModel}, the
 * read-only description of an entity built from the JPA metamodel (attributes, conversion of raw values,
 * entity to map); {@link dev.scribe.entity.Guarded} for attributes params may never set.
 * The params-to-entity mapping and the Hibernate event integration live in
 * {@code dev.scribe.entity.internal}.
 */
package dev.scribe.entity;
