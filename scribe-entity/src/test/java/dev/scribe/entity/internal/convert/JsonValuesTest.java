package dev.scribe.entity.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

  @Test
  void valuesThatAreNeitherMapsNorCollectionsHoldNothingToCheck() {
    List<Object> values = List.of("text with \0 at top level", 7, 7L, true, new BigDecimal("1e2000"),
        BigInteger.TEN.pow(2000), 2.5d, 2.5f, (short) 2, (byte) 2, 'c', LocalDate.of(2030, 1, 31),
        LocalDateTime.of(2030, 1, 31, 9, 30), Instant.EPOCH, OffsetDateTime.parse("2030-01-31T09:30:00+01:00"),
        ZonedDateTime.parse("2030-01-31T09:30:00+01:00[Europe/Paris]"), LocalTime.NOON, UUID.randomUUID(),
        Thread.State.NEW, new StringBuilder("\0"));
    for (Object value : values) {
      assertThat(JsonValues.problem(value)).as("%s", value.getClass()).isNull();
    }
    assertThat(JsonValues.problem(null)).isNull();
  }

  @Test
  void mapsAndCollectionsAreWalkedForNulTextAndLongNumbers() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("note", List.of("fine", "not \0 fine"));
    assertThat(JsonValues.problem(Map.of("outer", nested)))
        .isEqualTo("holds a text with the NUL character (\\u0000), which JSON columns cannot store");
    List<Object> numbers = new ArrayList<>(List.of(1, new BigDecimal("1e1001")));
    assertThat(JsonValues.problem(numbers)).startsWith("holds the number 1E+1001, which has more digits");
    assertThat(JsonValues.problem(Map.of("a", List.of(1, "b", true, LocalDate.of(2030, 1, 31))))).isNull();
  }
}
