package io.sre4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One multi-window burn-rate condition: the burn rate over {@code longWindow} and over
 * {@code shortWindow} are both at least {@code factor}. The long window makes the alert
 * significant; the short one makes it reset quickly once the burn stops.
 *
 * <p>An alert of a severity fires when any of its rules holds and resolves when none does. The
 * defaults are the Google SRE Workbook's table:
 *
 * <table>
 *   <caption>Default rules</caption>
 *   <tr><th>severity</th><th>long</th><th>short</th><th>factor</th><th>budget spent</th></tr>
 *   <tr><td>page</td><td>1 h</td><td>5 m</td><td>14.4</td><td>2 % of 30 days in 1 h</td></tr>
 *   <tr><td>page</td><td>6 h</td><td>30 m</td><td>6</td><td>5 % of 30 days in 6 h</td></tr>
 *   <tr><td>ticket</td><td>3 d</td><td>6 h</td><td>1</td><td>10 % of 30 days in 3 d</td></tr>
 * </table>
 *
 * <p>Written in configuration as {@code severity:long/short:factor}, comma-separated:
 * {@code page:1h/5m:14.4,page:6h/30m:6,ticket:3d/6h:1}.
 *
 * @param severity lowercase name such as {@code page} or {@code ticket}
 * @param longWindow the long lookback, longer than {@code shortWindow} and at most 3 days
 * @param shortWindow the short lookback, at least 1 minute
 * @param factor the burn rate both lookbacks must reach, positive
 * @since 0.1
 */
public record AlertRule(String severity, Duration longWindow, Duration shortWindow, double factor) {

  /** The severity that pages; a firing page alert also puts the budget policy at risk. */
  public static final String PAGE = "page";

  /** The severity that opens a ticket. */
  public static final String TICKET = "ticket";

  /** The longest lookback a rule may use: what the finest three bucket tiers span. */
  public static final Duration MAX_WINDOW = Duration.ofDays(3);

  private static final Pattern SEVERITY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private static final List<AlertRule> DEFAULTS = List.of(
      new AlertRule(PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
      new AlertRule(PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 6),
      new AlertRule(TICKET, Duration.ofDays(3), Duration.ofHours(6), 1));

  /** Validates the fields. */
  public AlertRule {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(longWindow, "longWindow");
    Objects.requireNonNull(shortWindow, "shortWindow");
    if (!SEVERITY.matcher(severity).matches()) {
      throw ConfigValues.reject("alert severity", "lowercase letters, digits, - or _", severity);
    }
    ConfigValues.requireBetween("alert short window", shortWindow, Duration.ofMinutes(1), MAX_WINDOW);
    ConfigValues.requireBetween("alert long window", longWindow, Duration.ofMinutes(1), MAX_WINDOW);
    if (longWindow.compareTo(shortWindow) <= 0) {
      throw ConfigValues.reject("alert long window", "longer than the short window "
          + ConfigValues.format(shortWindow), ConfigValues.format(longWindow));
    }
    if (!(factor > 0 && Double.isFinite(factor))) {
      throw ConfigValues.reject("alert factor", "a positive number", factor);
    }
  }

  /** @return the three default rules: two page rules and one ticket rule */
  public static List<AlertRule> defaults() {
    return DEFAULTS;
  }

  /**
   * Parses {@code page:1h/5m:14.4,ticket:3d/6h:1}.
   *
   * @param key the configuration key, for messages
   * @param text the rules
   * @return the rules, in order
   * @throws IllegalArgumentException naming {@code key} and the bad rule
   */
  static List<AlertRule> parse(String key, String text) {
    List<AlertRule> rules = new ArrayList<>();
    for (String part : text.split(",")) {
      String rule = part.trim();
      String[] fields = rule.split(":");
      String[] windows = fields.length == 3 ? fields[1].split("/") : new String[0];
      if (windows.length != 2) {
        throw ConfigValues.reject(key, "rules such as page:1h/5m:14.4", rule);
      }
      // parseDuration's message already names the key: only the rule's own checks get the prefix
      Duration longWindow = ConfigValues.parseDuration(key, windows[0]);
      Duration shortWindow = ConfigValues.parseDuration(key, windows[1]);
      double factor;
      try {
        factor = Double.parseDouble(fields[2].trim());
      } catch (NumberFormatException e) {
        throw ConfigValues.reject(key, "rules such as page:1h/5m:14.4", rule);
      }
      try {
        rules.add(new AlertRule(fields[0].trim(), longWindow, shortWindow, factor));
      } catch (IllegalArgumentException e) {
        throw ConfigValues.reject(key, "rules such as page:1h/5m:14.4 (" + e.getMessage() + ")", rule);
      }
    }
    return List.copyOf(rules);
  }

  /** @return this rule as written in configuration */
  public String describe() {
    return severity + ":" + ConfigValues.format(longWindow) + "/" + ConfigValues.format(shortWindow)
        + ":" + factor;
  }
}
