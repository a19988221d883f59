package io.sre4j.cli;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The registry's endpoints by method and route as bytes, so that a replayed line finds its endpoint
 * without making a string. At most {@link #CAPACITY} entries are kept; past that, lines look their
 * endpoint up in the registry (which caps endpoints itself, sharing {@code * OTHER}), so memory
 * stays bounded whatever the input.
 *
 * <p>An entry's key is the upper-cased method and the route as little-endian words ({@link
 * ByteScan#longAt}) after a word of both lengths: a lookup hashes and compares a few words, not
 * each byte. The common case, a method of at most 8 bytes and a route of at most 24, has a key of
 * exactly five words, read from the values ({@link AccessParser.Scratch#READABLE} bytes are
 * always readable) and masked to their lengths without a loop or a branch per word.
 *
 * <p><b>Thread safety:</b> none. <b>Cost:</b> no allocation on a hit; about one word operation per
 * eight bytes of method and route.
 */
final class EndpointCache {

  static final int CAPACITY = 4096;
  private static final int SLOTS = CAPACITY * 2; // a power of two, at most half full
  /** Clears bit 5 of every byte: upper-cases ASCII letters, which methods are ({@link AccessParser#letters}). */
  private static final long UPPER_CASE = ~0x2020_2020_2020_2020L;
  private static final long MIX = 0x9E37_79B9_7F4A_7C15L;
  /** The words of a short key: lengths, method, three words of route. */
  private static final int SHORT_KEY = 5;

  private final SloRegistry registry;
  private final long[][] keys = new long[SLOTS][];
  private final Endpoint[] endpoints = new Endpoint[SLOTS];
  private long[] probe = new long[1 + 4 + 16];
  private int size;

  EndpointCache(SloRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param method the method: ASCII letters, in any case
   * @param route the route
   * @return the endpoint of a method and route
   * @throws IllegalArgumentException if the registry rejects them
   */
  Endpoint lookup(AccessParser.Scratch method, AccessParser.Scratch route) {
    if (method.length <= Long.BYTES && route.length <= AccessParser.Scratch.READABLE) {
      return lookupShort(method, route);
    }
    int words = key(method, route);
    long[] key = probe;
    long hash = 0;
    for (int k = 0; k < words; k++) {
      hash = (hash ^ key[k]) * MIX;
    }
    int slot = slot(hash);
    for (long[] stored = keys[slot]; stored != null; stored = keys[slot]) {
      if (Arrays.equals(stored, 0, stored.length, key, 0, words)) {
        return endpoints[slot];
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    return miss(method, route, slot, words);
  }

  /** Entries kept. */
  int size() {
    return size;
  }

  /** {@link #lookup} of a method of at most 8 bytes and a route of at most 24. */
  private Endpoint lookupShort(AccessParser.Scratch method, AccessParser.Scratch route) {
    byte[] r = route.bytes;
    int at = route.offset;
    int n = route.length;
    long lengths = (long) n << 32 | method.length;
    long m = ByteScan.longAt(method.bytes, method.offset) & ByteScan.mask(method.length) & UPPER_CASE;
    long r0 = ByteScan.longAt(r, at) & ByteScan.mask(n);
    long r1 = ByteScan.longAt(r, at + 8) & ByteScan.mask(n - 8);
    long r2 = ByteScan.longAt(r, at + 16) & ByteScan.mask(n - 16);
    long hash = ((((lengths * MIX ^ m) * MIX ^ r0) * MIX ^ r1) * MIX ^ r2) * MIX;
    int slot = slot(hash);
    for (long[] stored = keys[slot]; stored != null; stored = keys[slot]) {
      if (stored.length == SHORT_KEY && stored[0] == lengths && stored[1] == m && stored[2] == r0
          && stored[3] == r1 && stored[4] == r2) {
        return endpoints[slot];
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    long[] key = probe;
    key[0] = lengths;
    key[1] = m;
    key[2] = r0;
    key[3] = r1;
    key[4] = r2;
    return miss(method, route, slot, SHORT_KEY);
  }

  private static int slot(long hash) {
    return (int) (hash ^ hash >>> 32) & (SLOTS - 1);
  }

  /** Asks the registry; keeps the key ({@link #probe}'s first {@code words}) in the free {@code slot}. */
  private Endpoint miss(AccessParser.Scratch method, AccessParser.Scratch route, int slot, int words) {
    byte[] upper = Arrays.copyOfRange(method.bytes, method.offset, method.end());
    for (int i = 0; i < upper.length; i++) {
      upper[i] &= (byte) UPPER_CASE;
    }
    Endpoint endpoint = registry.endpoint(new String(upper, StandardCharsets.US_ASCII), route.text());
    if (size < CAPACITY) {
      keys[slot] = Arrays.copyOf(probe, words);
      endpoints[slot] = endpoint;
      size++;
    }
    return endpoint;
  }

  /** Writes the key of a method and route into {@link #probe}; returns its length in words. */
  private int key(AccessParser.Scratch method, AccessParser.Scratch route) {
    int methodWords = (method.length + 7) >>> 3;
    int words = 1 + methodWords + ((route.length + 7) >>> 3);
    if (words > probe.length) {
      probe = new long[Math.max(words, probe.length * 2)];
    }
    long[] key = probe;
    key[0] = (long) route.length << 32 | method.length;
    words(method, key, 1, UPPER_CASE);
    words(route, key, 1 + methodWords, -1L);
    return words;
  }

  /** The bytes of a value as words from {@code key[at]}, each and-ed with {@code mask}. */
  private static void words(AccessParser.Scratch value, long[] key, int at, long mask) {
    byte[] bytes = value.bytes;
    int from = value.offset;
    int length = value.length;
    int i = 0;
    int k = at;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      key[k++] = ByteScan.longAt(bytes, from + i) & mask;
    }
    if (i < length) {
      key[k] = ByteScan.longAt(bytes, from + i) & ByteScan.mask(length - i) & mask; // see Scratch
    }
  }
}
