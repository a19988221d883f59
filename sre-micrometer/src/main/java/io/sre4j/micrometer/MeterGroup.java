package io.sre4j.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one SLO or endpoint on every bound registry: their definitions, so that a
 * registry bound later gets them too, and the meters registered, so that they can be removed.
 *
 * <p><b>Thread safety:</b> none; touched under the binder's lock.
 */
final class MeterGroup {
  private final List<MeterRegistry> registries;
  // a definition answers null for a registry that does not get that meter
  private final List<Function<MeterRegistry, @Nullable Meter>> definitions = new ArrayList<>();
  private final List<MeterRegistry> owners = new ArrayList<>();
  private final List<Meter> meters = new ArrayList<>();

  /** @param registries the binder's bound registries, read at each {@link #add} */
  MeterGroup(List<MeterRegistry> registries) {
    this.registries = registries;
  }

  /** @param definition registers the meter on a registry, or answers null to skip that one */
  void add(Function<MeterRegistry, @Nullable Meter> definition) {
    definitions.add(definition);
    for (MeterRegistry registry : registries) {
      register(registry, definition);
    }
  }

  void bindTo(MeterRegistry registry) {
    for (Function<MeterRegistry, @Nullable Meter> definition : definitions) {
      register(registry, definition);
    }
  }

  private void register(MeterRegistry registry, Function<MeterRegistry, @Nullable Meter> definition) {
    Meter meter = definition.apply(registry);
    if (meter != null) {
      owners.add(registry);
      meters.add(meter);
    }
  }

  void removeAll() {
    for (int i = 0; i < meters.size(); i++) {
      owners.get(i).remove(meters.get(i));
    }
    owners.clear();
    meters.clear();
  }
}
