package dev.scribe.bench.bulk;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The record of the bulk-data benchmarks: a sequence id (pooled, JDBC-batchable) and five columns of
 * four types. Exported, imported and bulk-updated by Scribe and by the plain baselines alike.
 */
@Entity
@Table(name = "bulk_tasks")
public class BulkTask extends ScribeEntity {
  /** The columns, in the order of the CSV files and of the plain JDBC statements. */
  public static final String COLUMNS = "title,priority,dueDate,budget,done";

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  public String title;

  public Integer priority;

  public LocalDate dueDate;

  public BigDecimal budget;

  public boolean done;

  public BulkTask() {}
}
