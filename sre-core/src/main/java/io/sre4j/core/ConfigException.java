package io.sre4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rejected configuration value, with the key, the rule it broke and the value as data. Its
 * message is {@code "<key> must be <rule> but was <value>"}, such as {@code slo.checkout.objective
 * must be in (0,1) but was "1.5"}; an empty value reads {@code an empty string}.
 *
 * <p><b>How values are shown.</b> A value is written between double quotes, as {@link
 * #quote(CharSequence)} writes it: a {@code "} or a backslash in it is preceded by a backslash;
 * every control character (U+0000 to U+001F, U+007F to U+009F), every Unicode format character
 * (such as the bidirectional overrides) and every unpaired surrogate is written as a Java escape
 * <code>&#92;uXXXX</code> (ESC as <code>&#92;u001b</code>), so that nothing from a file reaches a
 * terminal raw; a value longer than {@value #SHOWN_CHARS} characters is cut there and followed by {@code
 * …} and its length: {@code "aaa…" (10485760 characters)}. The key is escaped and cut the same
 * way, without quotes. A {@linkplain #describing description} of a value, such as {@code 2
 * patterns}, is shown without quotes.
 *
 * <p>Every builder and constructor that validates a setting throws it with the setting's short key
 * ({@code window}, {@code objective}); {@link Sre4jConfig} restates it with the full key and the
 * value as written ({@link #withKey(String, String)}), so that the message names what to fix.
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> the message is built once, when thrown.
 *
 * @since 0.1
 */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String rule;
  private final String value;
  private final boolean described;

  /** The characters of a value (or a key) a message shows before it cuts: {@value}. */
  public static final int SHOWN_CHARS = 200;

  /**
   * A rejection.
   *
   * @param key the configuration key, or a short name such as {@code window}; not null
   * @param rule what the value must be, such as {@code in (0,1)}; not null
   * @param value the value as given, written with {@link String#valueOf(Object)}; the message
   *     shows it quoted, escaped and cut (see the class documentation)
   * @throws NullPointerException if {@code key} or {@code rule} is null
   */
  public ConfigException(String key, String rule, Object value) {
    this(key, rule, String.valueOf(value), false, null);
  }

  private ConfigException(
      String key, String rule, String value, boolean described, @Nullable Throwable cause) {
    super(message(key, rule, value, described), cause);
    this.key = key;
    this.rule = rule;
    this.value = value;
    this.described = described;
  }

  /**
   * A rejection whose value is a description written by the code, not text from the
   * configuration, such as {@code 2 patterns} or {@code a value of 12 characters} (for a secret):
   * the message shows it without quotes, {@code servlet.routes must be at most servlet.max-routes
   * (1) patterns but was 2 patterns}.
   *
   * @param key the configuration key
   * @param rule what the value must be
   * @param description what the value was; escaped and cut as a value is, not quoted
   * @return the exception, to throw
   * @throws NullPointerException if an argument is null
   * @since 0.1
   */
  public static ConfigException describing(String key, String rule, String description) {
    return new ConfigException(
        key, rule, Objects.requireNonNull(description, "description"), true, null);
  }

  /**
   * The one place the message is written.
   *
   * @throws NullPointerException if {@code key} or {@code rule} is null
   */
  private static String message(String key, String rule, String value, boolean described) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(rule, "rule");
    String shown;
    if (described) {
      shown = escaped(value);
    } else if (value.isEmpty()) {
      shown = "an empty string";
    } else {
      shown = quote(value);
    }
    return escaped(key) + " must be " + escape(rule, rule.length(), false) + " but was " + shown;
  }

  /**
   * A value as messages show it: between double quotes, {@code "} and backslash escaped with a
   * backslash, control and format characters and unpaired surrogates as <code>&#92;uXXXX</code>,
   * cut after {@value #SHOWN_CHARS} characters with {@code …} and the length: {@code "aaaa…"
   * (10485760 characters)}. For every message that echoes text a user wrote (a
   * configuration value, a command-line argument).
   *
   * <p><b>Thread safety:</b> stateless. <b>Cost:</b> one string of at most about six times
   * {@value #SHOWN_CHARS} characters.
   *
   * @param text any text, such as a 10 MB value
   * @return the text quoted, escaped and cut
   * @throws NullPointerException if {@code text} is null
   * @since 0.1
   */
  public static String quote(CharSequence text) {
    Objects.requireNonNull(text, "text");
    int cut = cutAt(text);
    StringBuilder out = new StringBuilder(Math.min(text.length(), SHOWN_CHARS) + 8);
    out.append('"').append(escape(text, cut, true));
    if (cut < text.length()) {
      return out.append("…\" (").append(text.length()).append(" characters)").toString();
    }
    return out.append('"').toString();
  }

  /**
   * Escaped as {@link #quote} does but for {@code "} and backslash (there are no quotes to tell
   * apart), cut with {@code …} and the length.
   */
  private static String escaped(String text) {
    int cut = cutAt(text);
    String head = escape(text, cut, false);
    return cut < text.length() ? head + "… (" + text.length() + " characters)" : head;
  }

  /** Where to cut: {@value #SHOWN_CHARS}, or one less not to split a surrogate pair. */
  private static int cutAt(CharSequence text) {
    if (text.length() <= SHOWN_CHARS) {
      return text.length();
    }
    return Character.isHighSurrogate(text.charAt(SHOWN_CHARS - 1))
            && Character.isLowSurrogate(text.charAt(SHOWN_CHARS))
        ? SHOWN_CHARS - 1
        : SHOWN_CHARS;
  }

  private static String escape(CharSequence text, int end, boolean quoted) {
    StringBuilder out = null;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      String replacement = null;
      if (quoted && (c == '"' || c == '\\')) {
        replacement = "\\" + c;
      } else if (needsEscape(text, i, end, c)) {
        replacement = String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
      }
      if (replacement != null && out == null) {
        out = new StringBuilder(end + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text.subSequence(0, end).toString() : out.toString();
  }

  private static boolean needsEscape(CharSequence text, int i, int end, char c) {
    if (Character.isHighSurrogate(c)) {
      return !(i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1)));
    }
    if (Character.isLowSurrogate(c)) {
      return !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  /** @return the key, such as {@code slo.checkout.objective} */
  public String key() {
    return key;
  }

  /** @return the rule the value broke, such as {@code in (0,1)} */
  public String rule() {
    return rule;
  }

  /**
   * @return the value as given, such as {@code 1.5} (unquoted, uncut); empty for an empty value;
   *     or the description of a {@linkplain #describing described} value
   */
  public String value() {
    return value;
  }

  /**
   * The same rejection under another key, such as the full key of a nested setting: {@code window}
   * rejected by {@link SloWindow} becomes {@code slo.checkout.window}.
   *
   * @param fullKey the key to name, such as {@code slo.checkout.window}
   * @param valueAsWritten the value as written in the configuration, or null to keep {@link
   *     #value()}
   * @return a new exception whose cause is this one
   * @throws NullPointerException if {@code fullKey} is null
   */
  public ConfigException withKey(String fullKey, @Nullable String valueAsWritten) {
    return valueAsWritten == null
        ? new ConfigException(fullKey, rule, value, described, this)
        : new ConfigException(fullKey, rule, valueAsWritten, false, this);
  }

  /**
   * The same rejection with a prefix on its rule, for a rule checked on behalf of another key.
   *
   * @param fullKey the key to name
   * @param rulePrefix put before the rule, such as {@code "under an SLO name of "}
   * @param valueAsWritten the value to show
   */
  ConfigException restated(String fullKey, String rulePrefix, String valueAsWritten) {
    return new ConfigException(fullKey, rulePrefix + rule, valueAsWritten, false, this);
  }
}
