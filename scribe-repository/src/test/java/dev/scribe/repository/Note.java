package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.LocalDate;

/**
 * An entity of a plain type — one table, basic columns only, a version — whose updates at a batch's flush
 * points are sent by the unit of work's own JDBC batches rather than by Hibernate's update action.
 */
@Entity
public class Note extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @Version
  Long version;

  String title;

  Integer priority;

  LocalDate dueDate;

  boolean done;

  @Column(updatable = false)
  String createdBy;

  public Long getId() {
    return id;
  }

  public Long getVersion() {
    return version;
  }

  public String getTitle() {
    return title;
  }
}
