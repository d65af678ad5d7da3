package io.github.sparkbackprop.train;

import java.io.Serializable;
import java.util.Locale;

/** Why a fit stopped: the kind, for programs, and a sentence, for people. */
public final class StopReason implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds of ending, written in lower case in the summary's JSON. */
  public enum Kind {
    /** Every epoch up to maxEpochs ran. */
    MAX_EPOCHS,
    /** The monitored loss stopped improving for {@code patience} epochs. */
    EARLY_STOPPING;

    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromJsonName(String name) {
      for (Kind kind : values()) {
        if (kind.jsonName().equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("Unknown stop reason '" + name + "'");
    }
  }

  private final Kind kind;
  /** The last epoch that ran. */
  private final int epoch;
  /** The epoch with the lowest monitored loss, or 0 when none was monitored. */
  private final int bestEpoch;
  private final String description;

  public StopReason(Kind kind, int epoch, int bestEpoch, String description) {
    this.kind = kind;
    this.epoch = epoch;
    this.bestEpoch = bestEpoch;
    this.description = description;
  }

  static StopReason maxEpochs(int maxEpochs, int bestEpoch) {
    return new StopReason(Kind.MAX_EPOCHS, maxEpochs, bestEpoch,
        "reached maxEpochs (" + maxEpochs + ")");
  }

  static StopReason earlyStopping(int epoch, int bestEpoch, String monitored, int patience,
      double minDelta) {
    return new StopReason(Kind.EARLY_STOPPING, epoch, bestEpoch, "early stopping at epoch "
        + epoch + ", best epoch " + bestEpoch + ": the " + monitored + " did not improve by more"
        + " than " + minDelta + " for " + patience + (patience == 1 ? " epoch" : " epochs"));
  }

  public Kind kind() {
    return kind;
  }

  public int epoch() {
    return epoch;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
