package dev.scribe.repository.internal.read;

import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.Filter;
import dev.scribe.repository.Query;
import dev.scribe.repository.RowScope;
import dev.scribe.repository.Sort;
import dev.scribe.repository.internal.ValueAccess;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;

/**
 * Turns a {@link Query} into Criteria API queries with bound parameters only. Filters and sort keys are
 * checked against the entity model: unknown attributes, to-many attributes, values that do not convert
 * and LIKE on non-text attributes are 400 vetoes naming the field, the value and what is allowed.
 */
public final class CriteriaQueries<E> {
  private final EntityModel<E> model;
  private final String resource;

  public CriteriaQueries(EntityModel<E> model, String resource) {
    this.model = model;
    this.resource = resource;
  }

  List<E> list(EntityManager entityManager, Query query) {
    return list(entityManager, query, null);
  }

  List<E> list(EntityManager entityManager, Query query, RowScope scope) {
    return entityManager.createQuery(ordered(entityManager, query, scope))
        .setFirstResult(firstResult(query))
        .setMaxResults(query.size())
        .getResultList();
  }

  /**
   * The number of records the query's page skips: a 400 naming the last page there is when the page starts
   * past what a query can skip (JPA's first result is an {@code int}), instead of an arithmetic overflow.
   */
  public static int firstResult(Query query) {
    long offset = (query.page() - 1L) * query.size();
    if (offset > Integer.MAX_VALUE) {
      long lastPage = Integer.MAX_VALUE / query.size() + 1;
      throw Veto.builder().status(400)
          .message("page " + query.page() + " of size " + query.size() + " starts past the last record a page can"
              + " start at; with size " + query.size() + " ask for page " + lastPage + " at most, or narrow the query"
              + " with filters")
          .field("page", "is at most " + lastPage + " with size " + query.size())
          .build();
    }
    return (int) offset;
  }

  /** The query's records in its sort order (then by id), without paging: what a scroll or a bulk call reads. */
  CriteriaQuery<E> ordered(EntityManager entityManager, Query query, RowScope scope) {
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<E> criteria = cb.createQuery(model.type());
    Root<E> root = criteria.from(model.type());
    criteria.select(root).where(scoped(predicates(cb, root, query), cb, root, scope));
    List<Order> orders = new ArrayList<>();
    boolean byId = false;
    for (Sort sort : query.sort()) {
      EntityAttribute attribute = attribute(sort.attribute(), "sorted");
      byId |= attribute.isId();
      Path<?> path = path(root, attribute);
      orders.add(order(cb, path, attribute, sort.ascending()));
    }
    if (!byId) {
      orders.add(cb.asc(root.get(model.id().name())));
    }
    criteria.orderBy(orders);
    return criteria;
  }

  /**
   * Records without a value first in an ascending sort and last in a descending one, as if null were the
   * smallest value: H2 sorts so by default and PostgreSQL the other way round, so the same page listed other
   * records on each. Ids and primitives are never null and keep the plain order, which an index serves.
   */
  private static Order order(CriteriaBuilder cb, Path<?> path, EntityAttribute attribute, boolean ascending) {
    if (attribute.isId() || attribute.javaType().isPrimitive()) {
      return ascending ? cb.asc(path) : cb.desc(path);
    }
    HibernateCriteriaBuilder hibernate = (HibernateCriteriaBuilder) cb;
    return ascending ? hibernate.asc(path, true) : hibernate.desc(path, false);
  }

  /** The ids of the query's records in id order, at most {@code limit} of them. */
  public List<Object> ids(EntityManager entityManager, Query query, RowScope scope, int limit) {
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<Object> criteria = cb.createQuery(Object.class);
    Root<E> root = criteria.from(model.type());
    Path<Object> id = root.get(model.id().name());
    criteria.select(id).where(scoped(predicates(cb, root, query), cb, root, scope)).orderBy(cb.asc(id));
    return entityManager.createQuery(criteria).setMaxResults(limit).getResultList();
  }

