package io.sre4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rejected configuration value, with the key, the rule it broke and the value as data. Its
 * message is {@code "<key> must be <rule> but was <value>"}, such as {@code slo.checkout.objective
 * must be in (0,1) but was 1.5}; an empty value reads {@code an empty string}.
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

  /**
   * A rejection.
   *
   * @param key the configuration key, or a short name such as {@code window}; not null
   * @param rule what the value must be, such as {@code in (0,1)}; not null
   * @param value the value as given, written with {@link String#valueOf(Object)}
   * @throws NullPointerException if {@code key} or {@code rule} is null
   */
  public ConfigException(String key, String rule, Object value) {
    this(key, rule, String.valueOf(value), null);
  }

  private ConfigException(String key, String rule, String value, @Nullable Throwable cause) {
    super(message(key, rule, value), cause);
    this.key = key;
    this.rule = rule;
    this.value = value;
  }

  /**
   * The one place the message is written.
   *
   * @throws NullPointerException if {@code key} or {@code rule} is null
   */
  private static String message(String key, String rule, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(rule, "rule");
    return key + " must be " + rule + " but was " + (value.isEmpty() ? "an empty string" : value);
  }

  /** @return the key, such as {@code slo.checkout.objective} */
  public String key() {
    return key;
  }

  /** @return the rule the value broke, such as {@code in (0,1)} */
  public String rule() {
    return rule;
  }

  /** @return the value as given, such as {@code 1.5}; empty for an empty value */
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
    return new ConfigException(
        fullKey, rule, valueAsWritten == null ? value : valueAsWritten, this);
  }

  /**
   * The same rejection with a prefix on its rule, for a rule checked on behalf of another key.
   *
   * @param fullKey the key to name
   * @param rulePrefix put before the rule, such as {@code "under an SLO name of "}
   * @param valueAsWritten the value to show
   */
  ConfigException restated(String fullKey, String rulePrefix, String valueAsWritten) {
    return new ConfigException(fullKey, rulePrefix + rule, valueAsWritten, this);
  }
}
