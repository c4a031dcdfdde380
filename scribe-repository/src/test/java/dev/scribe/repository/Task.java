package dev.scribe.repository;

import dev.scribe.entity.Guarded;
import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A task: basic attributes of every supported type, a guarded field, an owner and cascaded subtasks. */
@Entity
public class Task extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  @Version
  Long version;

  @NotBlank
  @Size(max = 40)
  String title;

  @Enumerated(EnumType.STRING)
  Status status = Status.OPEN;

  @Min(1)
  @Max(5)
  Integer priority;

  LocalDate dueDate;

  BigDecimal budget;

  Instant remindAt;

  boolean starred;

  @Guarded
  String createdBy;

  @ManyToOne
  Person owner;

  @OneToMany(mappedBy = "task", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("id")
  List<Subtask> subtasks = new ArrayList<>();

  public Long getId() {
    return id;
  }

  public Long getVersion() {
    return version;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public Status getStatus() {
    return status;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public LocalDate getDueDate() {
    return dueDate;
  }

  public BigDecimal getBudget() {
    return budget;
  }

  public Instant getRemindAt() {
    return remindAt;
  }

  public boolean isStarred() {
    return starred;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public void setCreatedBy(String createdBy) {
    this.createdBy = createdBy;
  }

  public Person getOwner() {
    return owner;
  }

  public List<Subtask> getSubtasks() {
    return subtasks;
  }
}
