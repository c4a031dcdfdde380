package dev.scribe.docs;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.validation.constraints.NotBlank;

// tag::readme-entity[]
@Entity
public class Note extends ScribeEntity {
  @Id @GeneratedValue Long id;
  @NotBlank String title;
  boolean pinned;
}
// end::readme-entity[]
