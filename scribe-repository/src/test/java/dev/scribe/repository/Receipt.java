package dev.scribe.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An entity whose columns are written by one kind of write only: some set when the record is created and never
 * updated, one never inserted (the database's default) that only an update sets.
 */
@Entity
public class Receipt extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  String title;

  @Column(updatable = false)
  String createdBy;

  @Column(updatable = false, precision = 10, scale = 2)
  BigDecimal amount;

  @ManyToOne
  @JoinColumn(updatable = false)
  Ledger ledger;

  @Column(insertable = false)
  String approvedBy;

  @OneToMany(mappedBy = "receipt", cascade = CascadeType.ALL)
  List<ReceiptLine> lines = new ArrayList<>();

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public BigDecimal getAmount() {
    return amount;
  }

  public Ledger getLedger() {
    return ledger;
  }

  public String getApprovedBy() {
    return approvedBy;
  }

  public List<ReceiptLine> getLines() {
    return lines;
  }
}
