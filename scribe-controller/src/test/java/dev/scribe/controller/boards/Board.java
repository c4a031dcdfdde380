package dev.scribe.controller.boards;

import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** A board everyone may read unless it is archived; its cards are scoped on their own, by author. */
@Entity
@Table(name = "emb_boards")
public class Board extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  public String title;

  public boolean archived;

  public String budget;

  @OneToMany(mappedBy = "board")
  @OrderBy("id")
  public List<Card> cards = new ArrayList<>();

  public Board() {}
}
