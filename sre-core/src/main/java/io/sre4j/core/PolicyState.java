package io.sre4j.core;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One SLO's error-budget policy lifecycle: whether a review is required since an exhaustion, the
 * recent reviews and the budget adjustments. Owned by {@link SloState}; the registry moves it.
 *
 * <p><b>State file.</b> Kept in the file's policy section ({@link StateFile#KIND_POLICY}), one
 * entry per SLO, as tagged blocks ({@code u8} tag, {@code i32} length, bytes) ending with tag 0: a
 * reader skips the tags it does not know, so a later version may add blocks and an older one still
 * reads the file (an sre4j before the policy section skips the whole section).
 *
 * <p><b>Thread safety:</b> none; touched only under the registry's tick lock. <b>Cost:</b> at most
 * {@value #MAX_REVIEWS} reviews and {@value #MAX_ADJUSTMENTS} adjustments are kept; finding the
 * adjustment in force is a scan of them.
 */
final class PolicyState {

  /** The most recent reviews kept per SLO: {@value}. */
  static final int MAX_REVIEWS = 20;

  /** The most budget adjustments kept per SLO: {@value}. */
  static final int MAX_ADJUSTMENTS = 50;

  private static final int TAG_END = 0;
  private static final int TAG_REVIEW_REQUIRED = 1;
  private static final int TAG_REVIEWS = 2;
  private static final int TAG_ADJUSTMENTS = 3;
  private static final int TAG_DEPLOYMENTS = 4;

  /** The most recent deployments with declared downtime kept per SLO: {@value}. */
  static final int MAX_DEPLOYMENTS = 10;

  /** A deployment's downtime being measured, or measured. */
  static final class Tracked {
    final String version;
    final Instant time;
    final java.time.Duration expected;
    /** The SLO's totals when it started; -1 to take them at the next measure (restored). */
    long startRequests;
    long startBad;
    double startBadMillis;
    @Nullable DeploymentDowntime done;

    Tracked(String version, Instant time, java.time.Duration expected) {
      this.version = version;
      this.time = time;
      this.expected = expected;
    }

    Instant end() {
      return time.plus(expected);
    }
  }

  private final Deque<Tracked> deployments = new ArrayDeque<>();

  private @Nullable Instant reviewRequiredSince;
  private final Deque<Review> reviews = new ArrayDeque<>();
  private final List<BudgetAdjustment> adjustments = new ArrayList<>();

  /** Since when a review is required (when the SLO became exhausted), or null if none is. */
  @Nullable Instant reviewRequiredSince() {
    return reviewRequiredSince;
  }

  /** Requires a review since {@code since}, unless one is required already. */
  void requireReview(Instant since) {
    if (reviewRequiredSince == null) {
      reviewRequiredSince = since;
    }
  }

  /**
   * Keeps a review; it closes the requirement when held at or after the exhaustion.
   *
   * @return the exhaustion it closed, or null if it closed none
   */
  @Nullable Instant record(Review review) {
    reviews.addLast(review);
    while (reviews.size() > MAX_REVIEWS) {
      reviews.removeFirst();
    }
    Instant since = reviewRequiredSince;
    if (since != null && !review.when().isBefore(since)) {
      reviewRequiredSince = null;
      return since;
    }
    return null;
  }

  /** The recent reviews, oldest first. */
  List<Review> reviews() {
    return List.copyOf(reviews);
  }

  /** The budget adjustments kept, in the order they were made. */
  List<BudgetAdjustment> adjustments() {
    return List.copyOf(adjustments);
  }

  /**
   * Keeps an adjustment; at the cap, the one that ended first goes.
   *
   * @throws IllegalStateException when {@value #MAX_ADJUSTMENTS} are kept and none has ended
   */
  void adjust(BudgetAdjustment adjustment, Instant now) {
    if (adjustments.size() >= MAX_ADJUSTMENTS) {
      BudgetAdjustment ended = null;
      for (BudgetAdjustment kept : adjustments) {
        if (kept.end().isPresent() && !kept.end().get().isAfter(now)
            && (ended == null || kept.end().get().isBefore(ended.end().orElseThrow()))) {
          ended = kept;
        }
      }
      if (ended == null) {
        throw new IllegalStateException("at most " + MAX_ADJUSTMENTS + " budget adjustments are"
            + " kept per SLO and none of them has ended; change the SLO itself");
      }
      adjustments.remove(ended);
    }
    adjustments.add(adjustment);
  }

  /** The adjustment in force at {@code timeMillis} (the one that started last), or null. */
  @Nullable BudgetAdjustment inForce(long timeMillis) {
    if (adjustments.isEmpty()) {
      return null;
    }
    Instant at = Instant.ofEpochMilli(timeMillis);
    BudgetAdjustment latest = null;
    for (BudgetAdjustment adjustment : adjustments) {
      if (adjustment.inForce(at) && (latest == null || !adjustment.start().isBefore(latest.start()))) {
        latest = adjustment;
      }
    }
    return latest;
  }

  /** Starts measuring a deployment's declared downtime from the SLO's totals now. */
  void deployed(Deployment deployment, SloState slo) {
    Tracked tracked = new Tracked(deployment.version(), deployment.time(),
        deployment.expectedDowntime());
    tracked.startRequests = slo.totalMaintenance();
    tracked.startBad = slo.totalMaintenanceBad();
    tracked.startBadMillis = slo.maintenanceBadMillis();
    deployments.addLast(tracked);
    while (deployments.size() > MAX_DEPLOYMENTS) {
      deployments.removeFirst();
    }
  }

  /** Whether any deployment is tracked: {@link #tracked()} is not empty. */
  boolean tracking() {
    return !deployments.isEmpty();
  }

  /** The deployments tracked, oldest first; the caller measures the open ones. */
  List<Tracked> tracked() {
    return List.copyOf(deployments);
  }

  /** Writes this state for the state file's policy section. */
  void writeState(DataOutputStream out) throws IOException {
    Instant since = reviewRequiredSince;
    if (since != null) {
      block(out, TAG_REVIEW_REQUIRED, data -> data.writeLong(since.toEpochMilli()));
    }
    if (!reviews.isEmpty()) {
      block(out, TAG_REVIEWS, data -> {
        data.writeShort(reviews.size());
        for (Review review : reviews) {
          data.writeUTF(review.who());
          data.writeLong(review.when().toEpochMilli());
          data.writeUTF(review.summary());
          data.writeByte(review.actions().size());
          for (String action : review.actions()) {
            data.writeUTF(action);
          }
          data.writeBoolean(review.link().isPresent());
          if (review.link().isPresent()) {
            data.writeUTF(review.link().get().toString());
          }
        }
      });
    }
    if (!adjustments.isEmpty()) {
      block(out, TAG_ADJUSTMENTS, data -> {
        data.writeShort(adjustments.size());
        for (BudgetAdjustment adjustment : adjustments) {
          data.writeBoolean(adjustment.objective().isPresent());
          data.writeDouble(adjustment.objective().orElse(0));
          data.writeLong(adjustment.extraBadEvents());
          data.writeLong(adjustment.extraDowntime().toMillis());
          data.writeUTF(adjustment.reason());
          data.writeUTF(adjustment.approver());
          data.writeLong(adjustment.start().toEpochMilli());
          data.writeBoolean(adjustment.end().isPresent());
          data.writeLong(adjustment.end().map(Instant::toEpochMilli).orElse(0L));
        }
      });
    }
    if (!deployments.isEmpty()) {
      block(out, TAG_DEPLOYMENTS, data -> {
        data.writeShort(deployments.size());
        for (Tracked tracked : deployments) {
          data.writeUTF(tracked.version);
          data.writeLong(tracked.time.toEpochMilli());
          data.writeLong(tracked.expected.toMillis());
          DeploymentDowntime done = tracked.done;
          data.writeBoolean(done != null);
          if (done != null) {
            data.writeLong(done.ended().orElse(tracked.end()).toEpochMilli());
            data.writeLong(done.requests());
            data.writeLong(done.badEvents());
            data.writeLong(done.actualDowntime().toMillis());
            data.writeDouble(done.budgetCost());
            data.writeDouble(done.burnSinceDeployment());
          }
        }
      });
    }
    out.writeByte(TAG_END);
  }

  /**
   * Reads what {@link #writeState} wrote into a fresh state; blocks of unknown tags are skipped.
   *
   * @throws IOException if the payload is short or a value is one the model rejects
   */
  static PolicyState readState(DataInputStream in) throws IOException {
    PolicyState state = new PolicyState();
    try {
      for (int tag = in.readUnsignedByte(); tag != TAG_END; tag = in.readUnsignedByte()) {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IOException("policy block " + tag + " claims " + length + " bytes");
        }
        DataInputStream data = new DataInputStream(
            new java.io.ByteArrayInputStream(in.readNBytes(length)));
        switch (tag) {
          case TAG_REVIEW_REQUIRED -> state.reviewRequiredSince = Instant.ofEpochMilli(data.readLong());
          case TAG_REVIEWS -> {
            int count = data.readUnsignedShort();
            for (int i = 0; i < count; i++) {
              String who = data.readUTF();
              Instant when = Instant.ofEpochMilli(data.readLong());
              String summary = data.readUTF();
              int actionCount = data.readUnsignedByte();
              List<String> actions = new ArrayList<>(actionCount);
              for (int j = 0; j < actionCount; j++) {
                actions.add(data.readUTF());
              }
              Optional<URI> link =
                  data.readBoolean() ? Optional.of(URI.create(data.readUTF())) : Optional.empty();
              state.reviews.addLast(new Review(who, when, summary, actions, link));
            }
            while (state.reviews.size() > MAX_REVIEWS) {
              state.reviews.removeFirst();
            }
          }
          case TAG_ADJUSTMENTS -> {
            int count = data.readUnsignedShort();
            for (int i = 0; i < count; i++) {
              boolean hasObjective = data.readBoolean();
              double objective = data.readDouble();
              long events = data.readLong();
              java.time.Duration downtime = java.time.Duration.ofMillis(data.readLong());
              String reason = data.readUTF();
              String approver = data.readUTF();
              Instant start = Instant.ofEpochMilli(data.readLong());
              boolean hasEnd = data.readBoolean();
              long end = data.readLong();
              state.adjustments.add(new BudgetAdjustment(
                  hasObjective ? java.util.OptionalDouble.of(objective) : java.util.OptionalDouble.empty(),
                  events, downtime, reason, approver, start,
                  hasEnd ? Optional.of(Instant.ofEpochMilli(end)) : Optional.empty()));
            }
          }
          case TAG_DEPLOYMENTS -> {
            int count = data.readUnsignedShort();
            for (int i = 0; i < count; i++) {
              Tracked tracked = new Tracked(data.readUTF(), Instant.ofEpochMilli(data.readLong()),
                  java.time.Duration.ofMillis(data.readLong()));
              if (data.readBoolean()) {
                tracked.done = new DeploymentDowntime(tracked.version, tracked.time,
                    tracked.expected, Optional.of(Instant.ofEpochMilli(data.readLong())),
                    data.readLong(), data.readLong(), java.time.Duration.ofMillis(data.readLong()),
                    data.readDouble(), data.readDouble());
              } else {
                tracked.startRequests = -1; // measured from the restart on
              }
              state.deployments.addLast(tracked);
            }
          }
          default -> { } // a later version's block
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("a policy value was rejected: " + e.getMessage(), e);
    }
    return state;
  }

  /** Takes over another state's contents (a restored one). */
  void copyFrom(PolicyState other) {
    reviewRequiredSince = other.reviewRequiredSince;
    reviews.clear();
    reviews.addAll(other.reviews);
    adjustments.clear();
    adjustments.addAll(other.adjustments);
    deployments.clear();
    deployments.addAll(other.deployments);
  }

  /** Writes one tagged block. */
  private static void block(DataOutputStream out, int tag, BlockWriter writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream data = new DataOutputStream(bytes)) {
      writer.write(data);
    }
    out.writeByte(tag);
    out.writeInt(bytes.size());
    bytes.writeTo(out);
  }

  /** Writes the body of one block. */
  private interface BlockWriter {
    void write(DataOutputStream out) throws IOException;
  }
}