  /**
   * The query's records (inside {@code scope}) with ids from the parameter {@code first} to the parameter
   * {@code last} ({@link #FIRST}, {@link #LAST}), in id order: the pages of a bulk write, each read as one range
   * of the primary key by the same query (translated once) with its own bounds. Null when the id type has no
   * order to range over.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public TypedQuery<E> between(EntityManager entityManager, Query query, RowScope scope) {
    Class<?> idType = model.id().javaType();
    if (!Comparable.class.isAssignableFrom(idType)) {
      return null;
    }
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<E> criteria = cb.createQuery(model.type());
    Root<E> root = criteria.from(model.type());
    Path<Comparable> id = root.get(model.id().name());
    List<Predicate> predicates = new ArrayList<>(List.of(predicates(cb, root, query)));
    predicates.add(cb.greaterThanOrEqualTo(id, cb.parameter((Class<Comparable>) idType, FIRST)));
    predicates.add(cb.lessThanOrEqualTo(id, cb.parameter((Class<Comparable>) idType, LAST)));
    criteria.select(root).where(scoped(predicates.toArray(new Predicate[0]), cb, root, scope)).orderBy(cb.asc(id));
    return entityManager.createQuery(criteria);
  }

  /** The parameters of {@link #between}: the first and the last id of the range. */
  public static final String FIRST = "first";
  public static final String LAST = "last";

  long count(EntityManager entityManager, Query query) {
    return count(entityManager, query, null);
  }

  public long count(EntityManager entityManager, Query query, RowScope scope) {
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<Long> criteria = cb.createQuery(Long.class);
    Root<E> root = criteria.from(model.type());
    criteria.select(cb.count(root)).where(scoped(predicates(cb, root, query), cb, root, scope));
    return entityManager.createQuery(criteria).getSingleResult();
  }

  /** The ids among {@code ids} of records inside {@code scope}. */
  List<Object> idsAmong(EntityManager entityManager, Collection<?> ids, RowScope scope) {
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<Object> criteria = cb.createQuery(Object.class);
    Root<E> root = criteria.from(model.type());
    Path<Object> id = root.get(model.id().name());
    criteria.select(id).where(scoped(new Predicate[] {id.in(ids)}, cb, root, scope));
    return entityManager.createQuery(criteria).getResultList();
  }

  /** The record with that id inside {@code scope}, or null. */
  E find(EntityManager entityManager, Object id, RowScope scope) {
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<E> criteria = cb.createQuery(model.type());
    Root<E> root = criteria.from(model.type());
    Predicate[] byId = {cb.equal(root.get(model.id().name()), id)};
    criteria.select(root).where(scoped(byId, cb, root, scope));
    List<E> found = entityManager.createQuery(criteria).setMaxResults(1).getResultList();
    return found.isEmpty() ? null : found.get(0);
  }

  private Predicate[] scoped(Predicate[] predicates, CriteriaBuilder cb, Root<E> root, RowScope scope) {
    List<Predicate> all = new ArrayList<>(List.of(predicates));
    if (scope != null && !scope.isUnrestricted()) {
      all.addAll(ValueAccess.predicates(scope, cb, root, model));
    }
    if (all.size() < 2) {
      return all.toArray(new Predicate[0]);
    }
    // one conjunction of them all: where(a, b, c, ...) nests each in the one before, and Hibernate walks that
    // tree recursively, so a find body of a thousand filters ended in a StackOverflowError (a 500)
    return new Predicate[] {cb.and(all.toArray(new Predicate[0]))};
  }

  private Predicate[] predicates(CriteriaBuilder cb, Root<E> root, Query query) {
    if (query.filters().size() > MAX_FILTERS) {
      Filter first = query.filters().get(0);
      throw bad(first.attribute(), "the query has " + query.filters().size() + " filters; one query takes at most "
          + MAX_FILTERS + ": narrow the query, or list the values of one attribute in one in filter"
          + " (" + first.attribute() + "[in]=a,b,c)");
    }
    List<Predicate> predicates = new ArrayList<>();
    int[] listed = {0};
    for (Filter filter : query.filters()) {
      predicates.add(predicate(cb, root, filter, listed));
    }
    return predicates.toArray(new Predicate[0]);
  }

