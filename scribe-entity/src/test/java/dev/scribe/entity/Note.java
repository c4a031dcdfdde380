package dev.scribe.entity;

import dev.scribe.core.EventArgs;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.util.ArrayList;
import java.util.List;

/** A small entity whose own handler methods are subscribed by convention. */
@Entity
public class Note extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  String text;

  @Guarded
  String stamp;

  transient List<String> seen = new ArrayList<>();

  void prePersist(EventArgs args) {
    stamp = "stamped";
    seen.add("prePersist");
  }

  void postPersist(EventArgs args) {
    seen.add("postPersist " + id);
  }
}
