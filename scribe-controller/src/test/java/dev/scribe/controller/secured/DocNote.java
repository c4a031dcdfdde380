package dev.scribe.controller.secured;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A note on a document; it belongs to whoever owns the document. */
@Entity
@Table(name = "sec_notes")
public class DocNote extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  public String text;

  @ManyToOne(fetch = FetchType.LAZY)
  public Doc doc;

  public DocNote() {}
}
