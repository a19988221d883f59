package io.sre4j.cli;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import java.nio.charset.StandardCharsets;

/**
 * The registry's endpoints by method and route as bytes, so that a replayed line finds its endpoint
 * without making a string. At most {@link #CAPACITY} entries are kept; past that, lines look their
 * endpoint up in the registry (which caps endpoints itself, sharing {@code * OTHER}), so memory
 * stays bounded whatever the input.
 *
 * <p><b>Thread safety:</b> none.
 */
final class EndpointCache {

  static final int CAPACITY = 4096;
  private static final int SLOTS = CAPACITY * 2; // a power of two, at most half full

  private final SloRegistry registry;
  private final byte[][] methods = new byte[SLOTS][];
  private final byte[][] routes = new byte[SLOTS][];
  private final int[] hashes = new int[SLOTS];
  private final Endpoint[] endpoints = new Endpoint[SLOTS];
  private int size;

  EndpointCache(SloRegistry registry) {
    this.registry = registry;
  }

  /**
   * @return the endpoint of a method and route
   * @throws IllegalArgumentException if the registry rejects them
   */
  Endpoint lookup(AccessParser.Scratch method, AccessParser.Scratch route) {
    upperCase(method);
    int hash = method.hash() * 961 + route.hash();
    int slot = mix(hash) & (SLOTS - 1);
    while (endpoints[slot] != null) {
      if (hashes[slot] == hash && method.sameAs(methods[slot]) && route.sameAs(routes[slot])) {
        return endpoints[slot];
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    Endpoint endpoint =
        registry.endpoint(
            new String(method.bytes, 0, method.length, StandardCharsets.US_ASCII),
            new String(route.bytes, 0, route.length, StandardCharsets.UTF_8));
    if (size < CAPACITY) {
      methods[slot] = method.copy();
      routes[slot] = route.copy();
      hashes[slot] = hash;
      endpoints[slot] = endpoint;
      size++;
    }
    return endpoint;
  }

  private static void upperCase(AccessParser.Scratch method) {
    for (int i = 0; i < method.length; i++) {
      byte c = method.bytes[i];
      if (c >= 'a' && c <= 'z') {
        method.bytes[i] = (byte) (c - 32);
      }
    }
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
