package io.sre4j.core.log;

/**
 * A reusable view of a string cut to a limit: the first {@code limit − 1} chars, one fewer if the
 * cut would split a surrogate pair, then {@value LogFields#TRUNCATION_MARK}. So a value is never
 * longer than the limit (in UTF-16 chars), and a cut value always ends with the mark.
 *
 * <p><b>Thread safety:</b> not thread-safe; owned by the writer thread. <b>Cost:</b> no allocation
 * in {@link #of}; {@link #toString()} and {@link #subSequence} allocate.
 */
final class Truncated implements CharSequence {

  private final int limit;
  private String source = "";
  private int kept;

  /** @param limit the longest value, at least 2 chars */
  Truncated(int limit) {
    this.limit = limit;
  }

  /**
   * @param value any string
   * @return {@code value} itself if it fits, else this view of its cut form (valid until the next
   *     call)
   */
  CharSequence of(String value) {
    if (value.length() <= limit) {
      return value;
    }
    int end = limit - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1)) && Character.isLowSurrogate(value.charAt(end))) {
      end--;
    }
    source = value;
    kept = end;
    return this;
  }

  /** The cut form of {@code value} as a new string: what {@link #of} shows. */
  static String cut(String value, int limit) {
    return new Truncated(limit).of(value).toString();
  }

  @Override
  public int length() {
    return kept + 1;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index > kept) {
      throw new IndexOutOfBoundsException(index);
    }
    return index < kept ? source.charAt(index) : '\u2026';
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().subSequence(start, end);
  }

  @Override
  public String toString() {
    return source.substring(0, kept) + LogFields.TRUNCATION_MARK;
  }
}
