package dev.scribe.bench.repository;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The entity both sides of the repository benchmark insert: a sequence id (pooled, JDBC-batchable) and five columns. */
@Entity
public class BenchTask extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  Long id;

  String title;

  Integer priority;

  LocalDate dueDate;

  BigDecimal budget;

  boolean done;

  public BenchTask() {}

  public void setTitle(String title) {
    this.title = title;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public void setDueDate(LocalDate dueDate) {
    this.dueDate = dueDate;
  }

  public void setBudget(BigDecimal budget) {
    this.budget = budget;
  }

  public void setDone(boolean done) {
    this.done = done;
  }

  public Long getId() {
    return id;
  }
}
