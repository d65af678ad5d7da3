package io.github.sparkbackprop.train;

import java.io.Serializable;

/**
 * When to stop before maxEpochs: after {@code patience} epochs in a row whose monitored loss is
 * not lower than the best so far by more than {@code minDelta}. The monitored loss is the
 * validation loss when there is validation data, otherwise the training loss.
 *
 * <p>With {@code restoreBest}, the fit returns the weights of the best epoch rather than the last
 * one, whether it stopped early or ran to maxEpochs.
 */
public final class EarlyStopping implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final EarlyStopping OFF = new EarlyStopping(0, 0, false);

  /** Epochs without improvement before stopping; 0 never stops early. */
  private final int patience;
  /** An improvement must exceed this, in loss units, to count. */
  private final double minDelta;
  private final boolean restoreBest;

  public EarlyStopping(int patience, double minDelta, boolean restoreBest) {
    if (patience < 0) {
      throw new IllegalArgumentException(
          "patience must be >= 0 (0 for no early stopping) but was " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("minDelta must be a finite number >= 0 but was "
          + minDelta);
    }
    this.patience = patience;
    this.minDelta = minDelta;
    this.restoreBest = restoreBest;
  }

  /** Neither stops early nor restores the best weights. */
  public static EarlyStopping off() {
    return OFF;
  }

  public int patience() {
    return patience;
  }

  public double minDelta() {
    return minDelta;
  }

  public boolean restoreBest() {
    return restoreBest;
  }

  /** Whether the best epoch has to be tracked at all. */
  boolean active() {
    return patience > 0 || restoreBest;
  }

  @Override
  public String toString() {
    if (!active()) {
      return "off";
    }
    return "patience=" + patience + ", minDelta=" + minDelta + ", restoreBest=" + restoreBest;
  }
}
