package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.validation.constraints.NotBlank;

/** The owner of tasks. */
@Entity
public class Person extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @NotBlank
  String name;

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }
}
