package dev.scribe.controller.internal.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.entity.internal.ValueConverter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cells of an import read without patterns: the hand-written readers of integers and decimals take exactly
 * the texts the patterns they stand for took, and give the same values and refusals.
 */
class CsvCellsTest {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern SHORT_INTEGER = Pattern.compile("[+-]?\\d{1,18}");

  /** Texts made of the characters a number's reader looks at, and a few it must refuse. */
  private static List<String> texts() {
    List<String> texts = new ArrayList<>(List.of("", "+", "-", ".", "e", "1", "-0", "+5", "1.", ".5", "1.5e", "1.5e+",
        "1.5E-3", "1e5", ".e1", "1..2", "١٢", "1 ", " 1", "0x1F", "NaN", "Infinity", "123456789012345678",
        "1234567890123456789", "-123456789012345678", "++1", "1-", "1.2.3", "1e1e1"));
    char[] alphabet = "0123456789+-.eE x١".toCharArray();
    Random random = new Random(15);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(8);
      for (int j = 0; j < length; j++) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      texts.add(text.toString());
    }
    return texts;
  }

  @Test
  void aDecimalIsWhatThePatternTookAndNothingElse() {
    for (String text : texts()) {
      assertThat(CsvCells.decimal(text)).as("'%s'", text).isEqualTo(DECIMAL.matcher(text).matches());
    }
  }

  @Test
  void aShortIntegerIsASignAndAtMostEighteenAsciiDigits() {
    for (String text : texts()) {
      assertThat(CsvCells.shortInteger(text)).as("'%s'", text).isEqualTo(SHORT_INTEGER.matcher(text).matches());
    }
  }

  @Test
  void integersReadTheSameOnEitherSideOfTheShortcut() {
    assertThat(CsvCells.value("42", Integer.class, "priority")).isEqualTo(42);
    assertThat(CsvCells.value(" -7 ", Integer.class, "priority")).isEqualTo(-7);
    assertThat(CsvCells.value("+5", Long.class, "size")).isEqualTo(5L);
    assertThat(CsvCells.value("2.00", Integer.class, "priority")).isEqualTo(2);
    assertThat(CsvCells.value("123456789012345678", Long.class, "size")).isEqualTo(123456789012345678L);
    assertThat(CsvCells.value("1234567890123456789", Long.class, "size")).isEqualTo(1234567890123456789L);
    assertThat(CsvCells.value("12", BigInteger.class, "size")).isEqualTo(BigInteger.valueOf(12));
    assertThat(CsvCells.value("12", Short.class, "size")).isEqualTo((short) 12);
    assertThatThrownBy(() -> CsvCells.value("2147483648", Integer.class, "priority"))
        .isInstanceOf(ValueConverter.ConversionException.class)
        .hasMessage("'2147483648' is out of range; expected an integer between -2147483648 and 2147483647");
    assertThatThrownBy(() -> CsvCells.value("300", Byte.class, "size"))
        .hasMessage("'300' is out of range; expected an integer between -128 and 127");
    assertThatThrownBy(() -> CsvCells.value("١٢", Integer.class, "priority"))
        .hasMessage("'١٢' is not an integer; expected an integer between -2147483648 and 2147483647");
  }

  @Test
  void decimalsReadAsBefore() {
    assertThat(CsvCells.value("12.50", BigDecimal.class, "budget")).isEqualTo(new BigDecimal("12.50"));
    assertThat(CsvCells.value("-1.25e3", Double.class, "ratio")).isEqualTo(-1250.0);
    assertThatThrownBy(() -> CsvCells.value("1,5", BigDecimal.class, "budget"))
        .hasMessageStartingWith("'1,5' is not a number; expected a decimal number");
    assertThatThrownBy(() -> CsvCells.value("1e999", Double.class, "ratio"))
        .hasMessageStartingWith("'1e999' is out of range");
    assertThatThrownBy(() -> CsvCells.value("2e-400", Double.class, "ratio"))
        .hasMessageStartingWith("'2e-400' is too close to zero for a Double, which would hold it as 0");
  }
}
