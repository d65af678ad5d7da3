package io.github.sparkbackprop.train;

import java.util.Arrays;

/**
 * Which of one partition's rows belong to each mini-batch of an epoch.
 *
 * <p>The epoch's shuffled order is a {@link Permutation} of the global row indices; mini-batch
 * {@code b} is the rows whose shuffled position lies in {@code [b * batchSize, (b + 1) *
 * batchSize)}. Every row therefore falls in exactly one mini-batch per epoch, every mini-batch
 * but the last holds exactly {@code batchSize} rows across all partitions, and the schedule does
 * not depend on how the rows are partitioned.
 */
public final class EpochPlan implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Local row numbers sorted by their shuffled position. */
  private final int[] order;
  /** Rows of batch b are order[batchStarts[b]] .. order[batchStarts[b + 1] - 1]. */
  private final int[] batchStarts;

  private EpochPlan(int[] order, int[] batchStarts) {
    this.order = order;
    this.batchStarts = batchStarts;
  }

  /** Number of mini-batches in an epoch of {@code totalRows} rows. */
  public static long batchCount(long totalRows, int batchSize) {
    return (totalRows + batchSize - 1) / batchSize;
  }

  /**
   * Plans an epoch for the {@code rows} local rows whose global indices start at
   * {@code firstIndex}, out of {@code totalRows}, shuffled by {@code permutation} (null keeps
   * the rows in their global order). Throws {@link IllegalArgumentException} when
   * {@code batchSize} is not positive, when the rows do not lie within {@code [0, totalRows)} or
   * when the permutation is of another size.
   */
  public static EpochPlan of(long firstIndex, int rows, long totalRows, int batchSize,
      Permutation permutation) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive but was " + batchSize);
    }
    if (firstIndex < 0 || rows < 0 || firstIndex + rows > totalRows) {
      throw new IllegalArgumentException("A partition's rows [" + firstIndex + ", "
          + (firstIndex + rows) + ") must lie within the epoch's [0, " + totalRows + ")");
    }
    if (permutation != null && permutation.size() != totalRows) {
      throw new IllegalArgumentException("A permutation of " + permutation.size()
          + " cannot shuffle an epoch of " + totalRows + " rows");
    }
    if (totalRows >= 1L << 32) {
      // The sort key packs the position into 33 bits; a wider key would lift this limit.
      throw new UnsupportedOperationException(
          "Training sets of 2^32 rows or more are not supported, got " + totalRows);
    }
    long batches = batchCount(totalRows, batchSize);
    if (batches > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("An epoch of " + totalRows + " rows in batches of "
          + batchSize + " has more mini-batches than fit in one array");
    }
    long[] keyed = new long[rows];
    for (int i = 0; i < rows; i++) {
      long position = permutation == null ? firstIndex + i : permutation.apply(firstIndex + i);
      // Position in the high bits and the local row in the low 31: sorting sorts by position.
      keyed[i] = (position << 31) | i;
    }
    Arrays.sort(keyed);
    int[] order = new int[rows];
    int[] starts = new int[(int) batches + 1];
    int next = 0;
    for (int i = 0; i < rows; i++) {
      order[i] = (int) (keyed[i] & 0x7FFFFFFFL);
      long batch = (keyed[i] >>> 31) / batchSize;
      while (next <= batch) {
        starts[next++] = i;
      }
    }
    while (next <= batches) {
      starts[next++] = rows;
    }
    return new EpochPlan(order, starts);
  }

  public int batchCount() {
    return batchStarts.length - 1;
  }

  /** Number of local rows in mini-batch {@code batch}. */
  public int batchRows(int batch) {
    return batchStarts[batch + 1] - batchStarts[batch];
  }

  /** The {@code k}-th local row of mini-batch {@code batch}. */
  public int row(int batch, int k) {
    return order[batchStarts[batch] + k];
  }
}
