package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.hibernate.annotations.NaturalId;

/** An entity with an immutable natural id, which Hibernate refuses to change once the record is stored. */
@Entity
public class Badge extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @NaturalId
  String code;

  String label;

  public Long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }
}
