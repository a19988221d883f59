package io.sre4j.micrometer;

import io.sre4j.core.ConfigException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small client of Prometheus' HTTP API: instant queries ({@code GET /api/v1/query}) whose result
 * is a vector, on the JDK's {@link HttpClient}.
 *
 * <pre>{@code
 * PrometheusClient prometheus = new PrometheusClient(
 *     PrometheusClient.baseUrl("--prometheus", "http://prometheus:9090"), Optional.empty());
 * long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
 * List<PrometheusClient.Sample> samples = prometheus.query("up", deadline);
 * }</pre>
 *
 * <p>Every call takes a deadline ({@link System#nanoTime()} based) that bounds connecting, sending
 * and reading the whole answer, so that several queries together stay within one timeout. No
 * proxy is used, and redirects are not followed.
 *
 * <p><b>Thread safety:</b> safe; one {@link HttpClient} is shared by all calls. <b>Cost:</b> one
 * HTTP request per query; the answer is read whole into memory (at most {@value #MAX_BODY_CHARS}
 * characters are kept for parsing).
 */
final class PrometheusClient {

  /** The largest answer parsed; a gate reads a few samples per SLO. */
  static final int MAX_BODY_CHARS = 8 * 1024 * 1024;

  private final URI queryUri;
  private final Optional<String> authorization;
  private final HttpClient http;

  /**
   * @param baseUrl Prometheus' base URL, as checked by {@link #baseUrl(String)}
   * @param authorization the value of the {@code Authorization} header ({@code Bearer ...} or
   *     {@code Basic ...}), if any
   */
  PrometheusClient(URI baseUrl, Optional<String> authorization) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String base = baseUrl.toString();
    this.queryUri = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/query");
    this.authorization = Objects.requireNonNull(authorization, "authorization");
    this.http =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Prometheus cannot answer: unreachable, too slow, an HTTP or API error, or a bad answer. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * One sample of an instant vector.
   *
   * @param labels the series' labels, {@code __name__} included when the answer has it
   * @param value the value; may be NaN or infinite
   */
  record Sample(Map<String, String> labels, double value) {
    Sample {
      labels = Map.copyOf(labels);
    }

    /** @return the label's value, or the empty string when absent (as in PromQL) */
    String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  /**
   * Checks a base URL: absolute {@code http} or {@code https}, with a host, and no query or
   * fragment; a path (a route prefix such as {@code /prometheus}) is kept.
   *
   * @param setting the name of the setting, for the message, such as {@code --prometheus}
   * @param text such as {@code http://prometheus:9090}
   * @return the URL
   * @throws IllegalArgumentException if it is not such a URL: {@code <setting> must be an absolute
   *     http(s) URL such as http://prometheus:9090 but was <text>}
   */
  static URI baseUrl(String setting, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getScheme() == null
        || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          setting + " must be an absolute http(s) URL such as http://prometheus:9090 but was "
              + ConfigException.quote(text));
    }
    return uri;
  }

  /** What is wrong with a token file. */
  enum TokenProblem {
    NO_SUCH_FILE,
    UNREADABLE,
    NOT_UTF8,
    EMPTY,
    NOT_ONE_WORD
  }

  /** A token file that cannot be used, and why. */
  static final class BadToken extends Exception {
    private static final long serialVersionUID = 1L;

    final TokenProblem problem;

    BadToken(TokenProblem problem, String detail) {
      super(detail, null, false, false);
      this.problem = problem;
    }
  }

  /**
   * Reads a token file: one line, a bearer token or {@code user:password}.
   *
   * @param file the file; its content is never put in a message
   * @return the {@code Authorization} header's value: {@code Bearer <token>}, or {@code Basic
   *     <base64>} when the line holds a colon
   * @throws BadToken if the file is missing, unreadable, not UTF-8, empty, or not one word
   */
  static String authorization(Path file) throws BadToken {
    String content;
    try {
      byte[] bytes = Files.readAllBytes(file);
      content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw new BadToken(TokenProblem.NO_SUCH_FILE, "no such file");
    } catch (CharacterCodingException e) {
      throw new BadToken(TokenProblem.NOT_UTF8, "not UTF-8 text");
    } catch (IOException e) {
      throw new BadToken(TokenProblem.UNREADABLE, e.getClass().getSimpleName());
    }
    String token = content.strip();
    if (token.isEmpty()) {
      throw new BadToken(TokenProblem.EMPTY, "empty");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c == 0x7f) {
        throw new BadToken(TokenProblem.NOT_ONE_WORD, "not one line without spaces");
      }
    }
    if (token.indexOf(':') >= 0) {
      return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }
    return "Bearer " + token;
  }

  /** @return the URL queries go to: the base URL followed by {@code api/v1/query} */
  URI queryUri() {
    return queryUri;
  }

  /**
   * Runs an instant query at Prometheus' current time.
   *
   * @param promql the query; its result must be an instant vector
   * @param deadlineNanos the {@link System#nanoTime()} by which the whole answer must be read
   * @return the samples, possibly none
   * @throws Unavailable if Prometheus cannot be reached or does not answer by the deadline, answers
   *     with an HTTP status other than 200, reports an error, or sends an answer that is not a
   *     vector; the message says which and never holds the credentials
   * @throws InterruptedException if interrupted while waiting
   */
  List<Sample> query(String promql, long deadlineNanos) throws Unavailable, InterruptedException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      throw new Unavailable("no time left for the query " + promql);
    }
    Duration timeout = Duration.ofNanos(remaining);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    queryUri + "?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET();
    authorization.ifPresent(value -> request.header("Authorization", value));
    HttpResponse<String> response = send(request.build(), remaining);
    String body = response.body() == null ? "" : response.body();
    if (response.statusCode() != 200) {
      String error = apiError(body);
      throw new Unavailable(
          "prometheus at "
              + queryUri
              + " answered HTTP "
              + response.statusCode()
              + (error.isEmpty() ? "" : ": " + error));
    }
    return vector(body);
  }

  private HttpResponse<String> send(HttpRequest request, long remainingNanos)
      throws Unavailable, InterruptedException {
    CompletableFuture<HttpResponse<String>> answer =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      return answer.get(remainingNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new Unavailable(
          "prometheus at " + queryUri + " did not answer within the timeout");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw new Unavailable(
            "prometheus at " + queryUri + " did not answer within the timeout");
      }
      if (cause instanceof ConnectException) {
        throw new Unavailable(
            "cannot connect to prometheus at " + queryUri + ": " + connectFailure(cause));
      }
      throw new Unavailable(
          "cannot query prometheus at "
              + queryUri
              + ": "
              + (cause instanceof IOException && cause.getMessage() != null
                  ? cause.getMessage()
                  : String.valueOf(cause)));
    } catch (CancellationException e) {
      throw new Unavailable("the query to prometheus at " + queryUri + " was cancelled");
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    }
  }

  /** Why a connection failed: an unknown host, or the exception's message. */
  private String connectFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException) {
        return "unknown host " + queryUri.getHost();
      }
    }
    return failure.getMessage() == null ? "connection refused" : failure.getMessage();
  }

  /** The {@code errorType: error} of an API error answer, or an excerpt of the body. */
  private static String apiError(String body) {
    try {
      if (PromJson.parse(body) instanceof Map<?, ?> answer
          && answer.get("error") instanceof String error) {
        return (answer.get("errorType") instanceof String type ? type + ": " : "") + error;
      }
    } catch (PromJson.Malformed notJson) {
      // an excerpt instead
    }
    String text = body.strip().replaceAll("\\s+", " ");
    return text.length() > 200 ? text.substring(0, 197) + "..." : text;
  }

  /** Reads {@code {"status":"success","data":{"resultType":"vector","result":[...]}}}. */
  private List<Sample> vector(String body) throws Unavailable {
    if (body.length() > MAX_BODY_CHARS) {
      throw bad("the answer is longer than " + MAX_BODY_CHARS + " characters");
    }
    try {
      Object parsed = PromJson.parse(body);
      if (!(parsed instanceof Map<?, ?> answer)) {
        throw bad("expected a JSON object but got " + PromJson.show(parsed));
      }
      if (!"success".equals(answer.get("status"))) {
        throw bad(
            "status "
                + PromJson.show(answer.get("status"))
                + (answer.get("error") instanceof String error ? ": " + error : ""));
      }
      if (!(answer.get("data") instanceof Map<?, ?> data)) {
        throw bad("no data object");
      }
      if (!"vector".equals(data.get("resultType"))) {
        throw bad("resultType must be vector but was " + PromJson.show(data.get("resultType")));
      }
      if (!(data.get("result") instanceof List<?> result)) {
        throw bad("no result array");
      }
      List<Sample> out = new ArrayList<>(result.size());
      for (Object element : result) {
        if (!(element instanceof Map<?, ?> sample)
            || !(sample.get("metric") instanceof Map<?, ?> metric)
            || !(sample.get("value") instanceof List<?> value)
            || value.size() != 2) {
          throw bad("a sample must be {\"metric\":{...},\"value\":[time,\"number\"]}");
        }
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<?, ?> label : metric.entrySet()) {
          if (!(label.getValue() instanceof String labelValue)) {
            throw bad("label " + label.getKey() + " is not a string");
          }
          labels.put((String) label.getKey(), labelValue);
        }
        out.add(new Sample(labels, PromJson.sampleValue(value.get(1))));
      }
      return out;
    } catch (PromJson.Malformed e) {
      throw bad(Objects.requireNonNull(e.getMessage())); // Malformed always has one
    }
  }

  private Unavailable bad(String what) {
    return new Unavailable("bad answer from prometheus at " + queryUri + ": " + what);
  }
}