  /** {@code listed[0]}: the values the in filters before this one listed, each one bind parameter. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Predicate predicate(CriteriaBuilder cb, Root<E> root, Filter filter, int[] listed) {
    EntityAttribute attribute = attribute(filter.attribute(), "filtered");
    Path path = path(root, attribute);
    Object raw = filter.value();
    switch (filter.operator()) {
      case IN: {
        // each distinct value is one bind parameter, and a statement takes a bounded number of them (100,000 on
        // H2, 32,767 or 65,535 on PostgreSQL): more was a failure of the database, now a refusal that says so
        if (raw == null) {
          // a find body's {"title[in]": [null, "x"]} is one in filter per element: the null one read as no value
          throw nullInList(filter.attribute());
        }
        Set<Object> values = new LinkedHashSet<>();
        for (Object element : elements(filter, raw)) {
          Object value = value(attribute, element);
          if (value == null) {
            // SQL's in (null) matches nothing, silently
            throw nullInList(filter.attribute());
          }
          values.add(value);
          if (values.size() > MAX_IN_VALUES) {
            throw bad(filter.attribute(), filter.attribute() + "[in]: more than " + MAX_IN_VALUES + " values; one"
                + " filter lists at most " + MAX_IN_VALUES + " values: narrow the query, or split it into several");
          }
        }
        if (values.isEmpty()) {
          throw bad(filter.attribute(), filter.attribute() + "[in]: give at least one value, comma-separated");
        }
        // several filters share the statement's parameters: seven of 10,000 values each passed on H2 and
        // failed on PostgreSQL; the total stays below PostgreSQL's 32,767, with room for the row scope and paging
        listed[0] += values.size();
        if (listed[0] > MAX_IN_VALUES_PER_QUERY) {
          throw bad(filter.attribute(), filter.attribute() + "[in]: the in filters of one query list at most "
              + MAX_IN_VALUES_PER_QUERY + " values together, and with this one they list " + listed[0]
              + "; narrow the query, or split it into several");
        }
        return path.in(values);
      }
      case LIKE: {
        if (attribute.javaType() != String.class) {
          throw bad(filter.attribute(), filter.attribute() + "[like]: like applies to text attributes only; "
              + filter.attribute() + " is " + ValueConverter.expected(attribute.javaType()));
        }
        // printed into the pattern, a null matched the title "null" and a find body's object its toString()
        Object pattern = value(attribute, raw);
        if (pattern == null) {
          throw bad(filter.attribute(), filter.attribute() + "[like]: null is no pattern; to match records without a "
              + filter.attribute() + ", filter " + filter.attribute() + "=null (in a find body, \"" + filter.attribute()
              + "\": null)");
        }
        String misplaced = LikePatterns.misplacedEscape((String) pattern);
        if (misplaced != null) {
          throw bad(filter.attribute(), filter.attribute() + "[like]: '" + pattern + "' has a backslash " + misplaced
              + "; in a like pattern % is any text and _ any one character, and a backslash is written only before"
              + " one of them or another backslash, for that character itself: \\% for %, \\_ for _, \\\\"
              + " for \\");
        }
        // the escape character named, not left to the database's default: H2 and PostgreSQL read \% alike
        return cb.like(path, (String) pattern, LikePatterns.ESCAPE);
      }
      default:
        break;
    }
    Object value = value(attribute, raw);
    switch (filter.operator()) {
      case EQ:
        return value == null ? cb.isNull(path) : cb.equal(path, value);
      case NE:
        return value == null ? cb.isNotNull(path) : cb.notEqual(path, value);
      case GT:
        return cb.greaterThan((Expression<Comparable>) path, (Comparable) comparable(filter, value));
      case GTE:
        return cb.greaterThanOrEqualTo((Expression<Comparable>) path, (Comparable) comparable(filter, value));
      case LT:
        return cb.lessThan((Expression<Comparable>) path, (Comparable) comparable(filter, value));
      case LTE:
        return cb.lessThanOrEqualTo((Expression<Comparable>) path, (Comparable) comparable(filter, value));
      default:
        throw new AssertionError(filter.operator());
    }
  }

  private Object comparable(Filter filter, Object value) {
    if (!(value instanceof Comparable)) {
      throw bad(filter.attribute(), filter.attribute() + "[" + filter.operator().token() + "]: '" + filter.value()
          + "' cannot be compared; use eq or ne");
    }
    return value;
  }

  private Object value(EntityAttribute attribute, Object raw) {
    if (raw == null || "null".equals(raw)) {
      return null;
    }
    Object value = model.convert(attribute.name(), raw);
    String notAsWritten = raw instanceof String ? ValueConverter.notAsWritten(value, (String) raw) : null;
    if (notAsWritten != null) {
      // "03" and "+3" matched what "3" does: a filter value is written one way, as an id in a URL is
      throw Veto.builder().status(400).message(attribute.name() + ": " + notAsWritten)
          .field(attribute.name(), notAsWritten).build();
    }
    if (value instanceof BigDecimal || value instanceof BigInteger) {
      BigDecimal decimal = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal((BigInteger) value);
      // PostgreSQL keeps 16,383 digits after the point and H2 100,000 in all: a value beyond either failed in
      // the database, each its own way; a thousand digits either side is far beyond any column and fits both
      if (decimal.precision() - decimal.scale() > MAX_FILTER_DIGITS || decimal.scale() > MAX_FILTER_DIGITS) {
        String message = attribute.name() + ": '" + raw + "' has more digits than a filter value may: at most "
            + MAX_FILTER_DIGITS + " before the decimal point and " + MAX_FILTER_DIGITS + " after it";
        throw bad(attribute.name(), message);
      }
    }
    return value;
  }

  /** The most digits a decimal filter value may have on either side of the point. */
  static final int MAX_FILTER_DIGITS = 1000;

