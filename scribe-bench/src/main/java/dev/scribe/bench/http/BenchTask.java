package dev.scribe.bench.http;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The record both sides of the HTTP benchmark insert. */
@Entity
@Table(name = "bench_tasks")
public class BenchTask extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  @Version
  public Long version;

  public String title;

  public Integer priority;

  public boolean done;

  public BenchTask() {}
}
