package dev.scribe.entity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity attribute that params may never set, like the id and the version: a create or an
 * update whose params name it is refused with a 400 veto naming the attribute. Handlers may still set
 * it on the entity ({@code prePersist}, {@code preUpdate}).
 *
 * <pre>{@code
 * @Guarded String createdBy;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Guarded {}
