package dev.scribe.entity.internal;

import dev.scribe.entity.Guarded;
import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.time.LocalDate;

/** An entity with one attribute of each kind the binding and the params check treat apart. */
@Entity
public class Invoice extends ScribeEntity {
  enum Status { DRAFT, SENT, PAID }

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @Version
  Long version;

  @NotBlank
  @Column(length = 12)
  String number;

  @Column(precision = 7, scale = 2)
  BigDecimal amount;

  @Min(1)
  int copies = 1;

  LocalDate due;

  Status status = Status.DRAFT;

  boolean paid;

  @Guarded
  String approvedBy;

  String note = "none";
}
