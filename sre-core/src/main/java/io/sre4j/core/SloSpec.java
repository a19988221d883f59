package io.sre4j.core;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The definition of one SLO: what is measured ({@link Sli}), how good it must be (objective), over
 * which window, budgeted how, on which endpoints.
 *
 * <pre>{@code
 * SloSpec checkout = SloSpec.builder("checkout-availability")
 *     .sli(Sli.availability())
 *     .objective(0.999)
 *     .window(SloWindow.rolling(Duration.ofDays(30)))
 *     .endpoints(EndpointSelector.routes("/api/checkout/**").methods("POST"))
 *     .build();
 * }</pre>
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param name unique name, 1 to 64 characters of {@code [A-Za-z0-9_-]}
 * @param sli what is measured
 * @param objective the target good/valid ratio, in (0,1)
 * @param window the compliance window
 * @param budgeting occurrences or time slices
 * @param endpoints which endpoints count
 * @param classifier which statuses are bad or excluded
 * @since 0.1
 */
public record SloSpec(
    String name,
    Sli sli,
    double objective,
    SloWindow window,
    Budgeting budgeting,
    EndpointSelector endpoints,
    StatusClassifier classifier) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Validates every field; messages name the configuration key {@code slo.<name>.<field>}. */
  public SloSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw ConfigValues.reject("slo name", "1 to 64 characters of [A-Za-z0-9_-]", name);
    }
    Objects.requireNonNull(sli, "sli");
    ConfigValues.requireOpenUnitInterval(key(name, "objective"), objective);
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(budgeting, "budgeting");
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(classifier, "classifier");
    if (budgeting instanceof Budgeting.Timeslices slices
        && slices.slice().compareTo(window.nominalLength()) > 0) {
      throw ConfigValues.reject(
          key(name, "slice"),
          "at most the window " + window.describe(),
          ConfigValues.format(slices.slice()));
    }
  }

  static String key(String sloName, String field) {
    return "slo." + sloName + "." + field;
  }

  /**
   * A builder with the defaults: availability, 99.9 %, rolling 30 days, occurrences, every
   * endpoint, 5xx and thrown bad.
   *
   * @param name the SLO's name, see {@link SloSpec}
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Whether this SLO uses a calendar window.
   *
   * @return true for month and week windows
   */
  public boolean isCalendar() {
    return window instanceof SloWindow.Calendar;
  }

  /**
   * A single-use builder of {@link SloSpec}.
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread.
   */
  public static final class Builder {
    private final String name;
    private Sli sli = Sli.availability();
    private double objective = 0.999;
    private SloWindow window = SloWindow.rolling(Duration.ofDays(30));
    private Budgeting budgeting = Budgeting.occurrences();
    private EndpointSelector endpoints = EndpointSelector.all();
    private StatusClassifier classifier = StatusClassifier.defaults();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** @param sli what is measured @return this builder */
    public Builder sli(Sli sli) {
      this.sli = Objects.requireNonNull(sli, "sli");
      return this;
    }

    /** @param objectiveRatio the target, in (0,1), e.g. 0.999 @return this builder */
    public Builder objective(double objectiveRatio) {
      this.objective = objectiveRatio;
      return this;
    }

    /**
     * @param objective the target as written in configuration: {@code 99.9%} or {@code 0.999}
     * @return this builder
     * @throws IllegalArgumentException if it is not a number, naming {@code slo.<name>.objective}
     */
    public Builder objective(String objective) {
      this.objective = ConfigValues.parseRatio(key(name, "objective"), objective);
      return this;
    }

    /** @param window the compliance window @return this builder */
    public Builder window(SloWindow window) {
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    /** @param budgeting occurrences or time slices @return this builder */
    public Builder budgeting(Budgeting budgeting) {
      this.budgeting = Objects.requireNonNull(budgeting, "budgeting");
      return this;
    }

    /** @param endpoints which endpoints count @return this builder */
    public Builder endpoints(EndpointSelector endpoints) {
      this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
      return this;
    }

    /** @param classifier which statuses are bad or excluded @return this builder */
    public Builder classifier(StatusClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return a new, validated spec
     * @throws IllegalArgumentException naming the key and value of the first bad setting
     */
    public SloSpec build() {
      return new SloSpec(name, sli, objective, window, budgeting, endpoints, classifier);
    }
  }

  /**
   * Error-budget arithmetic that needs no traffic: what an objective allows over a window.
   *
   * <pre>{@code
   * ErrorBudget.allowedDowntime(0.9999, Duration.ofDays(30)); // PT4M19.2S, 4.32 minutes
   * }</pre>
   *
   * <p><b>Thread safety:</b> stateless.
   *
   * @since 0.1
   */
  public static final class ErrorBudget {

    private ErrorBudget() {}

    /**
     * The bad fraction an objective allows: {@code 1 − objective}.
     *
     * @param objective the target ratio, in (0,1)
     * @return the allowed bad fraction, in (0,1)
     * @throws IllegalArgumentException if {@code objective} is not in (0,1)
     */
    public static double allowedBadFraction(double objective) {
      return 1.0 - ConfigValues.requireOpenUnitInterval("objective", objective);
    }

    /**
     * The downtime an objective allows over a window: {@code (1 − objective) × window}, to the
     * millisecond (rounded to nearest).
     *
     * @param objective the target ratio, in (0,1)
     * @param window the window, positive
     * @return the allowed downtime
     * @throws IllegalArgumentException if {@code objective} is not in (0,1) or {@code window} is not
     *     positive
     */
    public static Duration allowedDowntime(double objective, Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw ConfigValues.reject("window", "positive", ConfigValues.format(window));
      }
      double millis = window.toMillis() * allowedBadFraction(objective);
      return Duration.ofMillis(Math.round(millis));
    }
  }
}
