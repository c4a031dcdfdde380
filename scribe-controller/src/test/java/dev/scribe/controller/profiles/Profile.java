package dev.scribe.controller.profiles;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's profile: its {@code settings} and {@code widgets} are JSON values of one column each. */
@Entity
@Table(name = "prf_profiles")
public class Profile extends ScribeEntity {
  @Id
  @GeneratedValue
  public Long id;

  public String name;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> settings;

  @JdbcTypeCode(SqlTypes.JSON)
  public List<Object> widgets;

  public Profile() {}
}
