package dev.scribe.controller.cascade;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A document of a {@link Folder}, with files attached. */
@Entity
@Table(name = "cascade_documents")
public class Document extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  public String title;

  @ManyToOne
  public Folder folder;

  public Document() {}
}
