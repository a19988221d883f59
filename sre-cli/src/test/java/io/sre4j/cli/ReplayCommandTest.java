package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReplayCommandTest {

  static final String CONFIG =
      String.join(
          "\n",
          "service=shop",
          "slo.availability.objective=99.9%",
          "slo.latency.sli=latency",
          "slo.latency.threshold=300ms",
          "slo.latency.objective=99%",
          "");

  @TempDir Path dir;
  Path config;

  @BeforeEach
  void config() throws IOException {
    config = Files.writeString(dir.resolve("slo.properties"), CONFIG);
  }

  private List<Traffic.Event> traffic(int count) {
    Traffic traffic =
        new Traffic(
            7,
            Instant.parse("2026-11-01T10:00:00Z"),
            20,
            List.of(new Traffic.Phase(20 * 60_000, 35 * 60_000, 0.2, 0.2)));
    return Traffic.take(traffic, count);
  }

  private Path write(String name, List<String> lines) throws IOException {
    return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
  }

  @Test
  void replaysAccessLinesIntoReportsAndAlertsAtTheSimulatedTimes() throws IOException {
    List<Traffic.Event> events = traffic(60_000); // 50 minutes at 20 rps, an incident at 0:20
    Path file = write("access.jsonl", events.stream().map(Traffic.Event::json).toList());

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(result.code()).isZero();
    List<JsonNode> reports = result.lines("sli_report");
    // one report per SLO per whole minute, the first from 10:00 to 10:01
    assertThat(reports).hasSize(2 * 49);
    assertThat(reports.get(0).path("interval_start").asText())
        .isEqualTo("2026-11-01T10:00:00.000Z");
    assertThat(reports.get(0).path("ts").asText()).isEqualTo("2026-11-01T10:01:00.000Z");
    assertThat(reports.get(0).path("service").asText()).isEqualTo("shop");
    long availabilityValid =
        reports.stream()
            .filter(r -> r.path("slo").asText().equals("availability"))
            .mapToLong(r -> r.path("interval_valid").asLong())
            .sum();
    assertThat(availabilityValid)
        .isLessThanOrEqualTo(events.size())
        .isGreaterThan(events.size() - 2000);
    List<JsonNode> alerts = result.lines("alert");
    assertThat(alerts)
        .anySatisfy(
            alert -> {
              assertThat(alert.path("slo").asText()).isEqualTo("availability");
              assertThat(alert.path("severity").asText()).isEqualTo("page");
              assertThat(alert.path("state").asText()).isEqualTo("firing");
              // evaluations run on the 10 s grid of simulated time, during the incident
              assertThat(alert.path("ts").asText())
                  .matches("2026-11-01T10:(2[0-9]|3[0-4]):[0-5]0\\.000Z");
            });
    long bad = events.stream().filter(Traffic.Event::failed).count();
    assertThat(result.err())
        .contains("60,000 lines read, 60,000 replayed, 0 malformed, 0 ignored")
        .contains("availability: availability, objective 99.9% over 30d")
        .contains(
            String.format(
                "%,d good of %,d valid, %,d bad", events.size() - bad, events.size(), bad))
        .contains("page   firing");
  }

  @Test
  void csvJsonLinesAndStandardInputGiveTheSameLines() throws IOException {
    List<Traffic.Event> events = traffic(30_000);
    Path json = write("access.jsonl", events.stream().map(Traffic.Event::json).toList());
    List<String> csv = new ArrayList<>();
    csv.add("timestamp,route,method,status,duration_ms,error");
    events.forEach(event -> csv.add(event.csv()));
    Path csvFile = write("access.csv", csv);

    Cli.Result fromJson = Cli.run("replay", "--config", config.toString(), json.toString());
    Cli.Result fromCsv = Cli.run("replay", "--config", config.toString(), csvFile.toString());
    Cli.Result fromStdin =
        Cli.run(
            new ByteArrayInputStream(Files.readAllBytes(json)),
            "replay",
            "--config",
            config.toString(),
            "-");

    assertThat(fromJson.code()).isZero();
    assertThat(fromJson.lines("sli_report")).isNotEmpty();
    assertThat(fromCsv.code()).isZero();
    assertThat(fromCsv.out()).isEqualTo(fromJson.out());
    assertThat(fromCsv.err())
        .contains("30,001 lines read, 30,000 replayed, 0 malformed, 1 ignored");
    assertThat(fromStdin.out()).isEqualTo(fromJson.out());
  }

  @Test
  void readsOtherJsonLinesCsvQuotingTimeZonesAndEscapes() throws IOException {
    Path json =
        write(
            "other.jsonl",
            List.of(
                "{\"timestamp\":1793527200000,\"route\":\"/api/\\u00e9t\\u00e9\",\"method\":\"get\",\"status\":200,\"duration_ms\":12}",
                "{\"timestamp\":\"2026-11-01T11:00:01+01:00\",\"route\":\"/api/\u00e9t\u00e9\",\"method\":\"GET\",\"status\":\"503\",\"duration_ms\":1.5e1,\"extra\":{\"a\":[1,2]}}",
                "",
                "{\"ts\":\"2026-11-01T10:00:02.5Z\",\"type\":\"sli_report\",\"slo\":\"x\"}",
                "{ \"ts\" : \"2026-11-01t10:00:03.123456Z\" , \"route\" : \"/api/a\" , \"method\" :"
                    + " \"POST\" , \"status\" : 201 , \"duration_ms\" : 0.000001 , \"error\" : null"
                    + " }"));
    Path csv =
        write(
            "quoted.csv",
            List.of(
                "\uFEFF Method , TS ,route,status,duration_ms,host",
                "GET,2026-11-01T10:00:04Z,\"/api/with,comma\",200,5,a",
                "POST, 1793527205000 ,\"/api/\"\"quoted\"\"\",500,7.25,b"));

    Cli.Result result =
        Cli.run("replay", "--config", config.toString(), json.toString(), csv.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("8 lines read, 5 replayed, 0 malformed, 2 ignored")
        .contains("simulated time 2026-11-01T10:00:00Z .. 2026-11-01T10:00:05Z")
        .contains("(3 good of 5 valid, 2 bad)");
  }

  @Test
  void malformedLinesAreCountedReportedWithTheirNumbersAndSkipped() throws IOException {
    List<Traffic.Event> events = traffic(200);
    List<String> lines = new ArrayList<>(events.stream().map(Traffic.Event::json).toList());
    List<Integer> bad = List.of(3, 10, 11, 20, 40, 41, 42, 60, 80, 100, 120, 150);
    String[] garbage = {
      "not json",
      "{\"ts\":\"2026-13-01T00:00:00Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
      "{\"ts\":\"2026-11-01T10:00:00Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200}",
      "{\"ts\":\"2026-11-01T10:00:00Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":700,\"duration_ms\":1}",
      "{\"ts\":\"2026-11-01T10:00:00Z\",\"route\":\"/a\",\"method\":\"G"
          + " T\",\"status\":200,\"duration_ms\":1}",
      "{\"ts\":\"2026-11-01T10:00:00Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":-1}",
      "{\"ts\":\"2026-11-01T10:00:00Z\",\"route\":\"\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
      "{\"ts\":\"2026-11-01T10:00:00Z\",\"route\":\"/a\"",
      "{\"ts\":\"2026-11-01T10:00:00Z\"} trailing",
      "{\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
      "[1,2,3]",
      "{\"ts\":\"yesterday\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
    };
    for (int i = 0; i < bad.size(); i++) {
      lines.add(bad.get(i) - 1, garbage[i]);
    }
    Path file = write("access.jsonl", lines);

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(result.code()).isEqualTo(1);
    List<String> reported =
        result.errLines().stream()
            .filter(line -> line.startsWith("sre4j replay: malformed line"))
            .toList();
    assertThat(reported).hasSize(10);
    assertThat(
            reported.stream()
                .map(line -> line.replaceAll(".*access\\.jsonl:([0-9]+):.*", "$1"))
                .map(Integer::parseInt)
                .toList())
        .isEqualTo(bad.subList(0, 10));
    assertThat(reported.get(0)).endsWith("access.jsonl:3: not a JSON object");
    assertThat(reported.get(1))
        .endsWith("timestamp must be RFC 3339 or epoch milliseconds but was \"2026-13-01T00:00:00Z\"");
    assertThat(reported.get(2)).endsWith("missing duration_ms");
    assertThat(reported.get(3)).endsWith("status must be an integer 100..599 but was \"700\"");
    assertThat(reported.get(4)).endsWith("method must be letters such as GET but was \"G T\"");
    assertThat(reported.get(5)).endsWith("duration_ms must not be negative but was \"-1\"");
    assertThat(reported.get(6)).endsWith("route must be a non-empty string");
    assertThat(result.err())
        .contains("212 lines read, 200 replayed, 12 malformed")
        .contains("(the first 10 malformed lines are shown above)");
  }

  @Test
  void linesOlderThanTheClockAreRecordedAtItsTimeAndCounted() throws IOException {
    Path file =
        write(
            "access.jsonl",
            List.of(
                "{\"ts\":\"2026-11-01T10:00:10Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
                "{\"ts\":\"2026-11-01T10:00:05Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":500,\"duration_ms\":1}",
                "{\"ts\":\"2026-11-01T10:00:20Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
                "{\"ts\":\"2026-11-01T09:00:00Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}"));

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(result.code()).isZero();
    assertThat(result.err())
        .contains(
            "4 replayed, 0 malformed, 0 ignored (headers, other line types)," + " 2 out of order")
        .contains("(3 good of 4 valid, 1 bad)");
  }

  @Test
  void aCsvFileWithoutItsColumnsIsMalformedLineByLine() throws IOException {
    Path file = write("access.csv", List.of("when,where,what", "1,2,3", "4,5,6"));

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "access.csv:1: not a JSON object, nor a CSV header naming the columns timestamp,"
                + " route, method, status, duration_ms (it was: when,where,what)")
        .contains("access.csv:2: the file has no usable CSV header")
        .contains("3 lines read, 0 replayed, 3 malformed")
        .contains("no access line to replay");
  }

  @Test
  void badConfigurationIsOneLineAndExitCode2() throws IOException {
    Path access = write("a.jsonl", List.of());
    Path bad = Files.writeString(dir.resolve("bad.properties"), "slo.checkout.objective=1.5\n");
    Path unknown =
        Files.writeString(dir.resolve("unknown.properties"), "slo.checkout.objectiv=99%\n");
    Path empty = Files.writeString(dir.resolve("empty.properties"), "service=shop\n");

    for (Object[] c :
        new Object[][] {
          {bad, "bad config " + bad + ": slo.checkout.objective must be in (0,1) but was \"1.5\""},
          {
            unknown,
            "bad config " + unknown + ": slo.checkout.objectiv must be a known sre4j setting"
          },
          {empty, "bad config " + empty + ": it defines no SLO"},
          {
            dir.resolve("missing.properties"),
            "cannot read config " + dir.resolve("missing.properties") + ": no such file"
          }
        }) {
      Cli.Result result = Cli.run("replay", "--config", c[0].toString(), access.toString());
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.out()).isEmpty();
      assertThat(result.errLines()).hasSize(1);
      assertThat(result.err()).startsWith("sre4j replay: " + c[1]);
    }
    Cli.Result missing =
        Cli.run("replay", "--config", config.toString(), dir.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo("sre4j replay: cannot read " + dir.resolve("nope.jsonl") + ": no such file\n");
  }

  @Test
  void writesCloudWatchEmbeddedMetricsWhenTheConfigSaysSo() throws IOException {
    Path emf =
        Files.writeString(
            dir.resolve("emf.properties"), CONFIG + "log.sink=emf\nlog.emf.namespace=shop\n");
    Path file = write("access.jsonl", traffic(3000).stream().map(Traffic.Event::json).toList());

    Cli.Result result = Cli.run("replay", "--config", emf.toString(), file.toString());

    assertThat(result.code()).isZero();
    assertThat(result.lines("sli_report"))
        .isNotEmpty()
        .allSatisfy(
            report ->
                assertThat(
                        report
                            .path("_aws")
                            .path("CloudWatchMetrics")
                            .get(0)
                            .path("Namespace")
                            .asText())
                    .isEqualTo("shop"));
  }

  @Test
  void anEmptyInputReplaysNothing() throws IOException {
    Path file = write("empty.jsonl", List.of());

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(result.code()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("0 lines read, 0 replayed")
        .contains("no access line to replay");
  }

  @Test
  void reportsPerSloCarryTheConfiguredServiceAndSlos() throws IOException {
    List<Traffic.Event> events = traffic(3000);
    Path file = write("access.jsonl", events.stream().map(Traffic.Event::json).toList());

    Cli.Result result = Cli.run("replay", "--config", config.toString(), file.toString());

    assertThat(
            result.lines("sli_report").stream()
                .map(r -> r.path("slo").asText())
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("availability", "latency");
    assertThat(result.lines())
        .allSatisfy(line -> assertThat(line.path("service").asText()).isEqualTo("shop"));
  }

  @Test
  void theSummarySaysAReviewIsRequiredWhenTheBudgetRecoveredWithoutOne() throws IOException {
    Path oneDay = Files.writeString(dir.resolve("one-day.properties"), String.join("\n",
        "service=shop", "slo.availability.objective=99.9%", "slo.availability.window=1d", ""));
    List<String> lines = new ArrayList<>();
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    for (int minute = 0; minute < 2 * 24 * 60; minute++) { // an hour of 500s, then 47 h of 200s
      lines.add("{\"ts\":\"" + start.plusSeconds(60L * minute) + "\",\"type\":\"access\","
          + "\"route\":\"/api/orders\",\"method\":\"GET\",\"status\":" + (minute < 60 ? 500 : 200)
          + ",\"duration_ms\":12}");
    }
    Path file = write("exhaust-then-recover.jsonl", lines);

    Cli.Result result = Cli.run("replay", "--config", oneDay.toString(), file.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.lines("budget_policy")).extracting(line -> line.path("to").asText())
        .contains("exhausted", "review_required");
    assertThat(result.err()).contains("policy review_required")
        .contains("  review required: the budget was exhausted and no review was recorded since;"
            + " the gate denies until one is (POST /sre/reviews)");
  }
}

