package dev.scribe.demo.audit;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A message published after a transaction committed, served read-only under {@code /notifications}. */
@Entity
@Table(name = "notifications")
public class Notification extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @Column(length = 500, nullable = false)
  String message;

  @Column(nullable = false)
  Instant at;

  /** The id of the owner of the task the message is about, who reads it; null for an ownerless task. */
  @Column(length = 36)
  String userId;

  protected Notification() {}

  Notification(String message, Instant at, String userId) {
    this.message = message;
    this.at = at;
    this.userId = userId;
  }
}
