package dev.scribe.controller.http.codec;

/**
 * Strict UTF-8 validation (RFC 3629): every sequence has the length its first byte announces, uses its
 * shortest form (no overlong {@code C0 AF} for {@code /}), and encodes neither a surrogate
 * ({@code ED A0 80}) nor a code point above U+10FFFF. Decoders that are lenient about these turn one
 * character into another, which is how filters and path checks are bypassed.
 */
final class Utf8 {
  private Utf8() {}

  /** The offset of the first byte of the first invalid sequence in {@code bytes[from, to)}, or -1 when all is valid. */
  static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int length;
      int min;
      int max = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (b == 0xE0) {
        length = 3;
        min = 0xA0;
      } else if (b == 0xED) {
        length = 3;
        min = 0x80;
        max = 0x9F;
      } else if (b >= 0xE1 && b <= 0xEF) {
        length = 3;
        min = 0x80;
      } else if (b == 0xF0) {
        length = 4;
        min = 0x90;
      } else if (b >= 0xF1 && b <= 0xF3) {
        length = 4;
        min = 0x80;
      } else if (b == 0xF4) {
        length = 4;
        min = 0x80;
        max = 0x8F;
      } else {
        return i;
      }
      if (i + length > to) {
        return i;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min || second > max) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        int next = bytes[i + k] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }
}
