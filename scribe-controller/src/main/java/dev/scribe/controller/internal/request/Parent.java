package dev.scribe.controller.internal.request;

import dev.scribe.core.EventArgs;
import dev.scribe.repository.CallOptions;
import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.action.ActionSteps;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.RecordNotFoundException;
import dev.scribe.repository.Repository;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parent record of a nested resource ({@code /tasks/3/subtasks}): the child's to-one attribute
 * that points at it, the parent's repository and id. Nested calls check that the parent exists, that
 * every addressed child belongs to it, and give new children the parent from the URL.
 */
public final class Parent {
  private final String attribute;
  private final Repository<?, ?> repository;
  private final Object id;
  private final String rawId;

  private Parent(String attribute, Repository<?, ?> repository, Object id, String rawId) {
    this.attribute = attribute;
    this.repository = repository;
    this.id = id;
    this.rawId = rawId;
  }

  /** The parent of a nested request, or null for a top-level one. */
  public static Parent resolve(ActionRequest request, EntityView<?> child, DataStore store) {
    if (request.parentAttribute() == null) {
      return null;
    }
    String name = request.parentAttribute();
    if (!child.isToOne(name)) {
      throw new ConfigurationException(child.entityName() + " has no to-one association '" + name
          + "' to nest it under a parent; nest it by one of " + child.associationNames());
    }
    EntityAttribute attribute = child.attribute(name);
    Repository<?, ?> repository = store.repository(attribute.targetType());
    Object id;
    try {
      id = ActionSteps.urlId(repository, request.parentId());
    } catch (Veto invalid) {
      if (invalid.status() == 404) {
        throw invalid;
      }
      throw new Veto(400, "the parent " + repository.model().displayName() + " id in the URL is invalid: "
          + String.join("; ", invalid.messages()));
    }
    return new Parent(name, repository, id, request.parentId());
  }

  public String attribute() {
    return attribute;
  }

  public Object id() {
    return id;
  }

  public String rawId() {
    return rawId;
  }

  /** A 404 naming the parent when it does not exist. */
  public void requireExists() {
    get(repository, id);
  }

  /**
   * {@link #requireExists()}, then the parent under {@code parentId} and {@code parentAttribute} in the action's
   * args, for its handlers from {@code onPre...} on: every action of a nested resource carries them.
   */
  public void requireExists(EventArgs args) {
    requireExists();
    args.put(ControllerTier.PARENT_ID, id);
    args.put(ControllerTier.PARENT_ATTRIBUTE, attribute);
  }

  /**
   * Throws the parent's 404 when {@code refused} — the refusal of new children written under it — is about
   * the parent attribute and the parent is gone. The parent is checked before the children are written, but
   * not locked: a delete committed in between makes the database (or the association's lookup) refuse the
   * reference, which would otherwise reach the client as a 422 on a field it never sent. Called after the
   * refused unit of work ended, so that the check reads what is committed now.
   */
  public void refuseAsGoneIfDeleted(Veto refused, DataStore store) {
    if (store.currentUnitOfWork().isPresent() || !namesAttribute(refused)) {
      return;
    }
    requireExists();
  }

  /**
   * The parent's 404 when one of {@code refusals} — refusals of children written under it — is about the parent
   * attribute and the parent is gone now, as {@link #refuseAsGoneIfDeleted} throws it; null otherwise. For a
   * caller that reports the parent's absence in words of its own (an import stopped at a chunk).
   */
  public Veto goneFor(List<Veto.RecordError> refusals) {
    return namesAttribute(refusals) ? goneNow() : null;
  }

  /** {@link #goneFor(List)} for a refusal of the children as a whole, on their fields or by record. */
  public Veto goneFor(Veto refused) {
    return namesAttribute(refused) ? goneNow() : null;
  }

  private Veto goneNow() {
    try {
      requireExists();
      return null;
    } catch (RecordNotFoundException gone) {
      return gone;
    }
  }

  private boolean namesAttribute(Veto refused) {
    return refused.fieldErrors().containsKey(attribute) || namesAttribute(refused.records());
  }

  private boolean namesAttribute(List<Veto.RecordError> refusals) {
    for (Veto.RecordError record : refusals) {
      if (record.fieldErrors().containsKey(attribute)) {
        return true;
      }
    }
    return false;
  }

  /** A 404 when {@code entity} does not belong to this parent. */
  public <E> void check(ActionCall call, E entity, EntityView<E> view) {
    if (!Objects.equals(view.associatedId(entity, attribute), id)) {
      throw new Veto(404, view.entityName() + " " + view.id(entity) + " not found under "
          + repository.model().displayName() + " " + id);
    }
  }

