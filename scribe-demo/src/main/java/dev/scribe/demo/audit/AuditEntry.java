package dev.scribe.demo.audit;

import dev.scribe.core.User;
import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One create, update or delete of any record, written in the same transaction by {@link AuditSubscriber}. */
@Entity
@Table(name = "audit")
public class AuditEntry extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @Column(length = 10, nullable = false)
  String action;

  @Column(length = 100, nullable = false)
  String entityType;

  @Column(length = 100, nullable = false)
  String entityId;

  @Column(nullable = false)
  Instant at;

  /** Who made the write: the user's id and name, null for an anonymous caller. */
  @Column(length = 36)
  String userId;

  @Column(length = 64)
  String userName;

  protected AuditEntry() {}

  AuditEntry(String action, String entityType, String entityId, Instant at, User user) {
    this.action = action;
    this.entityType = entityType;
    this.entityId = entityId;
    this.at = at;
    this.userId = user == null ? null : user.id();
    this.userName = user == null ? null : user.name();
  }
}
