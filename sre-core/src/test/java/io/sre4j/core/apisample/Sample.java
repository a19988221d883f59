package io.sre4j.core.apisample;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/** A public type of every kind, for ApiSurfaceTest; not used elsewhere. */
public abstract class Sample implements Comparable<Sample>, Supplier<String> {

  public static final int LIMIT = 3;
  protected String name = "";
  int hidden;

  protected Sample() {}

  Sample(int hidden) {
    this.hidden = hidden;
  }

  // a bridge method compareTo(Object) is generated: not API
  @Override
  public int compareTo(Sample other) {
    return name.compareTo(other.name);
  }

  @Override
  public abstract String get();

  public static <T extends Comparable<? super T>> List<T> sorted(List<? extends T> values,
      String... labels) throws IOException {
    return List.copyOf(values);
  }

  void notApi() {
    Runnable anonymous = new Runnable() {
      @Override
      public void run() {}
    };
    anonymous.run();
  }

  /** A record: its accessors are methods. */
  public record Pair(String left, long[] right) {}

  /** An enum. */
  public enum Kind { GOOD, BAD }

  /** A sealed interface. */
  public sealed interface Shape permits Square {
    default int sides() {
      return 4;
    }

    double area();
  }

  /** The sealed interface's only implementation. */
  public static final class Square implements Shape {
    @Override
    public double area() {
      return 1;
    }
  }

  /** Not exported: its enclosing type is package-private. */
  static final class Hidden {
    /** Public, but inside a package-private type. */
    public static final class Inner {}
  }
}