  private static RuntimeException nullInList(String attribute) {
    return bad(attribute, attribute + "[in]: null is not allowed in an in list; to match records without a "
        + attribute + ", filter " + attribute + "=null (in a find body, \"" + attribute + "\": null), and "
        + attribute + "[ne]=null for those with one");
  }

  private static Collection<?> elements(Filter filter, Object raw) {
    if (raw instanceof Collection) {
      return (Collection<?>) raw;
    }
    List<Object> values = new ArrayList<>();
    if (raw != null) {
      String text = String.valueOf(raw);
      for (String part : text.split(",", -1)) {
        if (part.isBlank()) {
          if (text.isBlank()) {
            break; // no value at all, which the caller refuses in its own words
          }
          // 1,,2 is a slip of the client that built the list; an empty value is never a value of a list
          throw bad(filter.attribute(), filter.attribute() + "[in]: '" + text + "' has an empty value; write the values"
              + " separated by single commas (" + filter.attribute() + "[in]=1,2)");
        }
        values.add(part.strip());
      }
    }
    return values;
  }

  private Path<?> path(Root<E> root, EntityAttribute attribute) {
    if (attribute.kind() == AttributeKind.TO_ONE) {
      return root.get(attribute.name()).get(model.modelOf(attribute).id().name());
    }
    return root.get(attribute.name());
  }

  private EntityAttribute attribute(String name, String verb) {
    EntityAttribute attribute = model.attributeOrNull(name);
    if (attribute == null || attribute.kind() == AttributeKind.TO_MANY) {
      List<String> allowed = new ArrayList<>();
      for (EntityAttribute candidate : model.attributes()) {
        if (candidate.kind() != AttributeKind.TO_MANY) {
          allowed.add(candidate.name());
        }
      }
      throw bad(name, resource + " cannot be " + verb + " by '" + name + "'; use one of " + String.join(", ", allowed));
    }
    return attribute;
  }

  /** The most distinct values one {@code in} filter lists: {@code maxBulkRows} and {@code maxBatchSize} by default. */
  static final int MAX_IN_VALUES = 10_000;

  /**
   * The most filters of one query: far more than a URL's 8 KiB of query string carries, as many as a find body
   * might list without being a mistake.
   */
  static final int MAX_FILTERS = 1_000;

  /** The most distinct values the in filters of one query list together. */
  static final int MAX_IN_VALUES_PER_QUERY = 30_000;

  private static Veto bad(String field, String message) {
    return Veto.builder().status(400).message(message).field(field, message).build();
  }
}
