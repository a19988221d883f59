package io.sre4j.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhTablesTest {

  @TempDir
  Path dir;

  @Test
  void ratiosAreAgainstMicrometerPercentilesAtTheSameThreadCount() throws Exception {
    Path t1 = dir.resolve("t1.csv");
    Files.writeString(t1, """
        "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: filter","Param: impl","Param: sample"
        "io.sre4j.benchmarks.RecordBenchmark.record","avgt",1,6,300.0,10.0,"ns/op",,"micrometerPercentiles",
        "io.sre4j.benchmarks.RecordBenchmark.record:gc.alloc.rate.norm","avgt",1,6,0.001,0.001,"B/op",,"micrometerPercentiles",
        "io.sre4j.benchmarks.RecordBenchmark.record","avgt",1,6,60.0,2.0,"ns/op",,"sre4j",
        "io.sre4j.benchmarks.RecordBenchmark.record:gc.alloc.rate.norm","avgt",1,6,0.002,0.001,"B/op",,"sre4j",
        "io.sre4j.benchmarks.ReadBenchmark.snapshot30d","avgt",1,6,12.5,0.5,"us/op",,,
        "io.sre4j.benchmarks.FilterBenchmark.doFilter","avgt",1,6,5.0,0.1,"ns/op","none",,
        "io.sre4j.benchmarks.FilterBenchmark.doFilter","avgt",1,6,95.0,3.0,"ns/op","sre4j",,
        """);
    JmhTables tables = new JmhTables();
    tables.read(t1);
    String md = tables.markdown();
    assertThat(md).contains("| **sre4j `Endpoint.record`** (2 SLOs + percentiles + bands) | 60.0 ± 2.0 | 0.00 | 0.20 |");
    assertThat(md).contains("1 thread: 60.0 ns = 0.20× Micrometer percentiles (target ≤ 0.50) ✅");
    assertThat(md).contains("| 12.50 ± 0.50 |").contains("< 1 ms ✅");
    assertThat(md).contains("+90.0 ns");
  }

  @Test
  void fourThreadsAndTheScalingTargetsAndIntervalCloseAreReported() throws Exception {
    Path t1 = dir.resolve("t1.csv");
    Files.writeString(t1, """
        "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: impl","Param: recordsPerEndpoint"
        "io.sre4j.benchmarks.RecordBenchmark.record","avgt",1,6,20.0,1.0,"ns/op","sre4j",
        "io.sre4j.benchmarks.IntervalCloseBenchmark.close100Endpoints","avgt",1,6,42.0,1.5,"us/op",,"1000"
        """);
    Path t2 = dir.resolve("t2.csv");
    Files.writeString(t2, """
        "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: impl"
        "io.sre4j.benchmarks.RecordBenchmark.record","avgt",2,6,30.0,1.0,"ns/op","sre4j"
        "io.sre4j.benchmarks.RecordBenchmark.record","avgt",2,6,25.0,1.0,"ns/op","micrometerTimer"
        """);
    Path t4 = dir.resolve("t4.csv");
    Files.writeString(t4, """
        "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: impl"
        "io.sre4j.benchmarks.RecordBenchmark.record","avgt",4,6,55.0,5.0,"ns/op","sre4j"
        """);
    JmhTables tables = new JmhTables();
    tables.read(t1);
    tables.read(t2);
    tables.read(t4);
    String md = tables.markdown();
    assertThat(md).contains("| **sre4j `Endpoint.record`** (2 SLOs + percentiles + bands) | 20.0 ± 1.0 | – | – "
        + "| 30.0 ± 1.0 | – | – | 55.0 ± 5.0 | – | – |");
    assertThat(md).contains("at 2 threads sre4j takes 1.50× its 1-thread time (target ≤ 2) ✅ and "
        + "1.20× a plain Micrometer `Timer.record` at 2 threads (target ≤ 2) ✅;");
    assertThat(md).contains("| close one interval of 100 endpoints, 1,000 requests each (`tick`) | 42.00 ± 1.50 |");
  }

  @Test
  void splitsQuotedCells() {
    assertThat(JmhTables.split("\"a,b\",1,,\"c\"")).containsExactly("a,b", "1", "", "c");
  }
}
