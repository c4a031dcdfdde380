package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/** A line of a {@link Receipt}, without a repository: bound by its receipt's params, with a column set once. */
@Entity
public class ReceiptLine extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @ManyToOne
  Receipt receipt;

  String note;

  @Column(updatable = false)
  String sku;

  @Column(insertable = false)
  String checkedBy;

  public Long getId() {
    return id;
  }
}
