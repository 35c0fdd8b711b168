package io.footfall.fault;

/**
 * Makes a value a client chose (an HTTP path or header, a name typed at the login, an MQTT client id or topic) safe
 * for one log line: line breaks, NUL and every other control or invisible formatting character (C0, DEL, C1, the
 * Unicode line and paragraph separators, the bidirectional overrides) become visible escapes such as {@code \n} or
 * {@code \u0000}, a backslash is doubled so that an escape cannot be faked, and anything over the limit is cut with
 * a note of how much was left out. So a client can neither start a forged line nor flood the log. Thread-safe.
 */
public final class LogSafe {

  /** The default limit in characters: enough for a path or a name, short of a flood. */
  public static final int MAX_CHARS = 200;

  private LogSafe() {
  }

  /** {@code value} escaped and cut at {@value #MAX_CHARS} characters; {@code null} reads {@code null}. */
  public static String escape(Object value) {
    return escape(value, MAX_CHARS);
  }

  /** {@code value} escaped and cut at {@code maxChars} characters of the original. */
  public static String escape(Object value, int maxChars) {
    String text = String.valueOf(value);
    int end = Math.min(text.length(), maxChars);
    if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (invisible(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (end < text.length()) {
      out.append("...(").append(text.length() - end).append(" more)");
    }
    return out.toString();
  }

  private static boolean invisible(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c >= '\u202a' && c <= '\u202e'
        || c >= '\u2066' && c <= '\u2069' || c == '\ufeff'
        // half of a pair alone is written as '?' by an encoder, which would hide what was sent
        || Character.isSurrogate(c);
  }
}
