package io.sre4j.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * One async request being measured: what {@link SloFilter} needs to record it when the container
 * completes it (its final route and method, its start, and what it threw), recorded exactly once.
 * Synchronous requests need none: the filter records them from its locals, with no allocation.
 *
 * <p><b>Thread safety:</b> the container may call the listener methods from any thread; the
 * request is recorded once, by whichever call wins the {@code done} flag. <b>Cost:</b> one object
 * per async request; recording as for a synchronous one.
 */
final class RequestMeasurement implements AsyncListener {

  private static final VarHandle DONE;

  static {
    try {
      DONE = MethodHandles.lookup().findVarHandle(RequestMeasurement.class, "done", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SloFilter filter;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final RouteTable.Slot slot;
  private final long start;
  private volatile @Nullable Throwable error;
  private volatile boolean committedAtError;
  @SuppressWarnings("unused") // through DONE
  private volatile int done;

  /**
   * @param filter the filter that records the request
   * @param slot the final route and method, whose in-flight gauge counts the request
   * @param start {@link System#nanoTime()} at filter entry
   */
  RequestMeasurement(SloFilter filter, HttpServletRequest request, HttpServletResponse response,
      RouteTable.Slot slot, long start) {
    this.filter = filter;
    this.request = request;
    this.response = response;
    this.slot = slot;
    this.start = start;
  }

  /** Notes what escaped the chain, and whether the response was committed before it. */
  void threw(Throwable thrown, boolean committedBeforeThrow) {
    this.error = thrown;
    this.committedAtError = committedBeforeThrow;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    finish();
  }

  /** The container completes the request after the timeout; it is recorded then. */
  @Override
  public void onTimeout(AsyncEvent event) {}

  @Override
  public void onError(AsyncEvent event) {
    if (error == null && event.getThrowable() != null) {
      committedAtError = SloFilter.isCommitted(response);
      error = event.getThrowable();
    }
  }

  /** A new async cycle drops the listeners; this one stays for the completion. */
  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this, request, response);
  }

  /** Records the request, the first time only. */
  void finish() {
    if (DONE.compareAndSet(this, 0, 1)) {
      long nanos = System.nanoTime() - start;
      slot.inFlight.decrement();
      filter.record(request, response, slot.owner, slot.method, nanos, error, committedAtError);
    }
  }
}
