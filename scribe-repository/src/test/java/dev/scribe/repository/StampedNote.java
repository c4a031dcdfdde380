package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

/**
 * A plain entity with JPA {@code @PrePersist} and {@code @PreUpdate} callbacks, which stamp each create and update they
 * see, and a {@code @PostLoad} one, which counts its loads.
 */
@Entity
public class StampedNote extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @Version
  Long version;

  String title;

  int updates;

  int creates;

  /** How many times Hibernate (or the unit, for a bulk write's page) loaded this instance: not a column. */
  @Transient
  int loads;

  @PrePersist
  void stampCreate() {
    creates++;
  }

  @PreUpdate
  void stamp() {
    updates++;
  }

  @PostLoad
  void countLoad() {
    loads++;
  }
}
