package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class EndpointCacheTest {

  private static final String[] METHODS = {"GET", "get", "Put", "DELETE", "options", "PROPFIND", "MKCOLLECTIONS"};

  @Test
  void findsTheRegistrysEndpointForTheUpperCasedMethodAndRouteWhateverFollowsTheValue() {
    List<String> routes = routes();
    SplittableRandom random = new SplittableRandom(11);
    try (SloRegistry registry = SloRegistry.builder().manualTick().build()) {
      EndpointCache cache = new EndpointCache(registry);
      AccessParser.Scratch method = new AccessParser.Scratch(AccessParser.Scratch.READABLE);
      AccessParser.Scratch route = new AccessParser.Scratch(128);
      Set<String> distinct = new HashSet<>();
      for (int round = 0; round < 5000; round++) {
        String m = METHODS[random.nextInt(METHODS.length)];
        String r = routes.get(random.nextInt(routes.size()));
        place(method, m, random);
        place(route, r, random);

        Endpoint found = cache.lookup(method, route);

        String upper = m.toUpperCase(Locale.ROOT);
        assertThat(found).as("%s %s", m, r).isSameAs(registry.endpoint(upper, r));
        distinct.add(upper + " " + r);
      }
      // every repeat was a hit: the bytes after a value never leak into its key
      assertThat(cache.size()).isEqualTo(distinct.size());
    }
  }

  /** Routes of 1 to 40 bytes, some alike but for one byte at a word's edge. */
  private static List<String> routes() {
    List<String> routes = new ArrayList<>(List.of("/", "/a", "/health", "/api/orders", "/api/orders/{id}"));
    String base = "/api/v1/products/{id}/reviews/{review}/x"; // 40 bytes
    for (int length : new int[] {7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40}) {
      String route = base.substring(0, length);
      routes.add(route);
      char[] last = route.toCharArray();
      last[length - 1] = last[length - 1] == 'z' ? 'y' : 'z';
      routes.add(new String(last));
    }
    routes.add("/caf\u00e9/\u00fcber"); // UTF-8: more bytes than chars
    return routes;
  }

  /** Puts a value in a scratch: a copy, or a view at a random place followed by random bytes. */
  private static void place(AccessParser.Scratch scratch, String value, SplittableRandom random) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int at = random.nextInt(9);
    byte[] line = new byte[at + bytes.length + AccessParser.Scratch.READABLE + random.nextInt(9)];
    for (int i = 0; i < line.length; i++) {
      line[i] = (byte) random.nextInt(256);
    }
    System.arraycopy(bytes, 0, line, at, bytes.length);
    if (random.nextBoolean()) {
      scratch.view(line, at, at + bytes.length);
    } else {
      scratch.set(line, at, at + bytes.length);
    }
  }
}
