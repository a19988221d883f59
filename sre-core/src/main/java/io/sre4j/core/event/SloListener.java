package io.sre4j.core.event;

/**
 * Receives {@link SloEvent}s from a registry.
 *
 * <p><b>Thread safety:</b> called from the registry's tick thread (or whichever thread calls
 * {@code tick()}), one event at a time, never from a request thread. A listener that throws is
 * caught, counted and warned about once; the exception never reaches recording or other
 * listeners. Listeners should return quickly: slow work belongs on their own thread.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SloListener {

  /**
   * Handles one event.
   *
   * @param event the event; never null
   */
  void onEvent(SloEvent event);
}