  /**
   * The record an item route names, read in the caller's row scope (404 when missing or outside it) and, when
   * nested, under {@code parent} (404 under another); put into the args as {@code entity}.
   */
  public static <E, ID> E loadItem(ActionCall call, Parent parent, Repository<E, ID> repository, EntityView<E> view) {
    @SuppressWarnings("unchecked")
    E entity = repository.get((ID) call.args.id(), CallOptions.builder().path(call.path)
        .frontEndOptions(call.frontEndOptions()).user(call.request.user()).build());
    if (parent != null) {
      parent.check(call, entity, view);
    }
    call.args.put(EventArgs.ENTITY, entity);
    return entity;
  }

  /** Sets the parent from the URL on a new child's params; a 400 when the body names another parent. */
  public void assignTo(Map<String, Object> params, EntityView<?> view) {
    Object given = params.get(attribute);
    if (given != null && !isNamedBy(given)) {
      String problem = "is given by the URL (" + rawId + "), but the body says " + (given instanceof Map
          || given instanceof java.util.Collection ? ValueConverter.describe(given)
          : ValueConverter.shorten(String.valueOf(given))) + "; leave it out of the body";
      // a field error too, so that an import's report names the column and a batch's record the field
      throw Veto.builder().status(400).message("'" + attribute + "' of a new " + view.entityName() + " " + problem)
          .field(attribute, problem).build();
    }
    params.put(attribute, id);
  }

  /**
   * {@code params} (a new child's map, or a batch's list of them) with the parent from the URL on each record that a
   * handler of {@code onPreStore} left without it — a map it put in place of the body's, a record it added to a batch:
   * the URL names the parent, and such a child was written under none, its {@code Location} a 404. The same object
   * when every record names one (a parent a handler set itself stays), else a copy; anything else as it is, for the
   * checks of the params to refuse.
   */
  public Object assignWhereLeftOut(Object params) {
    if (params instanceof Map<?, ?> record) {
      return record.containsKey(attribute) ? record : withParent(record);
    }
    if (!(params instanceof List<?> records)) {
      return params;
    }
    List<Object> copy = null;
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) instanceof Map<?, ?> record && !record.containsKey(attribute)) {
        if (copy == null) {
          copy = new java.util.ArrayList<>(records);
        }
        copy.set(i, withParent(record));
      }
    }
    return copy == null ? records : copy;
  }

  /** A copy of {@code record} with the parent: the handler's map may be immutable ({@code Map.of(...)}). */
  @SuppressWarnings("unchecked")
  private Map<Object, Object> withParent(Map<?, ?> record) {
    Map<Object, Object> copy = new java.util.LinkedHashMap<>((Map<Object, Object>) record);
    copy.put(attribute, id);
    return copy;
  }

  /**
   * Whether {@code given}, the parent a body names, is this one: the text of the URL's id or of the id, or a number
   * that is the id ({@code 7.0} and {@code 7e0} are 7, whose texts "7.0" and "7E+0" were taken for another parent).
   */
  private boolean isNamedBy(Object given) {
    if (given instanceof Number && id instanceof Number) {
      try {
        return id.equals(ValueConverter.convert(given, id.getClass()));
      } catch (ValueConverter.ConversionException notAnId) {
        return false;
      }
    }
    String text = String.valueOf(given);
    return text.equals(rawId) || text.equals(String.valueOf(id));
  }

  /**
   * On an update of a nested resource, the parent stays the one in the URL: a body that names another
   * parent (or a new one, as an object) is a 400, since moving a child or creating a parent through it
   * would bypass the parent resource's own rules. Naming the same parent is allowed. A replacement (PUT) that
   * does not name it keeps it: it resets what it leaves out, and the URL names the parent.
   */
  public static void keepFromUrl(ActionCall call, Map<String, Object> params, EntityView<?> view, DataStore store) {
    String name = call.request.parentAttribute();
    if (name == null) {
      return;
    }
    if (!params.containsKey(name)) {
      if (call.request.replace()) {
        params.put(name, resolve(call.request, view, store).id);
      }
      return;
    }
    Parent parent = resolve(call.request, view, store);
    Object given = params.get(name);
    if (given == null || given instanceof Map || given instanceof java.util.Collection || given instanceof Boolean
        || !parent.isNamedBy(given)) {
      String shown = given instanceof Map || given instanceof java.util.Collection || given == null
          ? ValueConverter.describe(given) : ValueConverter.shorten(String.valueOf(given));
      // a field error too, as a store's refusal has: a client or a batch's report can point at the field
      throw Veto.builder().status(400).message("'" + name + "' of a " + view.entityName() + " under "
              + parent.repository.model().displayName() + " " + parent.rawId + " is given by the URL, but the body says "
              + shown + "; leave it out of the body")
          .field(name, "is given by the URL (" + parent.rawId + "), but the body says " + shown + "; leave it out of the body")
          .build();
    }
  }

  @SuppressWarnings("unchecked")
  private static <ID> void get(Repository<?, ID> repository, Object id) {
    repository.get((ID) id);
  }
}
