package io.sre4j.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Fixed-memory time buckets of valid and bad events for one SLO, in tiers of growing width, so that
 * any lookback from seconds to the whole window is a sum over at most a few thousand buckets and the
 * memory never grows with traffic.
 *
 * <table>
 *   <caption>Tiers</caption>
 *   <tr><th>tier</th><th>bucket</th><th>buckets</th><th>span</th><th>answers</th></tr>
 *   <tr><td>0</td><td>10 s</td><td>360</td><td>1 h</td><td>5 m, 30 m, 1 h</td></tr>
 *   <tr><td>1</td><td>1 min</td><td>360</td><td>6 h</td><td>up to 6 h</td></tr>
 *   <tr><td>2</td><td>10 min</td><td>432</td><td>3 d</td><td>up to 3 d</td></tr>
 *   <tr><td>3</td><td>30 min (wider past 31 d)</td><td>window / width</td><td>the window</td>
 *       <td>the rolling compliance window (absent for calendar windows)</td></tr>
 * </table>
 *
 * <p><b>Edge error:</b> a lookback {@code w} is answered by the finest tier that spans it, as the
 * sum of the {@code ceil(w / width)} newest buckets, the newest being the one in progress. The span
 * covered is therefore between {@code w − width} and {@code w}: at most one bucket of the tier
 * (10 s for 5 m, 30 m and 1 h; 1 min for 6 h; 10 min for 3 d; 30 min for a 30-day window).
 *
 * <p>Tier 3 also keeps, per bucket, the requests left out for maintenance and the bad time slices.
 *
 * <p><b>Memory</b> for a 30-day rolling SLO: 1,152 buckets of two {@code long}s in tiers 0–2 and
 * 1,440 buckets of three {@code long}s (valid, bad, maintenance) in tier 3, plus one {@code int}
 * (bad slices) with time-slice budgeting: 52,992 bytes of arrays, 58,752 with time slices; see
 * {@link #retainedBytes()} for the figure with headers.
 *
 * <p><b>Thread safety:</b> none; the owner serialises every call (the registry's tick lock).
 * <b>Cost:</b> {@link #add} is O(tiers) amortised; {@link #sum} reads at most half a tier's
 * buckets: each tier keeps the running total of its whole ring, so a lookback of more than half
 * the ring is the total minus the older buckets left out (the burn-rate windows that span a whole
 * tier, 1 h, 6 h, 3 d and the compliance window, read no bucket at all). Each tier also keeps the
 * running sums of the first two shorter lookbacks asked of it (5 m and 30 m with the default
 * rules), updated as buckets are added and cleared: a sum at or after the newest bucket then
 * reads only the buckets between (none or one at an evaluation).
 */
final class TieredCounts {

  static final long TIER3_MIN_WIDTH_MILLIS = Duration.ofMinutes(30).toMillis();
  static final int TIER3_MAX_BUCKETS = 31 * 48;

  private final Tier[] tiers;

  /**
   * @param rollingWindow the rolling window the last tier must span, or {@code null} for none
   * @param withSlices whether the last tier keeps bad time-slice counts
   */
  TieredCounts(@Nullable Duration rollingWindow, boolean withSlices) {
    Tier t0 = new Tier(10_000, 360, false, false);
    Tier t1 = new Tier(60_000, 360, false, false);
    Tier t2 = new Tier(600_000, 432, false, false);
    if (rollingWindow == null) {
      tiers = new Tier[] {t0, t1, t2};
    } else {
      long windowMillis = rollingWindow.toMillis();
      long units = ceilDiv(windowMillis, TIER3_MIN_WIDTH_MILLIS * TIER3_MAX_BUCKETS);
      long width = TIER3_MIN_WIDTH_MILLIS * units;
      int length = (int) ceilDiv(windowMillis, width);
      tiers = new Tier[] {t0, t1, t2, new Tier(width, length, withSlices, true)};
    }
  }

  /** Adds counts at {@code timeMillis}; times must not go backwards by more than a tier's span. */
  void add(long timeMillis, long valid, long bad) {
    for (Tier tier : tiers) {
      tier.add(timeMillis, valid, bad);
    }
  }

  /** Adds requests left out for maintenance at {@code timeMillis} (only the last tier keeps them). */
  void addMaintenance(long timeMillis, long requests) {
    Tier last = tiers[tiers.length - 1];
    if (last.maintenance != null) {
      last.addMaintenance(timeMillis, requests);
    }
  }

  /** Adds one bad slice that started at {@code sliceStartMillis} (only the last tier keeps them). */
  void addBadSlice(long sliceStartMillis) {
    Tier last = tiers[tiers.length - 1];
    if (last.badSlices != null) {
      last.addBadSlice(sliceStartMillis);
    }
  }

  /**
   * Sums the buckets covering {@code lookbackMillis} up to {@code nowMillis}.
   *
   * @return {valid, bad, badSlices, startMillis of the oldest bucket summed, maintenance}
   */
  long[] sum(long nowMillis, long lookbackMillis) {
    Tier tier = tierFor(lookbackMillis);
    int buckets = lookbackMillis >= tier.widthMillis * tier.length ? tier.length // no division
        : (int) ceilDiv(lookbackMillis, tier.widthMillis);
    return tier.sum(nowMillis, buckets);
  }

  /** The bucket width that answers {@code lookbackMillis}, which is also its edge error. */
  long resolutionMillis(long lookbackMillis) {
    return tierFor(lookbackMillis).widthMillis;
  }

  /** The longest lookback answerable. */
  long maxLookbackMillis() {
    Tier last = tiers[tiers.length - 1];
    return last.widthMillis * last.length;
  }

  private Tier tierFor(long lookbackMillis) {
    for (Tier tier : tiers) {
      if (tier.widthMillis * tier.length >= lookbackMillis) {
        return tier;
      }
    }
    return tiers[tiers.length - 1];
  }

  /** Bytes held by the bucket arrays, headers included (16 bytes per array, 12 per object). */
  long retainedBytes() {
    long bytes = 16 + 16L + 8L * tiers.length; // this object + tiers array
    for (Tier tier : tiers) {
      bytes += 184; // Tier object: header, 17 longs, four ints, four references
      bytes += 2 * (16 + 8L * tier.length);
      if (tier.badSlices != null) {
        bytes += 16 + 4L * tier.length;
      }
      if (tier.maintenance != null) {
        bytes += 16 + 8L * tier.length;
      }
    }
    return bytes;
  }

  /**
   * Writes every tier, for the state file: geometry, the newest bucket's index and the arrays.
   */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeByte(tiers.length);
    for (Tier tier : tiers) {
      tier.writeTo(out);
    }
  }

  /**
   * Restores what {@link #writeTo} wrote into these (empty) tiers. Buckets newer than {@code
   * nowMillis} (a file written before the wall clock moved back) are added to the bucket of
   * {@code nowMillis}, so no count is lost or counted twice.
   *
   * @return whether any bucket was newer than {@code nowMillis}
   * @throws IOException if the payload is short, or its tiers differ from these in number or
   *     geometry (a file of another window, which the fingerprint should have caught)
   */
  boolean readFrom(DataInputStream in, long nowMillis) throws IOException {
    int count = in.readUnsignedByte();
    if (count != tiers.length) {
      throw new IOException(count + " tiers, expected " + tiers.length);
    }
    boolean future = false;
    for (Tier tier : tiers) {
      future |= tier.readFrom(in, nowMillis);
    }
    return future;
  }

  /** Takes over every bucket of {@code other}, which has the same tiers. */
  void copyFrom(TieredCounts other) {
    for (int i = 0; i < tiers.length; i++) {
      tiers[i].copyFrom(other.tiers[i]);
    }
  }

  static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }

  /**
   * A ring of buckets; {@code newest} is the absolute index (time / width) of the newest one. The
   * ring's totals ({@code totalValid} ...) are the sums of its arrays, kept as buckets are added to
   * and cleared. Slots and indices are found without a division when they are in the ring or in
   * the last bucket asked for (a tick adds and sums at a few times per bucket).
   */
  private static final class Tier {
    final long widthMillis;
    final int length;
    final long[] valid;
    final long[] bad;
    final int @Nullable [] badSlices;
    final long @Nullable [] maintenance;
    long newest = Long.MIN_VALUE;
    /** {@code floorMod(newest, length)} while {@code newest} is set. */
    private int newestSlot;
    /** The last index {@link #index} computed, and the times it spans: [start, end). */
    private long lastIndex;
    private long lastIndexStart;
    private long lastIndexEnd;
    long totalValid;
    long totalBad;
    long totalSlices;
    long totalMaintenance;
    /**
     * Two lookbacks in buckets (fewer than the ring's; 0 for none) that {@link #sum} was asked
     * for, and for each lookback {@code w} the running sums of the indices {@code newest - w + 1 ..
     * newest}: valid, bad, bad slices, maintenance. Kept as buckets are added to, cleared and
     * restored, so that a sum up to a time at or after the newest bucket reads at most the few
     * buckets between. Fields, not arrays: the tier's memory stays its bucket arrays'.
     */
    private int windowA;
    private int windowB;
    private long validA;
    private long badA;
    private long slicesA;
    private long maintenanceA;
    private long validB;
    private long badB;
    private long slicesB;
    private long maintenanceB;

    Tier(long widthMillis, int length, boolean withSlices, boolean withMaintenance) {
      this.widthMillis = widthMillis;
      this.length = length;
      this.valid = new long[length];
      this.bad = new long[length];
      this.badSlices = withSlices ? new int[length] : null;
      this.maintenance = withMaintenance ? new long[length] : null;
      remember(0);
    }

    /** @return {@code floorDiv(timeMillis, widthMillis)} */
    private long index(long timeMillis) {
      if (timeMillis >= lastIndexStart && timeMillis < lastIndexEnd) {
        return lastIndex;
      }
      long index = Math.floorDiv(timeMillis, widthMillis);
      remember(index);
      return index;
    }

    private void remember(long index) {
      lastIndex = index;
      lastIndexStart = index * widthMillis;
      lastIndexEnd = lastIndexStart + widthMillis; // overflows only past year 292 million: divides
    }

    private void newest(long index) {
      newest = index;
      newestSlot = (int) Math.floorMod(index, (long) length);
    }

    void add(long timeMillis, long validDelta, long badDelta) {
      long index = index(timeMillis);
      int slot = slotFor(index);
      if (slot >= 0) {
        valid[slot] += validDelta;
        bad[slot] += badDelta;
        totalValid += validDelta;
        totalBad += badDelta;
        addToWindows(index, validDelta, badDelta, 0, 0);
      }
    }

    void addMaintenance(long timeMillis, long requests) {
      long index = index(timeMillis);
      int slot = slotFor(index);
      if (slot >= 0 && maintenance != null) {
        maintenance[slot] += requests;
        totalMaintenance += requests;
        addToWindows(index, 0, 0, 0, requests);
      }
    }

    void addBadSlice(long timeMillis) {
      long index = index(timeMillis);
      int slot = slotFor(index);
      if (slot >= 0 && badSlices != null) {
        badSlices[slot]++;
        totalSlices++;
        addToWindows(index, 0, 0, 1, 0);
      }
    }

    /** Adds to every window holding {@code index}. */
    private void addToWindows(long index, long v, long b, long s, long m) {
      long back = newest - index; // 0..length-1: slotFor placed the index in the ring
      if (back < windowA) {
        addToWindow(0, v, b, s, m);
      }
      if (back < windowB) {
        addToWindow(1, v, b, s, m);
      }
    }

    private void addToWindow(int w, long v, long b, long s, long m) {
      if (w == 0) {
        validA += v;
        badA += b;
        slicesA += s;
        maintenanceA += m;
      } else {
        validB += v;
        badB += b;
        slicesB += s;
        maintenanceB += m;
      }
    }

    /** Takes the bucket of {@code slot} out of window {@code w}'s sums. */
    private void leaveWindow(int w, int slot) {
      addToWindow(w, -valid[slot], -bad[slot], badSlices != null ? -badSlices[slot] : 0,
          maintenance != null ? -maintenance[slot] : 0);
    }

    /** @return the window of {@code buckets}, 0 or 1, registered now if new; -1 if none */
    private int window(int buckets) {
      if (windowA == buckets) {
        return 0;
      }
      if (windowB == buckets) {
        return 1;
      }
      if (buckets >= length || windowB != 0) {
        return -1;
      }
      int w = windowA == 0 ? 0 : 1;
      if (w == 0) {
        windowA = buckets;
      } else {
        windowB = buckets;
      }
      recomputeWindow(w);
      return w;
    }

    /** Sums window {@code w} (registered) from the buckets. */
    private void recomputeWindow(int w) {
      clearWindow(w);
      if (newest == Long.MIN_VALUE) {
        return;
      }
      int slot = newestSlot;
      for (int i = 0; i < (w == 0 ? windowA : windowB); i++) {
        addToWindow(w, valid[slot], bad[slot], badSlices != null ? badSlices[slot] : 0,
            maintenance != null ? maintenance[slot] : 0);
        slot = slot == 0 ? length - 1 : slot - 1;
      }
    }

    private void clearWindow(int w) {
      if (w == 0) {
        validA = 0;
        badA = 0;
        slicesA = 0;
        maintenanceA = 0;
      } else {
        validB = 0;
        badB = 0;
        slicesB = 0;
        maintenanceB = 0;
      }
    }

    /** Advances the ring to {@code index} if newer; returns its slot, or -1 if older than the ring. */
    private int slotFor(long index) {
      if (newest == Long.MIN_VALUE || index - newest >= length) {
        clear();
        newest(index);
      } else if (index > newest) {
        int slot = newestSlot;
        for (long i = newest + 1; i <= index; i++) {
          slot = slot + 1 == length ? 0 : slot + 1;
          if (windowA > 0) { // index i - windowA leaves window A: its slot, before it is cleared
            int leaving = slot - windowA;
            leaveWindow(0, leaving < 0 ? leaving + length : leaving);
          }
          if (windowB > 0) {
            int leaving = slot - windowB;
            leaveWindow(1, leaving < 0 ? leaving + length : leaving);
          }
          clear(slot);
        }
        newest(index);
      } else if (newest - index >= length) {
        return -1;
      }
      return slot(index);
    }

    /** @return {@code floorMod(index, length)} */
    private int slot(long index) {
      long back = newest - index; // negative if index is newer, or on overflow
      if (newest != Long.MIN_VALUE && back >= 0 && back < length) {
        int slot = newestSlot - (int) back;
        return slot < 0 ? slot + length : slot;
      }
      return (int) Math.floorMod(index, (long) length);
    }

    private void clear() {
      java.util.Arrays.fill(valid, 0);
      java.util.Arrays.fill(bad, 0);
      if (badSlices != null) {
        java.util.Arrays.fill(badSlices, 0);
      }
      if (maintenance != null) {
        java.util.Arrays.fill(maintenance, 0);
      }
      totalValid = 0;
      totalBad = 0;
      totalSlices = 0;
      totalMaintenance = 0;
      clearWindow(0);
      clearWindow(1);
    }

    private void clear(int slot) {
      totalValid -= valid[slot];
      totalBad -= bad[slot];
      valid[slot] = 0;
      bad[slot] = 0;
      if (badSlices != null) {
        totalSlices -= badSlices[slot];
        badSlices[slot] = 0;
      }
      if (maintenance != null) {
        totalMaintenance -= maintenance[slot];
        maintenance[slot] = 0;
      }
    }

    /** Recomputes the ring's totals and windows from its arrays. */
    private void total() {
      if (windowA > 0) {
        recomputeWindow(0);
      }
      if (windowB > 0) {
        recomputeWindow(1);
      }
      totalValid = 0;
      totalBad = 0;
      totalSlices = 0;
      totalMaintenance = 0;
      for (int slot = 0; slot < length; slot++) {
        totalValid += valid[slot];
        totalBad += bad[slot];
        totalSlices += badSlices != null ? badSlices[slot] : 0;
        totalMaintenance += maintenance != null ? maintenance[slot] : 0;
      }
    }

    void copyFrom(Tier other) {
      System.arraycopy(other.valid, 0, valid, 0, length);
      System.arraycopy(other.bad, 0, bad, 0, length);
      if (badSlices != null) {
        System.arraycopy(other.badSlices, 0, badSlices, 0, length);
      }
      if (maintenance != null) {
        System.arraycopy(other.maintenance, 0, maintenance, 0, length);
      }
      newest(other.newest);
      total();
    }

    void writeTo(DataOutputStream out) throws IOException {
      out.writeLong(widthMillis);
      out.writeInt(length);
      out.writeLong(newest);
      out.writeBoolean(badSlices != null);
      out.writeBoolean(maintenance != null);
      StateWords.writeLongs(out, valid);
      StateWords.writeLongs(out, bad);
      if (badSlices != null) {
        StateWords.writeInts(out, badSlices);
      }
      if (maintenance != null) {
        StateWords.writeLongs(out, maintenance);
      }
    }

    boolean readFrom(DataInputStream in, long nowMillis) throws IOException {
      long width = in.readLong();
      int count = in.readInt();
      long newestIndex = in.readLong();
      boolean slices = in.readBoolean();
      boolean withMaintenance = in.readBoolean();
      if (width != widthMillis || count != length || slices != (badSlices != null)
          || withMaintenance != (maintenance != null)) {
        throw new IOException("tier of " + count + " x " + width + " ms, expected " + length
            + " x " + widthMillis + " ms");
      }
      StateWords.readLongs(in, valid);
      StateWords.readLongs(in, bad);
      if (badSlices != null) {
        StateWords.readInts(in, badSlices);
      }
      if (maintenance != null) {
        StateWords.readLongs(in, maintenance);
      }
      newest(newestIndex);
      total();
      if (newest == Long.MIN_VALUE) {
        return false;
      }
      long nowIndex = Math.floorDiv(nowMillis, widthMillis);
      if (newest <= nowIndex) {
        return false;
      }
      // the file is from the future: the buckets after now fold into now's bucket; their slots,
      // cleared, then stand for the older indices the ring reaches back to, of which nothing is known
      long[] folded = new long[4];
      for (long i = Math.max(nowIndex, newest - length) + 1; i <= newest; i++) {
        int slot = slot(i);
        folded[0] += valid[slot];
        folded[1] += bad[slot];
        folded[2] += badSlices != null ? badSlices[slot] : 0;
        folded[3] += maintenance != null ? maintenance[slot] : 0;
        clear(slot);
      }
      newest(nowIndex);
      int slot = slot(nowIndex);
      valid[slot] += folded[0];
      bad[slot] += folded[1];
      if (badSlices != null) {
        badSlices[slot] += (int) folded[2];
      }
      if (maintenance != null) {
        maintenance[slot] += folded[3];
      }
      total();
      return true;
    }

    /**
     * Sums the {@code buckets} newest indices up to {@code nowMillis}'s, those the ring holds:
     * directly, or as the ring's totals minus the older indices, whichever reads fewer buckets.
     */
    long[] sum(long nowMillis, int buckets) {
      long nowIndex = index(nowMillis);
      long oldest = nowIndex - buckets + 1;
      long[] sums = {0, 0, 0, oldest * widthMillis, 0};
      if (newest == Long.MIN_VALUE) {
        return sums;
      }
      long ringOldest = newest - length + 1;
      long from = Math.max(oldest, ringOldest);
      long to = Math.min(nowIndex, newest);
      if (from > to) {
        return sums;
      }
      int w = nowIndex >= newest ? window(buckets) : -1;
      if (w >= 0) {
        // the window up to newest minus its indices older than oldest: nowIndex - newest of them
        sums[0] = w == 0 ? validA : validB;
        sums[1] = w == 0 ? badA : badB;
        sums[2] = w == 0 ? slicesA : slicesB;
        sums[4] = w == 0 ? maintenanceA : maintenanceB;
        add(Math.max(newest - buckets + 1, ringOldest), oldest - 1, sums, -1);
        return sums;
      }
      if (to == newest && from - ringOldest < to - from + 1) {
        // the ring minus its indices older than from
        sums[0] = totalValid;
        sums[1] = totalBad;
        sums[2] = totalSlices;
        sums[4] = totalMaintenance;
        add(ringOldest, from - 1, sums, -1);
      } else {
        add(from, to, sums, 1);
      }
      return sums;
    }

    /** Adds {@code sign} times the buckets of indices {@code from..to} (within the ring) to sums. */
    private void add(long from, long to, long[] sums, int sign) {
      if (from > to) {
        return;
      }
      int first = slot(from);
      int count = (int) (to - from + 1);
      int tail = Math.min(count, length - first);
      addSlots(first, first + tail, sums, sign);
      addSlots(0, count - tail, sums, sign);
    }

    private void addSlots(int fromSlot, int toSlot, long[] sums, int sign) {
      long v = 0;
      long b = 0;
      for (int slot = fromSlot; slot < toSlot; slot++) {
        v += valid[slot];
        b += bad[slot];
      }
      sums[0] += sign * v;
      sums[1] += sign * b;
      if (badSlices != null) {
        long s = 0;
        for (int slot = fromSlot; slot < toSlot; slot++) {
          s += badSlices[slot];
        }
        sums[2] += sign * s;
      }
      if (maintenance != null) {
        long m = 0;
        for (int slot = fromSlot; slot < toSlot; slot++) {
          m += maintenance[slot];
        }
        sums[4] += sign * m;
      }
    }
  }
}
