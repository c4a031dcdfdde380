package dev.scribe.controller.labels;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

/** A label whose id is text: the {@code name} it was created with, which may hold any character. */
@Entity
@Table(name = "lbl_labels")
public class Label extends ScribeEntity {
  @Id
  public String code;

  public String name;

  public Label() {}

  @PrePersist
  void codeFromName() {
    if (code == null) {
      code = name;
    }
  }
}
