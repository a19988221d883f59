package io.sre4j.core;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A post-exhaustion review: the teams involved met after an SLO ran out of error budget, found the
 * cause and agreed on a response. Recording one ({@link SloRegistry#recordReview}) closes the SLO's
 * {@link SloStatus.BudgetState#REVIEW_REQUIRED review requirement}; it is written as a {@code
 * review} log line and listed in the status document.
 *
 * <pre>{@code
 * registry.recordReview("checkout-availability", new Review("alice", clock.now(),
 *     "bad config push; rollback took 40 min", List.of("canary config pushes"),
 *     Optional.of(URI.create("https://wiki.example.com/pm/1234"))));
 * }</pre>
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> the lists are copied once.
 *
 * @param who who recorded it (the review's owner), 1 to {@value #MAX_WHO} characters, not blank
 * @param when when the review was held
 * @param summary what happened and why, 1 to {@value #MAX_SUMMARY} characters, not blank
 * @param actions the actions agreed, at most {@value #MAX_ACTIONS}, each 1 to {@value
 *     #MAX_ACTION} characters, not blank; may be empty
 * @param link a link to the write-up, an absolute http(s) URL, if any
 * @since 0.3
 */
public record Review(
    String who, Instant when, String summary, List<String> actions, Optional<URI> link) {

  /** The longest {@code who}: {@value} characters. */
  public static final int MAX_WHO = 128;

  /** The longest {@code summary}: {@value} characters. */
  public static final int MAX_SUMMARY = 2048;

  /** The most actions: {@value}. */
  public static final int MAX_ACTIONS = 20;

  /** The longest action: {@value} characters. */
  public static final int MAX_ACTION = 512;

  /**
   * Validates the fields.
   *
   * @throws ConfigException naming {@code review who}, {@code review summary}, {@code review
   *     actions} or {@code review link}, such as {@code review who must be 1 to 128 characters, not
   *     blank but was ""}
   */
  public Review {
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(link, "link");
    text("review who", who, MAX_WHO);
    text("review summary", summary, MAX_SUMMARY);
    actions = List.copyOf(actions);
    if (actions.size() > MAX_ACTIONS) {
      throw ConfigValues.reject("review actions", "at most " + MAX_ACTIONS + " actions",
          actions.size() + " actions");
    }
    for (String action : actions) {
      text("review actions", action, MAX_ACTION);
    }
    if (link.isPresent()) {
      URI uri = link.get();
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || uri.getHost() == null
          || !(scheme.equals("http") || scheme.equals("https"))) {
        throw ConfigValues.reject("review link", "an absolute http(s) URL", uri.toString());
      }
    }
  }

  /** Rejects blank or too long text, naming {@code key}. */
  static void text(String key, String value, int max) {
    if (value.isBlank() || value.length() > max) {
      throw ConfigValues.reject(key, "1 to " + max + " characters, not blank", value);
    }
  }
}
