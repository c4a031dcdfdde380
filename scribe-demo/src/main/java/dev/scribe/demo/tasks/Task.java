package dev.scribe.demo.tasks;

import dev.scribe.core.EventArgs;
import dev.scribe.entity.Guarded;
import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A task of the tracker. {@code slug}, {@code updateCount} and {@code createdAt} are set by handlers only. */
@Entity
@Table(name = "tasks", indexes = @Index(name = "tasks_title_key", columnList = "titleKey"))
public class Task extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @NotBlank
  @Size(max = 200)
  @Column(length = 200, nullable = false)
  String title;

  @Column(length = 4000)
  String description;

  @Min(1)
  @Max(5)
  int priority = 3;

  boolean completed;

  boolean archived;

  @Guarded
  @Column(length = 200)
  String slug;

  @Guarded
  int updateCount;

  /**
   * The title as the open-title rule compares it (trimmed, lower case), kept in an indexed column so that the
   * rule's query per record stays a lookup however many tasks there are; hidden like {@code ownerId}.
   */
  @Guarded
  @Column(length = 200)
  String titleKey;

  @Column(length = 4000)
  String internalNotes;

  @Guarded
  Instant createdAt;

  /** The id of the user who created the task, set by {@link TaskRepository#preCreate}; null for anonymous callers. */
  @Guarded
  @Column(length = 36)
  String ownerId;

  @Version
  Long version;

  @OneToMany(mappedBy = "task")
  @OrderBy("id")
  List<Subtask> subtasks = new ArrayList<>();

  /** The creation time is the entity's own business: stamped when it is first persisted, to the microsecond the database keeps. */
  void prePersist(EventArgs args) {
    titleKey = titleKey(title);
    if (createdAt == null) {
      createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
  }

  /** The form in which two titles are the same for the open-title rule ({@link Titles#key}). */
  static String titleKey(String title) {
    return Titles.key(title);
  }

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public boolean isCompleted() {
    return completed;
  }

  public List<Subtask> getSubtasks() {
    return subtasks;
  }

  void countUpdate() {
    updateCount++;
  }
}
