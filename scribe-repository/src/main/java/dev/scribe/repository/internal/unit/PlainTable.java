package dev.scribe.repository.internal.unit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.internal.BasicAttributeMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.SingleTableEntityPersister;
import org.hibernate.type.Type;

/**
 * The shape an entity type must have for its rows to be written by the unit's own statements ({@link DirectInserts},
 * {@link DirectUpdates}): one table, no inheritance, collections, natural id, cache, row id, soft delete, partition
 * or lazy enhancement, an id and every attribute a basic column of that table bound as a plain parameter. What
 * each kind of statement asks beyond this (generated values, custom SQL, callbacks) is its own check.
 */
final class PlainTable {
  final SingleTableEntityPersister persister;
  final String table;
  final BasicValuedModelPart id;
  /** Each property's column, in the persister's property order. */
  final BasicAttributeMapping[] attributes;

  private PlainTable(SingleTableEntityPersister persister, String table, BasicValuedModelPart id,
      BasicAttributeMapping[] attributes) {
    this.persister = persister;
    this.table = table;
    this.id = id;
    this.attributes = attributes;
  }

  /** {@code persister}'s table when the type has the plain shape, else null. */
  static PlainTable of(EntityPersister persister) {
    if (!(persister instanceof SingleTableEntityPersister single) || persister.isInherited() || persister.hasSubclasses()
        || single.getTableSpan() != 1 || persister.hasCollections() || persister.getNaturalIdMapping() != null
        || persister.canWriteToCache() || persister.isVersionPropertyGenerated() || !persister.isMutable()
        || persister.getRowIdMapping() != null || persister.getSoftDeleteMapping() != null
        || single.hasPartitionedSelectionMapping() || persister.getBytecodeEnhancementMetadata().isEnhancedForLazyLoading()) {
      return null;
    }
    String table = single.getTableName();
    EntityIdentifierMapping id = persister.getIdentifierMapping();
    if (!(id instanceof BasicValuedModelPart idPart) || !plainColumn(idPart, table)) {
      return null;
    }
    Type[] types = persister.getPropertyTypes();
    BasicAttributeMapping[] attributes = new BasicAttributeMapping[types.length];
    for (int i = 0; i < types.length; i++) {
      AttributeMapping attribute = persister.getAttributeMapping(i);
      if (types[i].isAssociationType() || types[i].isComponentType() || types[i].isAnyType()
          || !(attribute instanceof BasicAttributeMapping basic) || !plainColumn(basic, table)) {
        return null;
      }
      attributes[i] = basic;
    }
    return new PlainTable(single, table, idPart, attributes);
  }

  /** A column of the table written as a plain parameter: no formula, no write expression, one JDBC value. */
  private static boolean plainColumn(BasicValuedModelPart part, String table) {
    String write = part.getWriteExpression();
    return !part.isFormula() && (write == null || write.equals("?")) && table.equals(part.getContainingTableExpression())
        && part.getJdbcTypeCount() == 1;
  }

  /** Binds {@code value} as {@code part}'s column at {@code index}, converted as Hibernate converts it. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void bind(PreparedStatement statement, BasicValuedModelPart part, Object value, int index,
      SessionImplementor session) throws SQLException {
    JdbcMapping jdbc = part.getJdbcMapping();
    ((org.hibernate.type.descriptor.ValueBinder) jdbc.getJdbcValueBinder()).bind(statement,
        jdbc.convertToRelationalValue(value), index, session);
  }
}
