package dev.scribe.controller.conflicts;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A member's membership of a club: a reference the database checks with a foreign key. */
@Entity
@Table(name = "c_memberships")
public class Membership extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  public String club;

  @ManyToOne(fetch = FetchType.LAZY)
  public Member member;

  public Membership() {}
}
