package dev.scribe.docs;

import dev.scribe.core.EventArgs;
import dev.scribe.core.User;
import dev.scribe.entity.EntityTier;
import dev.scribe.entity.Guarded;
import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The task of the guides' examples. */
// tag::entity-task[]
@Entity
public class Task extends ScribeEntity {
  @Id @GeneratedValue(strategy = GenerationType.SEQUENCE) Long id;
  @Version Long version;
  @NotBlank @Size(max = 40) String title;
  @Min(1) @Max(5) Integer priority;
  LocalDate dueDate;
  boolean completed;
  boolean archived;
  String internalNotes;
  @Guarded String ownerId;                          // never settable from params; handlers may set it
  @Guarded String createdBy;
  @OneToMany(mappedBy = "task", cascade = CascadeType.ALL, orphanRemoval = true) @OrderBy("id")
  List<Subtask> subtasks = new ArrayList<>();

  void preSetField(EventArgs args) {                 // entity tier: self is the instance
    if (EntityTier.fieldName(args).equals("title") && EntityTier.value(args) instanceof String title) {
      EntityTier.value(args, title.strip());         // what is set is the value in the args
    }
  }

  void prePersist(EventArgs args) {                  // for every persisted Task, cascades included
    User user = User.from(args);
    createdBy = user == null ? "anonymous" : user.name();
  }
}
// end::entity-task[]
