package dev.scribe.controller.conflicts;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A member with a unique e-mail address and a required, short name. No Bean Validation constraints:
 * the database is the only one to refuse, so the tests see its errors.
 */
@Entity
@Table(name = "c_members")
public class Member extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  @Version
  public Long version;

  @Column(unique = true, length = 80)
  public String email;

  @Column(nullable = false, length = 20)
  public String name;

  public int visits;

  public Member() {}
}
