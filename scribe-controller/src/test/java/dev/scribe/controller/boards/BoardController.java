package dev.scribe.controller.boards;

import dev.scribe.controller.ActionScope;
import dev.scribe.controller.Controller;
import dev.scribe.core.EventArgs;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.Query;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Boards, with a custom action {@code POST /boards/cardReads} whose handler reads cards itself in every way
 * a handler can: list, count, find, forEach, and a Criteria query of its own with the cards' row scope.
 */
public class BoardController extends Controller<Board, Long> {
  private final CardRepository cards;

  public BoardController(BoardRepository boards, CardRepository cards) {
    super(boards);
    this.cards = cards;
    action("cardReads", ActionScope.COLLECTION, this::cardReads);
  }

  private Object cardReads(EventArgs args) {
    Map<String, Object> reads = new LinkedHashMap<>();
    List<String> listed = new ArrayList<>();
    cards.list(new Query().size(100), CallOptions.none()).items().forEach(card -> listed.add(card.text));
    reads.put("list", listed);
    reads.put("count", cards.count(new Query(), CallOptions.none()));
    Object wanted = args.params().get("find");
    reads.put("find", wanted == null ? null : cards.find(((Number) wanted).longValue()).map(card -> card.text).orElse(null));
    List<String> visited = new ArrayList<>();
    cards.forEach(new Query(), CallOptions.none(), card -> visited.add(card.text));
    reads.put("forEach", visited);
    // tag::scope-predicate[]
    EntityManager entityManager = cards.store().currentUnitOfWork().orElseThrow().entityManager();
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<String> query = cb.createQuery(String.class);
    Root<Card> card = query.from(Card.class);
    query.select(card.get("text"))
        .where(cards.scopePredicate(cb, card))           // the caller's scope; cb.conjunction() when unrestricted
        .orderBy(cb.asc(card.get("id")));
    // end::scope-predicate[]
    reads.put("criteria", entityManager.createQuery(query).getResultList());
    return reads;
  }
}
