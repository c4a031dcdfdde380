package dev.scribe.demo.tasks;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A step of a task, served under {@code /tasks/{id}/subtasks}. */
@Entity
@Table(name = "subtasks")
public class Subtask extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @NotBlank
  @Size(max = 200)
  @Column(length = 200, nullable = false)
  String title;

  boolean completed;

  @NotNull
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  Task task;

  public Long getId() {
    return id;
  }

  public boolean isCompleted() {
    return completed;
  }
}
