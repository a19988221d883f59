package io.sre4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ApiSurfaceTest {

  private final ApiSurface sample =
      ApiSurface.of(Path.of("target/test-classes"), "io.sre4j.core.apisample");

  @Test
  void listsPublicAndProtectedMembersOfExportedTypesOnly() {
    assertThat(sample.lines()).containsExactly(
        "public abstract class io.sre4j.core.apisample.Sample"
            + " implements Comparable<Sample>, java.util.function.Supplier<String>",
        "  protected Sample()",
        "  protected String name",
        "  public abstract String get()",
        "  public int compareTo(Sample)",
        "  public static <T extends Comparable<? super T>> java.util.List<T>"
            + " sorted(java.util.List<? extends T>, String...) throws java.io.IOException",
        "  public static final int LIMIT",
        "public enum io.sre4j.core.apisample.Sample.Kind",
        "  public static Sample.Kind valueOf(String)",
        "  public static Sample.Kind[] values()",
        "  public static final Sample.Kind BAD",
        "  public static final Sample.Kind GOOD",
        "public record io.sre4j.core.apisample.Sample.Pair",
        "  public Sample.Pair(String, long[])",
        "  public String left()",
        "  public final String toString()",
        "  public final boolean equals(Object)",
        "  public final int hashCode()",
        "  public long[] right()",
        "public sealed interface io.sre4j.core.apisample.Sample.Shape permits Sample.Square",
        "  public default int sides()",
        "  public double area()",
        "public static final class io.sre4j.core.apisample.Sample.Square"
            + " implements Sample.Shape",
        "  public Sample.Square()",
        "  public double area()");
  }

  @Test
  void countsPublicTopLevelTypesAndMethods() {
    assertThat(sample.topLevelTypes()).isEqualTo(1);
    assertThat(sample.methods()).isEqualTo(13);
  }

  @Test
  void diffNamesTheTypeOfEachChangedMember() {
    List<String> before = List.of("public final class a.B", "  public int size()");
    List<String> after = List.of("public final class a.B", "  public long size()");

    assertThat(ApiSurface.diff(before, after)).isEqualTo(
        "- public final class a.B :: public int size()\n"
            + "+ public final class a.B :: public long size()");
  }
}
