package io.footfall.fault;

/**
 * Makes a value a client chose (user name, client id, topic, a message quoting its input) safe to put in a log
 * line: a client must not be able to start a line of its own (CR, LF), hide text (NUL, escape sequences) or fill
 * the log with one huge value.
 */
public final class LogSafe {

  /** Longest escaped text kept; the rest is replaced by a marker saying how much was cut. */
  static final int MAX_CHARS = 200;

  private LogSafe() {
  }

  /**
   * The value's text with control characters, backslashes and line separators escaped Java-style ({@code \n},
   * {@code \r}, {@code \t}, {@code \\}, otherwise {@code \u0000}), cut to about {@value #MAX_CHARS} characters
   * followed by {@code ...[+N chars]}; {@code null} is {@code "null"}.
   */
  public static String escape(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.toString();
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16);
    int i = 0;
    // the second half of a pair is never left behind, so the cut text is still well-formed
    for (; i < text.length() && (out.length() < MAX_CHARS || Character.isLowSurrogate(text.charAt(i))); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          // C0 and C1 controls, DEL, the Unicode line and paragraph separators, and halves of a broken pair
          boolean unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
              || (Character.isSurrogate(c) && !pairedSurrogate(text, i));
          if (unsafe) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (i < text.length()) {
      out.append("...[+").append(text.length() - i).append(" chars]");
    }
    return out.toString();
  }

  private static boolean pairedSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
