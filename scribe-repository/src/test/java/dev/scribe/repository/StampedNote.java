package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;

/** A plain entity with JPA {@code @PrePersist} and {@code @PreUpdate} callbacks, which stamp each create and update they see. */
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

  @PrePersist
  void stampCreate() {
    creates++;
  }

  @PreUpdate
  void stamp() {
    updates++;
  }
}
