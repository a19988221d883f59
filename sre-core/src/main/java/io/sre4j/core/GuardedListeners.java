package io.sre4j.core;

import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloListener;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The registry's listeners and the fan-out of each event to them: a listener that throws is
 * counted, logged (WARNING once, then DEBUG) and skipped for that event, never passed back to the
 * tick or the caller; only a {@link VirtualMachineError} propagates.
 *
 * <p><b>Thread safety:</b> listeners are added and removed from any thread (copy-on-write);
 * {@link #publish} is called under the registry's lock, so listeners see events one at a time and
 * in order. <b>Cost:</b> {@link #isEmpty()} is a volatile read, checked before an event is built,
 * so nothing is allocated when nobody listens.
 */
final class GuardedListeners {

  private final List<SloListener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder failures = new LongAdder();
  private final Diagnostics diagnostics;

  GuardedListeners(Collection<SloListener> initial, Diagnostics diagnostics) {
    listeners.addAll(initial);
    this.diagnostics = diagnostics;
  }

  void add(SloListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  boolean remove(SloListener listener) {
    return listeners.remove(listener);
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** How many times a listener threw, ever. */
  long failures() {
    return failures.sum();
  }

  /** Hands {@code event} to every listener in turn, swallowing what they throw. */
  void publish(SloEvent event) {
    for (SloListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        failures.increment();
        diagnostics.warnOnce("listener-failed", "sre4j: a listener threw on " + event.getClass().getSimpleName()
            + "; it is skipped for this event (" + failures.sum() + " failures so far)", e);
      }
    }
  }
}
