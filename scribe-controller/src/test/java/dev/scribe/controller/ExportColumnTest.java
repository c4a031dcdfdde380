package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.UsageException;
import org.junit.jupiter.api.Test;

/** An export column made without a name, header or value says which, where the handler makes it. */
class ExportColumnTest {
  @Test
  void aColumnWithoutANameHeaderOrValueIsAUsageErrorNamingIt() {
    assertThatThrownBy(() -> ExportColumn.attribute(null))
        .isInstanceOf(UsageException.class).hasMessageContaining("ExportColumn.attribute(null)");
    assertThatThrownBy(() -> ExportColumn.attribute(" "))
        .isInstanceOf(UsageException.class).hasMessageContaining("ExportColumn.attribute(\" \")");
    assertThatThrownBy(() -> ExportColumn.computed(null, (row, task) -> 1))
        .isInstanceOf(UsageException.class).hasMessageContaining("ExportColumn.computed(null, value)");
    assertThatThrownBy(() -> ExportColumn.computed("url", null))
        .isInstanceOf(UsageException.class).hasMessageContaining("ExportColumn.computed(\"url\", null)");
    assertThatThrownBy(() -> ExportColumn.attribute("title").renamed(null))
        .isInstanceOf(UsageException.class).hasMessageContaining("renamed(null)");
    assertThat(ExportColumn.attribute("title").renamed("name").header()).isEqualTo("name");
  }

  @Test
  void theColumnsOfNullArgsAreAUsageError() {
    assertThatThrownBy(() -> ExportColumn.of(null)).isInstanceOf(UsageException.class)
        .hasMessage("ExportColumn.of(null): pass the args of the onPreExport handler, ExportColumn.of(args)");
  }
}
