package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.hibernate.annotations.Formula;

/** An entity with attributes Hibernate never writes: a computed one and a column neither inserted nor updated. */
@Entity
public class Ledger extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  String name;

  Integer amount;

  @Formula("amount * 2")
  Integer doubled;

  @Column(name = "amount", insertable = false, updatable = false)
  Integer amountMirror;

  public Long getId() {
    return id;
  }

  public Integer getDoubled() {
    return doubled;
  }

  public Integer getAmountMirror() {
    return amountMirror;
  }
}
