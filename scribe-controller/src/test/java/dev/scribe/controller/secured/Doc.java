package dev.scribe.controller.secured;

import dev.scribe.entity.Guarded;
import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.List;

/** A document that belongs to the user who created it ({@code ownerId}, set by a handler only). */
@Entity
@Table(name = "sec_docs")
public class Doc extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  @Version
  public Long version;

  @NotBlank
  public String title;

  public Integer priority;

  public String reviewNote;

  @Guarded
  public String ownerId;

  @OneToMany(mappedBy = "doc")
  @OrderBy("id")
  public List<DocNote> notes = new ArrayList<>();

  public Doc() {}
}
