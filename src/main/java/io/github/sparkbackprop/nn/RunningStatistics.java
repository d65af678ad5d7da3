package io.github.sparkbackprop.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters that training does not move by gradient, the running statistics of a network's
 * {@link BatchNormLayer}s, and how a training step updates them.
 *
 * <p>Each range holds {@code 2 * channels} floats, the running means then the running variances,
 * and the same range of a step's summed gradient holds the tasks' batch statistics, each task's
 * weighted by its row count (see {@link BatchNormLayer}). A trainer calls {@link #fold} on the
 * summed gradient before clipping, weight decay and the optimizer, which then see zeros there, and
 * {@link #write} after the update, so that the new running values replace whatever the update did
 * to them. A network without batch normalisation has no ranges, and both calls do nothing.
 *
 * <p>Immutable.
 */
public final class RunningStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  /** starts[i] is where range i begins in the parameter array. */
  private final int[] starts;
  private final int[] lengths;
  private final float[] momenta;
  private final int total;

  private RunningStatistics(int[] starts, int[] lengths, float[] momenta) {
    this.starts = starts;
    this.lengths = lengths;
    this.momenta = momenta;
    int sum = 0;
    for (int length : lengths) {
      sum += length;
    }
    this.total = sum;
  }

  /** The ranges of the batch normalisation layers among {@code layers}, laid out in order. */
  static RunningStatistics of(List<Layer> layers) {
    List<int[]> ranges = new ArrayList<>();
    List<Float> momentumList = new ArrayList<>();
    int offset = 0;
    for (Layer layer : layers) {
      if (layer instanceof BatchNormLayer) {
        BatchNormLayer norm = (BatchNormLayer) layer;
        ranges.add(new int[] {offset + norm.runningStatisticsStart(), 2 * norm.channels()});
        momentumList.add(norm.momentum());
      }
      offset += layer.parameterCount();
    }
    int[] starts = new int[ranges.size()];
    int[] lengths = new int[ranges.size()];
    float[] momenta = new float[ranges.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = ranges.get(i)[0];
      lengths[i] = ranges.get(i)[1];
      momenta[i] = momentumList.get(i);
    }
    return new RunningStatistics(starts, lengths, momenta);
  }

  /** Whether the network has no running statistics. */
  public boolean isEmpty() {
    return starts.length == 0;
  }

  /** Whether index {@code i} of the parameter array holds a running statistic. */
  public boolean contains(int i) {
    for (int k = 0; k < starts.length; k++) {
      if (i >= starts[k] && i < starts[k] + lengths[k]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The new running statistics after a step over {@code rows} rows, from the current ones in
   * {@code params} (not modified) and the batch statistics summed into {@code gradient}, whose
   * slots it sets to zero. With no rows the running values stay as they are.
   */
  // TODO: the variance folded in is the row-weighted mean of the tasks' variances, which leaves
  // out the spread between the tasks' means; sending each task's sum of squares as well would
  // give the pooled variance of the whole mini-batch.
  public float[] fold(float[] params, float[] gradient, long rows) {
    float[] next = new float[total];
    int at = 0;
    for (int k = 0; k < starts.length; k++) {
      float keep = momenta[k];
      for (int j = starts[k]; j < starts[k] + lengths[k]; j++) {
        float batch = rows > 0 ? (float) (gradient[j] / (double) rows) : params[j];
        next[at++] = keep * params[j] + (1 - keep) * batch;
        gradient[j] = 0f;
      }
    }
    return next;
  }

  /** Writes the values {@link #fold} returned into their places in {@code params}. */
  public void write(float[] values, float[] params) {
    int at = 0;
    for (int k = 0; k < starts.length; k++) {
      System.arraycopy(values, at, params, starts[k], lengths[k]);
      at += lengths[k];
    }
  }
}
