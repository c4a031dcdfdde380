package dev.scribe.docs;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.validation.constraints.NotBlank;

/** A subtask of a {@link Task} in the guides' examples. */
@Entity
public class Subtask extends ScribeEntity {
  @Id @GeneratedValue(strategy = GenerationType.SEQUENCE) Long id;
  @NotBlank String title;
  boolean done;
  @ManyToOne Task task;
}
