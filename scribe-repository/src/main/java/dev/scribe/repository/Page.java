package dev.scribe.repository;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param <E> the entity type
 */
public final class Page<E> {
  private final List<E> items;
  private final int page;
  private final int size;
  private final long total;

  Page(List<E> items, int page, int size, long total) {
    this.items = List.copyOf(items);
    this.page = page;
    this.size = size;
    this.total = total;
  }

  /** The records of this page. */
  public List<E> items() {
    return items;
  }

  /** The page number, 1-based. */
  public int page() {
    return page;
  }

  /** The page size asked for. */
  public int size() {
    return size;
  }

  /** How many records match the filters, over all pages. */
  public long total() {
    return total;
  }

  @Override
  public String toString() {
    return "Page[" + page + "/" + size + " of " + total + ": " + items + "]";
  }
}
