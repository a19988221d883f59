package io.sre4j.core.log;

import static io.sre4j.core.log.LogFields.*;

import io.sre4j.core.log.LogSink.FieldVisitor;
import io.sre4j.core.log.LogSink.LogRecord;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CloudWatch Embedded Metric Format: JSON Lines in which every {@code sli_report} line ends with an
 * {@code _aws} member declaring its figures as metrics, so that CloudWatch Logs makes metrics from
 * the line with no API call:
 *
 * <pre>{@code
 * {"ts":"...","type":"sli_report","service":"orders","slo":"checkout",...,"sli":0.9995,...,
 *  "_aws":{"Timestamp":1795749512123,"CloudWatchMetrics":[{"Namespace":"sre4j",
 *   "Dimensions":[["service","slo"]],"Metrics":[{"Name":"interval_valid","Unit":"Count"},...]}]}}
 * }</pre>
 *
 * <p>The metrics are top-level members of the line under their field names: the fixed ones of
 * {@link #METRICS}, then every burn rate of the report ({@code burn_rate_5m}, {@code burn_rate_1h},
 * one per lookback of the alert rules; unit {@code None}), at most {@value #MAX_METRICS} in all
 * (CloudWatch's limit per directive; burn rates past it stay in the line undeclared). A metric
 * whose value is not a finite number is left out of the declaration; with no request in the
 * interval the latency metrics are left out too (their zeros would mislead a dashboard). Every
 * other line type is written as plain JSON, with no {@code _aws} block.
 *
 * <p><b>Thread safety:</b> writer thread only. <b>Cost:</b> as {@link JsonLinesSink}; the
 * {@code _aws} block is pre-encoded but for its timestamp, the list of fixed metrics present and
 * the burn-rate names.
 */
final class EmfSink extends JsonLinesSink {

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9.\\-_/#: ]{1,255}");

  /** The metrics of a report line: field name and CloudWatch unit. */
  static final String[][] METRICS = {
    {INTERVAL_VALID, "Count"},
    {INTERVAL_GOOD, "Count"},
    {INTERVAL_BAD, "Count"},
    {INTERVAL_SLI, "None"},
    {WINDOW_VALID, "Count"},
    {WINDOW_BAD, "Count"},
    {SLI, "None"},
    {BUDGET_CONSUMED, "None"},
    {BUDGET_REMAINING, "None"},
    {BURN_RATE_SINCE_DEPLOYMENT, "None"},
    {BAD_SLICES, "Count"},
    {LATENCY_COUNT, "Count"},
    {LATENCY_MAX_MS, "Milliseconds"},
    {LATENCY_P50_MS, "Milliseconds"},
    {LATENCY_P90_MS, "Milliseconds"},
    {LATENCY_P95_MS, "Milliseconds"},
    {LATENCY_P99_MS, "Milliseconds"},
    {LATENCY_P999_MS, "Milliseconds"},
    {APDEX, "None"},
    {DROPPED_LINES, "Count"},
  };

  /** The most metrics one line declares: {@value}, CloudWatch's limit per metric directive. */
  static final int MAX_METRICS = 100;

  private static final Map<String, Integer> INDEX = new HashMap<>();
  private static final byte[] BURN_DECLARATION_START = "{\"Name\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BURN_DECLARATION_END = ",\"Unit\":\"None\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[][] DECLARATIONS = new byte[METRICS.length][];
  private static final byte[] COMMA = {','};

  static {
    for (int i = 0; i < METRICS.length; i++) {
      INDEX.put(METRICS[i][0], i);
      DECLARATIONS[i] = ("{\"Name\":\"" + METRICS[i][0] + "\",\"Unit\":\"" + METRICS[i][1] + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private final byte[] awsStart = "{\"Timestamp\":".getBytes(StandardCharsets.UTF_8);
  private final byte[] awsMiddle;
  private final byte[] awsEnd = "]}]}".getBytes(StandardCharsets.UTF_8);
  private final boolean[] present = new boolean[METRICS.length];
  private final String[] burnRates = new String[MAX_METRICS];
  private int burnRateCount;
  private final MetricVisitor visitor = new MetricVisitor();

  EmfSink(OutputStream out, boolean closeStream, String namespace) {
    super(out, closeStream);
    this.awsMiddle = (",\"CloudWatchMetrics\":[{\"Namespace\":\"" + requireNamespace(namespace)
        + "\",\"Dimensions\":[[\"" + SERVICE + "\",\"" + SLO + "\"]],\"Metrics\":[")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What a namespace must be, for messages and the configuration reference. */
  static final String NAMESPACE_RULE =
      "1 to 255 characters of A-Z a-z 0-9 . - _ / # : and space, not starting with AWS/";

  static boolean validNamespace(String namespace) {
    return namespace != null && NAMESPACE.matcher(namespace).matches()
        && !namespace.startsWith("AWS/");
  }

  static String requireNamespace(String namespace) {
    if (!validNamespace(namespace)) {
      throw new IllegalArgumentException(
          "log.emf.namespace must be " + NAMESPACE_RULE + ", but was " + namespace);
    }
    return namespace;
  }

  @Override
  void format(LogRecord record) {
    if (!TYPE_SLI_REPORT.equals(record.type())) {
      super.format(record);
      return;
    }
    Arrays.fill(present, false);
    burnRateCount = 0;
    visitor.latencyEmpty = false;
    json.beginObject();
    record.fields(visitor);
    json.name("_aws");
    json.raw(awsStart);
    json.rawLong(record.epochMillis());
    json.raw(awsMiddle);
    boolean first = true;
    int declared = 0;
    for (int i = 0; i < METRICS.length; i++) {
      if (present[i]) {
        if (!first) {
          json.raw(COMMA);
        }
        json.raw(DECLARATIONS[i]);
        first = false;
        declared++;
      }
    }
    for (int i = 0; i < burnRateCount && declared < MAX_METRICS; i++) {
      if (!first) {
        json.raw(COMMA);
      }
      json.raw(BURN_DECLARATION_START);
      json.rawString(burnRates[i]);
      json.raw(BURN_DECLARATION_END);
      first = false;
      declared++;
    }
    Arrays.fill(burnRates, 0, burnRateCount, null);
    json.raw(awsEnd);
    json.endLine();
  }

  /** Writes fields through to the JSON writer and notes which metrics have a finite value. */
  private final class MetricVisitor implements FieldVisitor {
    boolean latencyEmpty;

    private void note(String name, boolean finite) {
      Integer index = INDEX.get(name);
      if (index != null && finite && !(latencyEmpty && isLatency(name))) {
        present[index] = true;
      }
    }

    private boolean isLatency(String name) {
      return name.startsWith("latency_") && !name.equals(LATENCY_COUNT);
    }

    @Override
    public void string(String name, CharSequence value) {
      json.string(name, value);
    }

    @Override
    public void integer(String name, long value) {
      json.integer(name, value);
      if (name.equals(LATENCY_COUNT)) {
        latencyEmpty = value == 0;
      }
      note(name, true);
    }

    @Override
    public void decimal(String name, double value) {
      json.decimal(name, value);
      note(name, Double.isFinite(value));
      if (Double.isFinite(value) && name.startsWith(BURN_RATE_PREFIX) && !INDEX.containsKey(name)
          && burnRateCount < burnRates.length) {
        burnRates[burnRateCount++] = name;
      }
    }

    @Override
    public void millis(String name, long nanos) {
      json.millis(name, nanos);
      note(name, true);
    }

    @Override
    public void timestamp(String name, long epochMillis) {
      json.timestamp(name, epochMillis);
    }

    @Override
    public void bool(String name, boolean value) {
      json.bool(name, value);
    }
  }
}
