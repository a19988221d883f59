package io.sre4j.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The meters of one SLO or endpoint on every bound registry: their definitions, so that a
 * registry bound later gets them too, and the meters registered, so that they can be removed.
 *
 * <p><b>Thread safety:</b> none; touched under the binder's lock.
 */
final class MeterGroup {
  private final List<MeterRegistry> registries;
  private final List<Function<MeterRegistry, Meter>> definitions = new ArrayList<>();
  private final List<MeterRegistry> owners = new ArrayList<>();
  private final List<Meter> meters = new ArrayList<>();

  /** @param registries the binder's bound registries, read at each {@link #add} */
  MeterGroup(List<MeterRegistry> registries) {
    this.registries = registries;
  }

  void add(Function<MeterRegistry, Meter> definition) {
    definitions.add(definition);
    for (MeterRegistry registry : registries) {
      owners.add(registry);
      meters.add(definition.apply(registry));
    }
  }

  void bindTo(MeterRegistry registry) {
    for (Function<MeterRegistry, Meter> definition : definitions) {
      owners.add(registry);
      meters.add(definition.apply(registry));
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
