package dev.scribe.testing;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/** The entity of the module's own tests. */
@Entity
public class Note extends ScribeEntity {
  @Id @GeneratedValue Long id;
  String title;
  boolean pinned;
  @Version long version;
}
