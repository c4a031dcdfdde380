package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;

/** A plain entity with a JPA {@code @PreUpdate} callback, which stamps each update it sees. */
@Entity
public class StampedNote extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @Version
  Long version;

  String title;

  int updates;

  @PreUpdate
  void stamp() {
    updates++;
  }
}
