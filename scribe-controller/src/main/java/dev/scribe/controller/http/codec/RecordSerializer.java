package dev.scribe.controller.http.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import jakarta.persistence.Entity;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Writes a record (an object of an {@code @Entity} class, or a proxy of one) met anywhere in a response body as
 * the action that answers renders records: the rendering the writer passes under {@link #RENDERING}, which leaves
 * out the fields the path hides and gives associations as ids. Left to Jackson, a record was written as a bean:
 * every field, hidden ones too, and each two-way association walked back and forth to the nesting limit, a 500.
 *
 * <p>Jackson chooses this serializer once per class and caches it, so a body of plain maps, lists and values (what
 * the framework builds) costs nothing more; the rendering runs only when a record is actually met. A record met
 * without a rendering (a body written outside an action) is refused, rather than written with every field.
 */
final class RecordSerializer extends StdSerializer<Object> implements ContextualSerializer, ResolvableSerializer {
  /** The attribute of a write holding the {@code UnaryOperator<Object>} that renders one record. */
  static final Object RENDERING = RecordSerializer.class;

  /** Jackson's own serializer of the class, for an entity the rendering does not know (another store's). */
  private final JsonSerializer<Object> bean;

  private RecordSerializer(Class<?> type, JsonSerializer<Object> bean) {
    super(type, false);
    this.bean = bean;
  }

  /** The module that puts this serializer in front of Jackson's for every entity class. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("scribe-records");
    module.setSerializerModifier(new BeanSerializerModifier() {
      @Override
      @SuppressWarnings("unchecked")
      public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
          JsonSerializer<?> serializer) {
        Class<?> type = description.getBeanClass();
        return isEntity(type) ? new RecordSerializer(type, (JsonSerializer<Object>) serializer) : serializer;
      }
    });
    return module;
  }

  /** True for an entity class and for the proxy classes Hibernate derives from one. */
  private static boolean isEntity(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.isAnnotationPresent(Entity.class)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void serialize(Object record, JsonGenerator gen, SerializerProvider provider) throws IOException {
    Object rendered = rendered(record, gen, provider);
    if (rendered == record) {
      bean.serialize(record, gen, provider);
    } else {
      provider.defaultSerializeValue(rendered, gen);
    }
  }

  @Override
  public void serializeWithType(Object record, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
      throws IOException {
    Object rendered = rendered(record, gen, provider);
    if (rendered == record) {
      bean.serializeWithType(record, gen, provider, typeSer);
    } else {
      provider.defaultSerializeValue(rendered, gen);
    }
  }

  /** The record as the writing action renders it; the record itself when it is not one of the action's store. */
  @SuppressWarnings("unchecked")
  private Object rendered(Object record, JsonGenerator gen, SerializerProvider provider) throws JsonMappingException {
    Object rendering = provider.getAttribute(RENDERING);
    if (!(rendering instanceof UnaryOperator)) {
      throw JsonMappingException.from(gen, "a record of " + handledType().getName() + " is in a body written outside"
          + " an action, where the fields its path hides are not known; put a map of the fields to send instead");
    }
    return ((UnaryOperator<Object>) rendering).apply(record);
  }

  @Override
  @SuppressWarnings("unchecked")
  public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
      throws JsonMappingException {
    JsonSerializer<?> contextual = provider.handleSecondaryContextualization(bean, property);
    return contextual == bean ? this : new RecordSerializer(handledType(), (JsonSerializer<Object>) contextual);
  }

  @Override
  public void resolve(SerializerProvider provider) throws JsonMappingException {
    if (bean instanceof ResolvableSerializer resolvable) {
      resolvable.resolve(provider);
    }
  }
}
