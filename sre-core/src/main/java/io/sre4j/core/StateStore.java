package io.sre4j.core;

import io.sre4j.core.StateFile.BadStateFile;
import io.sre4j.core.StateFile.Contents;
import io.sre4j.core.StateFile.Section;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a registry's state in a {@link StateFile}: restores it when the registry is built, writes it
 * every flush period and on close, and counts what happened.
 *
 * <p><b>Restore rules.</b> A missing file is a first start. A file that cannot be decoded (corrupt,
 * truncated, another format version, another service's) is moved aside as {@code
 * <file>.corrupt-<timestamp>} and the registry starts fresh, with one warning. Per SLO: the same
 * fingerprint restores its counts and alert state; a changed fingerprint starts that SLO fresh
 * (warned, naming what changed); an SLO only in the file is dropped (warned); a new SLO starts
 * fresh. Buckets written after now (the wall clock moved back across the restart) fold into now's
 * bucket, warned once. Time while the process was down is time with no data.
 *
 * <p><b>Writing.</b> The registry encodes under its lock (a copy of the buckets) and writes outside
 * it, under this store's own lock, so that a slow disk delays only the next write, never a read;
 * a write still in progress makes the next due one skip. A failure is counted and warned about at
 * most once an hour; requests never see it.
 *
 * <p><b>Thread safety:</b> safe; counters are atomic and the figures volatile. <b>Cost:</b> one
 * encode of every SLO's buckets per flush period (about 60 KB for a 30-day SLO) and one fsync'd
 * write.
 */
final class StateStore {

  /** The shortest flush period. */
  static final Duration MIN_FLUSH = Duration.ofSeconds(1);
  /** The longest flush period. */
  static final Duration MAX_FLUSH = Duration.ofHours(1);

  private static final long WARN_PERIOD_MILLIS = Duration.ofHours(1).toMillis();

  private final Path file;
  private final long flushMillis;
  private final String service;
  private final Diagnostics diagnostics;
  private final ReentrantLock writing = new ReentrantLock();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile long lastWrittenMillis = Long.MIN_VALUE;
  private volatile long nextWriteMillis = Long.MIN_VALUE;
  private volatile String restoreOutcome = "not yet";
  private volatile long restoredFromMillis = Long.MIN_VALUE;

  StateStore(Path file, Duration flush, String service, Diagnostics diagnostics) {
    this.file = file.toAbsolutePath();
    this.flushMillis = flush.toMillis();
    this.service = service;
    this.diagnostics = diagnostics;
  }

  Path file() {
    return file;
  }

  /** Reads the registry's payload section; the registry restores its plans from it. */
  interface RegistryReader {
    void read(DataInputStream in, long nowMillis) throws IOException;
  }

  /**
   * Restores into {@code slos} and through {@code registry}; never throws.
   *
   * @return the outcome, also kept for {@link #status()}
   */
  String restore(Map<String, SloState> slos, RegistryReader registry, long nowMillis) {
    return restore(slos, registry, (in, now) -> { }, nowMillis);
  }

