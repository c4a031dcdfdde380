package dev.scribe.controller.internal.action;

import com.fasterxml.jackson.core.TreeNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.stream.BaseStream;

/**
 * A stream, an iterator or an iterable a custom action answers, as the list of what it yields, so that it is
 * answered as a list is: records of the controller's entity as {@code {"items": [...]}}, anything else as an array
 * with its records rendered. It is read whole inside the action's unit of work (a repository's stream reads its
 * rows, lazy associations still load) and a stream is closed once read, releasing its cursor. Left to Jackson, a
 * stream was a 500 and an iterator's records were written with every field.
 */
final class AnsweredSequence {
  private AnsweredSequence() {}

  /**
   * The elements of {@code answered} as a list when it is a stream (also {@code IntStream} and the like), an
   * iterator or an iterable that is no collection; anything else as it is. A JSON tree and a file path, iterable
   * as they are, are values of their own.
   */
  static Object listed(Object answered) {
    if (answered instanceof BaseStream<?, ?> stream) {
      try (stream) {
        return drained(stream.iterator());
      }
    }
    if (answered instanceof Iterator<?> iterator) {
      return drained(iterator);
    }
    if (answered instanceof Iterable<?> iterable && !(answered instanceof Collection)
        && !(answered instanceof TreeNode) && !(answered instanceof Path)) {
      return drained(iterable.iterator());
    }
    return answered;
  }

  private static List<Object> drained(Iterator<?> iterator) {
    List<Object> elements = new ArrayList<>();
    iterator.forEachRemaining(elements::add);
    return elements;
  }
}
