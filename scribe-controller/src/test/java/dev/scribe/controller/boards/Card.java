package dev.scribe.controller.boards;

import dev.scribe.entity.Guarded;
import dev.scribe.entity.ScribeEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A card on a board; it belongs to whoever wrote it ({@code authorId}, set by a handler only). */
@Entity
@Table(name = "emb_cards")
public class Card extends ScribeEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  public Long id;

  public String text;

  public Integer cost;

  @Guarded
  public String authorId;

  @ManyToOne(fetch = FetchType.LAZY)
  public Board board;

  public Card() {}
}
