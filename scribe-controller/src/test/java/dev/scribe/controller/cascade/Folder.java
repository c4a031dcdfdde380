package dev.scribe.controller.cascade;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** A folder whose documents go with it: deleted by cascade, and as orphans when taken out of the list. */
@Entity
@Table(name = "cascade_folders")
public class Folder extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  public String name;

  @OneToMany(mappedBy = "folder", cascade = CascadeType.ALL, orphanRemoval = true)
  public List<Document> documents = new ArrayList<>();

  public Folder() {}
}
