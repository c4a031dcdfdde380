package dev.scribe.core;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code keySet()}, {@code values()} and {@code entrySet()} of {@link EventArgs}: live views that change the
 * args the way {@code remove} and {@code put} do. Removing through them (an iterator's {@code remove},
 * {@code remove}, {@code removeIf}, {@code removeAll}, {@code retainAll}, {@code clear}) removes the keys, and an
 * entry's {@code setValue} is a {@code put}; an identity key is refused with the {@link ReadOnlyArgumentException}
 * of {@code remove} or {@code put}, and a bulk removal that would take one is refused as a whole, before any change.
 * Adding through a view is not supported, as for any map: {@code put} the key.
 */
final class ArgsViews {
  private ArgsViews() {}

  static Set<String> keys(ArgsMap args) {
    return new Keys(args);
  }

  static Collection<Object> values(ArgsMap args) {
    return new View<>(args, Entry::getValue);
  }

  static Set<Entry<String, Object>> entries(ArgsMap args) {
    return new Entries(args);
  }

  /** A view whose elements are {@code element} of each entry, in the args' order. */
  private static class View<E> extends AbstractCollection<E> {
    final ArgsMap args;
    private final Function<Entry<String, Object>, E> element;

    View(ArgsMap args, Function<Entry<String, Object>, E> element) {
      this.args = args;
      this.element = element;
    }

    @Override
    public Iterator<E> iterator() {
      Iterator<Entry<String, Object>> entries = args.values.iterator(args);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return entries.hasNext();
        }

        @Override
        public E next() {
          return element.apply(entries.next());
        }

        @Override
        public void remove() {
          entries.remove();
        }
      };
    }

    @Override
    public int size() {
      return args.size();
    }

    @Override
    public void clear() {
      args.clear();
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
      Objects.requireNonNull(filter, "removeIf(filter) needs a filter");
      return removeWhere(filter);
    }

    @Override
    public boolean removeAll(Collection<?> elements) {
      return removeWhere(elements::contains);
    }

    @Override
    public boolean retainAll(Collection<?> elements) {
      return removeWhere(e -> !elements.contains(e));
    }

    /** Removes the keys whose element matches; when one is an identity key, none is removed. */
    private boolean removeWhere(Predicate<? super E> filter) {
      List<String> keys = new ArrayList<>();
      for (Iterator<Entry<String, Object>> entries = args.values.iterator(args); entries.hasNext(); ) {
        Entry<String, Object> entry = entries.next();
        if (filter.test(element.apply(entry))) {
          keys.add(entry.getKey());
        }
      }
      for (String key : keys) {
        if (EventArgs.isIdentityKey(key)) {
          throw new ReadOnlyArgumentException(key, "remove");
        }
      }
      for (String key : keys) {
        args.remove(key);
      }
      return !keys.isEmpty();
    }
  }

  /** A view that is a set: equal to any set with the same elements. */
  private static class SetView<E> extends View<E> implements Set<E> {
    SetView(ArgsMap args, Function<Entry<String, Object>, E> element) {
      super(args, element);
    }

    @Override
    public boolean equals(Object o) {
      return o == this || (o instanceof Set<?> set && set.size() == size() && containsAll(set));
    }

    @Override
    public int hashCode() {
      int hash = 0;
      for (E element : this) {
        hash += Objects.hashCode(element);
      }
      return hash;
    }
  }

  private static final class Keys extends SetView<String> {
    Keys(ArgsMap args) {
      super(args, Entry::getKey);
    }

    @Override
    public boolean contains(Object key) {
      return args.containsKey(key);
    }

    @Override
    public boolean remove(Object key) {
      if (!args.containsKey(key)) {
        return false;
      }
      args.remove(key);
      return true;
    }
  }

  private static final class Entries extends SetView<Entry<String, Object>> {
    Entries(ArgsMap args) {
      super(args, entry -> entry);
    }

    @Override
    public boolean contains(Object o) {
      return o instanceof Map.Entry<?, ?> entry && args.containsKey(entry.getKey())
          && Objects.equals(args.get(entry.getKey()), entry.getValue());
    }

    @Override
    public boolean remove(Object o) {
      if (!contains(o)) {
        return false;
      }
      args.remove(((Map.Entry<?, ?>) o).getKey());
      return true;
    }
  }
}
