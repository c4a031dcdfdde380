package dev.scribe.repository.internal.write;

import dev.scribe.core.internal.Words;
import dev.scribe.core.Options;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.entity.AttributeKind;
import dev.scribe.entity.EntityAttribute;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.internal.ParamsCheck;
import dev.scribe.entity.internal.ValueConverter;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.internal.CallOptionsAccess;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The changes of an update by query, checked once before any record is read: keys that no record may take
 * (unknown when {@code rejectUnknownFields}, guarded, generated, or set once at create by
 * {@code @Column(updatable = false)}), basic values that do not convert to their attribute's type and association
 * values of the wrong shape (a text for a list of ids, an id that is no id).
 * Each record would refuse them alike, so they are one 400 of the call — also when no record matches — instead
 * of the same refusal repeated for every matched record. What depends on the record (Bean Validation,
 * handlers' vetoes) is still judged per record.
 */
final class BulkChanges {
  private BulkChanges() {}

  /** Throws the 400 naming every key of {@code changes} that no record could take. */
  static void check(EntityModel<?> model, Map<String, ?> changes, CallOptions options, Options effective) {
    for (Object key : changes.keySet()) {
      if (!(key instanceof String)) {
        // only a Java caller can build such a map; unchecked, it fails below as a ClassCastException
        throw new UsageException("updateWhere got the key " + key + (key == null ? "" : " ("
            + Words.withArticle(key.getClass().getSimpleName()) + ")") + " among its changes; changes map field names (Strings) to values");
      }
    }
    String version = model.version() == null ? null : model.version().name();
    for (String key : changes.keySet()) {
      if (key.equals(model.id().name()) || key.equals(version)) {
        // a version among the changes would be read as the version every record is expected at
        throw new Veto(400, "updateWhere changes every matching record; '" + key + "' cannot be one of the changes");
      }
    }
    // keys a controller's handlers added are application code (callerKeys empty); the client's were checked before them
    Set<String> callerKeys = CallOptionsAccess.trustedParams(options) ? Set.of() : null;
    Veto refused = model.refusals(changes, RepositoryOptions.REJECT_UNKNOWN_FIELDS.in(effective), callerKeys,
        hidden(effective));
    Veto.Builder veto = Veto.builder().status(400);
    if (refused != null) {
      refused.messages().forEach(veto::message);
      refused.fieldErrors().forEach((field, messages) -> messages.forEach(message -> veto.field(field, message)));
    }
    for (String key : changes.keySet()) {
      EntityAttribute attribute = model.attributeOrNull(key);
      if (attribute == null || !attribute.settable()) {
        continue;
      }
      if (!attribute.updatable()) {
        // set once, when a record is created: changes for every matching record cannot hold it, whatever its value
        String reason = "cannot be changed after create: " + attribute.notUpdatedBy() + "; leave it out of the changes";
        veto.message(attribute.name() + " cannot be changed after create: " + attribute.notUpdatedBy()
            + "; an update by query cannot have it among its changes").field(attribute.name(), reason);
        continue;
      }
      if (attribute.kind() != AttributeKind.BASIC) {
        Veto shape = ParamsCheck.associationShapeProblem(model, attribute, changes.get(key));
        if (shape != null) {
          shape.messages().forEach(veto::message);
          shape.fieldErrors().forEach((field, messages) -> messages.forEach(message -> veto.field(field, message)));
        }
        continue;
      }
      Object raw = changes.get(key);
      try {
        if (!attribute.accepts(raw)) {
          ValueConverter.convert(raw, attribute.javaType());
        }
      } catch (ValueConverter.ConversionException e) {
        veto.message(attribute.name() + ": " + e.getMessage()).field(attribute.name(), e.getMessage());
      }
    }
    if (!veto.isEmpty()) {
      throw veto.build();
    }
  }

  private static Set<String> hidden(Options effective) {
    Object names = effective.get(RepositoryOptions.HIDDEN_FIELDS.name());
    if (!(names instanceof Collection<?> collection) || collection.isEmpty()) {
      return Set.of();
    }
    Set<String> hidden = new HashSet<>();
    for (Object name : collection) {
      hidden.add(String.valueOf(name));
    }
    return hidden;
  }
}
