package dev.scribe.entity;

/** What an entity attribute holds. */
public enum AttributeKind {
  /** A value: a column, an embedded value or an element collection. */
  BASIC,
  /** A reference to one other entity ({@code @ManyToOne}, {@code @OneToOne}). */
  TO_ONE,
  /** A collection of other entities ({@code @OneToMany}, {@code @ManyToMany}). */
  TO_MANY
}