  /**
   * Restores into {@code slos}, through {@code registry} and through {@code policy} (the policy
   * section, when the file has one); never throws.
   *
   * @return the outcome, also kept for {@link #status()}
   */
  String restore(Map<String, SloState> slos, RegistryReader registry, RegistryReader policy,
      long nowMillis) {
    Contents contents;
    try {
      byte[] bytes = StateFile.read(file);
      if (bytes == null) {
        return outcome("fresh", nowMillis);
      }
      contents = StateFile.decode(bytes, service);
    } catch (BadStateFile e) {
      String aside;
      try {
        aside = "moved aside to " + StateFile.moveAside(file, nowMillis);
      } catch (IOException moveFailed) {
        aside = "could not be moved aside (" + moveFailed + ")";
      }
      diagnostics.warnOnce("state-corrupt", "sre4j: state file " + file + " is not usable ("
          + e.getMessage() + "); it " + aside + "; starting fresh");
      return outcome("corrupt", nowMillis);
    } catch (IOException | RuntimeException e) {
      diagnostics.warnOnce("state-unreadable", "sre4j: state file " + file
          + " cannot be read; starting fresh", e);
      return outcome("unreadable", nowMillis);
    }
    restoredFromMillis = contents.writtenAtMillis();
    Set<String> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    boolean future = false;
    for (Section section : contents.sections()) {
      if (section.kind() == StateFile.KIND_REGISTRY) {
        try {
          registry.read(input(section), nowMillis);
        } catch (IOException | RuntimeException e) {
          problems.add("deployments, maintenance and overrides not restored (" + e.getMessage() + ")");
        }
        continue;
      }
      if (section.kind() == StateFile.KIND_POLICY) {
        try {
          policy.read(input(section), nowMillis);
        } catch (IOException | RuntimeException e) {
          problems.add("reviews, budget adjustments and deployment downtime not restored ("
              + e.getMessage() + ")");
        }
        continue;
      }
      if (section.kind() != StateFile.KIND_SLO) {
        continue;
      }
      SloState slo = slos.get(section.name());
      seen.add(section.name());
      if (slo == null) {
        problems.add("slo " + section.name() + " is no longer configured; its state was dropped");
        continue;
      }
      String fingerprint = SloFingerprint.of(slo.spec);
      if (!fingerprint.equals(section.fingerprint())) {
        problems.add("slo " + section.name() + " changed (" + SloFingerprint.changes(
            section.fingerprint(), fingerprint) + "); it starts fresh");
        continue;
      }
      try {
        future |= slo.readState(input(section), nowMillis);
      } catch (IOException | RuntimeException e) {
        problems.add("slo " + section.name() + " not restored (" + e.getMessage() + ")");
      }
    }
    if (future) {
      diagnostics.warnOnce("state-future", "sre4j: state file " + file + " was written at "
          + Instant.ofEpochMilli(contents.writtenAtMillis()) + ", after now ("
          + Instant.ofEpochMilli(nowMillis) + "): the wall clock moved back; its newer counts were"
          + " put in the current bucket");
    }
    if (!problems.isEmpty()) {
      diagnostics.warnOnce("state-partial", "sre4j: state file " + file + ": "
          + String.join("; ", problems));
    }
    return outcome(problems.isEmpty() ? "restored" : "partly restored", nowMillis);
  }

  private String outcome(String outcome, long nowMillis) {
    restoreOutcome = outcome;
    nextWriteMillis = nowMillis + flushMillis;
    return outcome;
  }

  private static DataInputStream input(Section section) {
    return new DataInputStream(new ByteArrayInputStream(section.payload()));
  }

  /** Whether a periodic write is due at {@code nowMillis}. */
  boolean due(long nowMillis) {
    return nowMillis >= nextWriteMillis || nowMillis < nextWriteMillis - flushMillis;
  }

  /**
   * Takes the write lock if no write is in progress (or waits for it when {@code wait}): call under
   * the registry's lock, encode, release the registry's lock, then {@link #write}.
   */
  boolean startWrite(boolean wait) {
    if (wait) {
      writing.lock();
      return true;
    }
    return writing.tryLock();
  }

  /** Encodes the registry's sections; under the registry's lock, after {@link #startWrite}. */
  byte[] encode(Map<String, SloState> slos, byte[] registryPayload, long nowMillis) {
    return encode(slos, registryPayload, null, nowMillis);
  }

  /**
   * Encodes the registry's sections and, when not null, the policy section; under the registry's
   * lock, after {@link #startWrite}.
   */
  byte[] encode(Map<String, SloState> slos, byte[] registryPayload,
      byte @org.jspecify.annotations.Nullable [] policyPayload, long nowMillis) {
    List<Section> sections = new ArrayList<>(slos.size() + 1);
    for (SloState slo : slos.values()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        slo.writeState(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
      }
      sections.add(new Section(StateFile.KIND_SLO, slo.spec.name(), SloFingerprint.of(slo.spec),
          bytes.toByteArray()));
    }
    sections.add(new Section(StateFile.KIND_REGISTRY, "", "", registryPayload));
    if (policyPayload != null) {
      sections.add(new Section(StateFile.KIND_POLICY, "", "", policyPayload));
    }
    nextWriteMillis = nowMillis + flushMillis;
    return StateFile.encode(new Contents(service, nowMillis, sections));
  }

  /** Writes what {@link #encode} made and releases the write lock; never throws. */
  void write(byte[] bytes, long nowMillis) {
    try {
      StateFile.writeAtomically(file, bytes);
      writes.incrementAndGet();
      lastWrittenMillis = nowMillis;
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      diagnostics.warnEvery("state-write", WARN_PERIOD_MILLIS, nowMillis,
          "sre4j: cannot write the state file " + file + "; requests are served as usual, and the"
              + " budget restarts from the last good file after a restart", e);
    } finally {
      writing.unlock();
    }
  }

  /** Releases the write lock without writing (encoding failed). */
  void abandonWrite() {
    writing.unlock();
  }

  SloRegistry.StateStatus status() {
    long written = lastWrittenMillis;
    long restored = restoredFromMillis;
    return new SloRegistry.StateStatus(
        file,
        restoreOutcome,
        restored == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(restored)),
        written == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(written)),
        writes.get(),
        failures.get());
  }
}
