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
 * each byte.
 *
 * <p><b>Thread safety:</b> none. <b>Cost:</b> no allocation on a hit; about one word operation per
 * eight bytes of method and route.
 */
final class EndpointCache {

  static final int CAPACITY = 4096;
  private static final int SLOTS = CAPACITY * 2; // a power of two, at most half full
  /** Clears bit 5 of every byte: upper-cases ASCII letters, which methods are ({@link AccessParser#letters}). */
  private static final long UPPER_CASE = ~0x2020_2020_2020_2020L;

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
    int words = key(method, route);
    long[] key = probe;
    long hash = 0;
    for (int k = 0; k < words; k++) {
      hash = (hash ^ key[k]) * 0x9E37_79B9_7F4A_7C15L;
    }
    int slot = (int) (hash ^ hash >>> 32) & (SLOTS - 1);
    for (long[] stored = keys[slot]; stored != null; stored = keys[slot]) {
      if (Arrays.equals(stored, 0, stored.length, key, 0, words)) {
        return endpoints[slot];
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    byte[] upper = Arrays.copyOf(method.bytes, method.length);
    for (int i = 0; i < upper.length; i++) {
      upper[i] &= (byte) UPPER_CASE;
    }
    Endpoint endpoint =
        registry.endpoint(
            new String(upper, StandardCharsets.US_ASCII),
            new String(route.bytes, 0, route.length, StandardCharsets.UTF_8));
    if (size < CAPACITY) {
      keys[slot] = Arrays.copyOf(key, words);
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
    int length = value.length;
    int i = 0;
    int k = at;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      key[k++] = ByteScan.longAt(bytes, i) & mask;
    }
    if (i < length) {
      key[k] = ByteScan.longAt(bytes, i) & ByteScan.mask(length - i) & mask; // see Scratch
    }
  }
}
