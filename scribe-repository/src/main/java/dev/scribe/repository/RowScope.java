package dev.scribe.repository;

import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.repository.internal.read.LikePatterns;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The rows a caller may see and touch: criteria that {@value RepositoryTier#SCOPE_QUERY_NAME} handlers add
 * and that the repository adds to every read and every lookup an update or delete makes (list, count,
 * get, find, the records of a batch and the parents of nested resources). A row outside the scope is
 * absent: a lookup answers "not found", a list and a count skip it, so its existence does not leak.
 *
 * <p>Handlers find it in the args under {@value #ARGS_KEY}; the caller is under {@code user}. One scope
 * belongs to one read or lookup on one thread.
 *
 * <pre>{@code
 * void scopeQuery(EventArgs args) {
 *   User user = User.from(args);
 *   if (user != null && user.hasRole("admin")) {
 *     return;                                                  // admins see every row
 *   }
 *   RowScope.of(args).where("ownerId", Operator.EQ, user == null ? null : user.id());
 * }
 * }</pre>
 */
public final class RowScope {
  /** The args key of the scope during {@code scopeQuery}. */
  public static final String ARGS_KEY = "scope";

  private final List<Restriction> restrictions = new ArrayList<>();
  /**
   * What each restriction was built from: the attribute, operator and value of a {@code where}, or the
   * restriction itself (equal only to itself) — so that two scopes built alike can be told equal.
   */
  private final List<Object> keys = new ArrayList<>();
  private boolean nothing;

  RowScope() {}

  /**
   * The scope being built in a {@code scopeQuery} handler's args; a {@link UsageException} for null args or
   * the args of another event.
   */
  public static RowScope of(EventArgs args) {
    if (args == null) {
      throw new UsageException("RowScope.of(null): pass the args of the scopeQuery handler, RowScope.of(args)");
    }
    Object scope = args.get(ARGS_KEY);
    if (!(scope instanceof RowScope)) {
      throw new UsageException("there is no row scope in the args of " + args.path()
          + "; RowScope.of(args) works in scopeQuery handlers only");
    }
    return (RowScope) scope;
  }

  /**
   * Keeps the rows whose {@code attribute} compares to {@code value}; a dotted path follows to-one
   * associations ({@code task.ownerId}); a null value with EQ / NE means IS NULL / IS NOT NULL. The value
   * is converted to the attribute's type. For {@link Operator#IN} the value is a collection or an array (empty: no
   * row) or one value. The attribute need not be visible to clients. A null attribute or operator, a null with another
   * operator than EQ and NE, and a null in an in-list (SQL's {@code in (null)} matches nothing) are a
   * {@link UsageException} here, in the handler that passed it. A {@link Operator#LIKE} pattern reads as a
   * filter's on every database: a backslash before {@code %}, {@code _} or itself stands for that character
   * (build one from outside text with {@link #likeLiteral}); a backslash before anything else is a
   * {@link UsageException}.
   */
  public RowScope where(String attribute, Operator operator, Object value) {
    if (attribute == null) {
      throw new UsageException("RowScope.where(null, " + operator + ", " + value + "): name the attribute to scope"
          + " by, e.g. where(\"ownerId\", Operator.EQ, user.id())");
    }
    if (operator == null) {
      throw new UsageException("RowScope.where(\"" + attribute + "\", null, " + value + "): pass one of "
          + java.util.Arrays.toString(Operator.values()) + ", e.g. where(\"" + attribute + "\", Operator.EQ, value)");
    }
    Object given = Filter.inValues(operator, value); // an array's values, as a list
    checkValue(attribute, operator, given);
    restrictions.add((cb, root, model) -> predicate(cb, root, model, attribute, operator, given));
    keys.add(java.util.Arrays.asList(attribute, operator, given));
    return this;
  }

  /**
   * Refuses, in the handler that passed them, the values SQL would silently answer with no row: a null compared
   * with {@code <}, {@code >} or {@code like} (the condition is unknown for every row), and a null in an in-list
   * ({@code in (null)} never matches, not even a null column).
   */
  private static void checkValue(String attribute, Operator operator, Object value) {
    String call = "RowScope.where(\"" + attribute + "\", Operator." + operator + ", ";
    if (operator == Operator.IN) {
      if (value == null || value instanceof Collection && ((Collection<?>) value).stream().anyMatch(v -> v == null)) {
        throw new UsageException(call + value + "): an in-list " + (value == null ? "is null" : "holds null")
            + ", and SQL's in (null) matches no row, not even one whose " + attribute + " is null; pass the values"
            + " without null, and keep the rows without " + attribute + " with a where(...) of their own,"
            + " where(\"" + attribute + "\", Operator.EQ, null) meaning IS NULL");
      }
    } else if (value == null && operator != Operator.EQ && operator != Operator.NE) {
      throw new UsageException(call + "null): " + operator + " with null matches no row; only EQ and NE take null"
          + " (IS NULL, IS NOT NULL)");
    } else if (operator == Operator.LIKE) {
      String misplaced = LikePatterns.misplacedEscape(String.valueOf(value));
      if (misplaced != null) {
        throw new UsageException(call + "\"" + value + "\"): the pattern has a backslash " + misplaced + "; in a like"
            + " pattern % is any text and _ any one character, and a backslash is written only before one of them or"
            + " another backslash, for that character itself; put text from elsewhere (a user's name, a team) into"
            + " a pattern as RowScope.likeLiteral(text), which escapes them");
      }
    }
  }

  /**
   * {@code text} as a like pattern that matches only itself, to build a scope's pattern from text it does not
   * control: {@code where("path", Operator.LIKE, RowScope.likeLiteral(team) + "/%")}. Unescaped, a team named
   * {@code a_b} would let the rows of team {@code axb} in. A null text is a {@link UsageException}.
   */
  public static String likeLiteral(String text) {
    if (text == null) {
      throw new UsageException("RowScope.likeLiteral(null): pass the text the pattern should match as it is; scope"
          + " rows without a value with where(attribute, Operator.EQ, null)");
    }
    return LikePatterns.literal(text);
  }

  /**
   * Keeps the rows for which {@code restriction} holds: any Criteria predicate over the root. A null
   * restriction is a {@link UsageException}.
   */
  public RowScope where(Restriction restriction) {
    if (restriction == null) {
      throw new UsageException("RowScope.where(null): pass the restriction, e.g. where((cb, root, model) ->"
          + " cb.isNotNull(root.get(\"ownerId\"))), or nothing() to hide every row");
    }
    restrictions.add(restriction);
    keys.add(restriction);
    return this;
  }

  /** Keeps no row at all: every read is empty and every lookup not found. */
  public RowScope nothing() {
    nothing = true;
    return this;
  }

  /** True when no handler restricted anything. */
  public boolean isUnrestricted() {
    return !nothing && restrictions.isEmpty();
  }

  /**
   * True when {@code other} keeps the same rows because it was built with the same calls: the same
   * attributes, operators and (equal) values, the same {@link Restriction} objects, in the same order.
   */
  boolean sameAs(RowScope other) {
    return other != null && nothing == other.nothing && keys.equals(other.keys);
  }

  List<Predicate> predicates(CriteriaBuilder cb, Root<?> root, EntityModel<?> model) {
    List<Predicate> predicates = new ArrayList<>();
    if (nothing) {
      predicates.add(cb.disjunction());
    }
    for (Restriction restriction : restrictions) {
      predicates.add(restriction.toPredicate(cb, root, model));
    }
    return predicates;
  }

  /** One criterion of a scope, as a Criteria API predicate. */
  @FunctionalInterface
  public interface Restriction {
    /** The predicate over {@code root}, an entity of {@code model}'s type. */
    Predicate toPredicate(CriteriaBuilder cb, Root<?> root, EntityModel<?> model);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Predicate predicate(CriteriaBuilder cb, Root<?> root, EntityModel<?> model, String dotted,
      Operator operator, Object raw) {
    Path<?> path = root;
    EntityModel<?> current = model;
    EntityAttribute attribute = null;
    String[] names = dotted.split("\\.");
    for (int i = 0; i < names.length; i++) {
      attribute = current.attributeOrNull(names[i]);
      if (attribute == null || attribute.kind() == AttributeKind.TO_MANY
          || (i < names.length - 1 && attribute.kind() != AttributeKind.TO_ONE)) {
        throw new UsageException("a row scope on " + model.displayName() + " names '" + dotted
            + "', but " + current.displayName() + " has no " + (i < names.length - 1 ? "to-one" : "basic or to-one")
            + " attribute '" + names[i] + "'");
      }
      path = path.get(names[i]);
      if (i < names.length - 1) {
        current = current.modelOf(attribute);
      }
    }
    EntityModel<?> owner = current;
    if (attribute.kind() == AttributeKind.TO_ONE) {
      EntityModel<?> target = owner.modelOf(attribute);
      path = path.get(target.id().name());
      owner = target;
      attribute = target.id();
    }
    Path p = path;
    if (operator == Operator.LIKE && attribute.javaType() != String.class) {
      // else Hibernate's SemanticException when the query is built, naming neither the scope nor the handler
      throw new UsageException("a row scope compares " + owner.displayName() + "." + attribute.name() + " with"
          + " Operator.LIKE, which matches text, but " + attribute.name() + " is " + article(attribute.javaType())
          + " " + attribute.javaType().getSimpleName() + "; compare it with EQ, IN or a range (GT, LT, ...)");
    }
    if (operator == Operator.IN) {
      List<Object> values = new ArrayList<>();
      for (Object element : raw instanceof Collection ? (Collection<?>) raw : List.of(raw)) {
        // the handler's value, not the client's: a UsageException as for the other operators, not a 400 Veto
        values.add(convert(owner, attribute, element));
      }
      return values.isEmpty() ? cb.disjunction() : p.in(values);
    }
    Object value = raw == null ? null : convert(owner, attribute, raw);
    switch (operator) {
      case EQ:
        return value == null ? cb.isNull(p) : cb.equal(p, value);
      case NE:
        return value == null ? cb.isNotNull(p) : cb.notEqual(p, value);
      case GT:
        return cb.greaterThan(p, (Comparable) value);
      case GTE:
        return cb.greaterThanOrEqualTo(p, (Comparable) value);
      case LT:
        return cb.lessThan(p, (Comparable) value);
      case LTE:
        return cb.lessThanOrEqualTo(p, (Comparable) value);
      case LIKE:
        // the escape character named, as for a filter: H2 and PostgreSQL read a backslash alike
        return cb.like(p, String.valueOf(value), LikePatterns.ESCAPE);
      default:
        throw new AssertionError(operator);
    }
  }

  private static String article(Class<?> type) {
    return "AEIOU".indexOf(type.getSimpleName().charAt(0)) >= 0 ? "an" : "a";
  }

  private static Object convert(EntityModel<?> model, EntityAttribute attribute, Object raw) {
    try {
      return model.convert(attribute.name(), raw);
    } catch (Veto invalid) {
      throw new UsageException("a row scope compares " + model.displayName() + "." + attribute.name()
          + " with '" + raw + "', which is not " + ValueConverter.expected(attribute.javaType()), invalid);
    }
  }
}
