package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plan of an epoch over partitions: every row in exactly one mini-batch, full batches but the
 * last, and the same batch for each row however the rows are partitioned.
 */
class EpochPlanTest {

  @ParameterizedTest(name = "N = {0}")
  @ValueSource(ints = {1, 2, 3, 7, 64, 101, 1000})
  void everyRowFallsInOneBatchWhateverThePartitioning(int n) {
    for (int batchSize : batchSizes(n)) {
      for (Permutation permutation :
          new Permutation[] {null, new Permutation(n, 1), new Permutation(n, -77)}) {
        int[] reference = null;
        for (Map.Entry<String, int[]> layout : layouts(n).entrySet()) {
          String what = "N=" + n + ", batchSize=" + batchSize + ", " + layout.getKey()
              + (permutation == null ? ", unshuffled" : ", shuffled");
          int[] batchOf = plan(layout.getValue(), n, batchSize, permutation, what);
          if (reference == null) {
            reference = batchOf;
          } else {
            assertArrayEquals(reference, batchOf, what + " differs from one partition");
          }
        }
      }
    }
  }

  @Test
  void countsBatchesRoundingUp() {
    assertEquals(1, EpochPlan.batchCount(1, 1));
    assertEquals(4, EpochPlan.batchCount(10, 3));
    assertEquals(1, EpochPlan.batchCount(10, 100));
    assertEquals(10, EpochPlan.batchCount(10, 1));
    assertEquals(1L << 31, EpochPlan.batchCount((1L << 32) - 1, 2));
  }

  @Test
  void anEmptyPartitionHasEmptyBatches() {
    EpochPlan plan = EpochPlan.of(5, 0, 10, 3, new Permutation(10, 4));

    assertEquals(4, plan.batchCount());
    for (int b = 0; b < plan.batchCount(); b++) {
      assertEquals(0, plan.batchRows(b));
    }
  }

  @Test
  void refusesTwoToThe32RowsOrMore() {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> EpochPlan.of(0, 1, 1L << 32, 128, null));
    assertTrue(e.getMessage().contains(String.valueOf(1L << 32)), e.getMessage());
  }

  @Test
  void refusesABatchSizeBelowOne() {
    for (int batchSize : new int[] {0, -1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> EpochPlan.of(0, 4, 10, batchSize, null));
      assertTrue(e.getMessage().contains("batchSize must be positive but was " + batchSize),
          e.getMessage());
    }
  }

  @Test
  void refusesRowsOutsideTheEpoch() {
    IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
        () -> EpochPlan.of(8, 4, 10, 3, null));
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> EpochPlan.of(-1, 4, 10, 3, null));

    assertTrue(past.getMessage().contains("rows [8, 12)"), past.getMessage());
    assertTrue(past.getMessage().contains("[0, 10)"), past.getMessage());
    assertTrue(negative.getMessage().contains("rows [-1, 3)"), negative.getMessage());
  }

  @Test
  void refusesAPermutationOfAnotherSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EpochPlan.of(0, 4, 10, 3, new Permutation(11, 1)));

    assertTrue(e.getMessage().contains("permutation of 11"), e.getMessage());
    assertTrue(e.getMessage().contains("10 rows"), e.getMessage());
  }

  /** 1, 3, N - 1, N and 10 N, without repeats or zero. */
  private static List<Integer> batchSizes(int n) {
    List<Integer> sizes = new ArrayList<>();
    for (int size : new int[] {1, 3, n - 1, n, 10 * n}) {
      if (size > 0 && !sizes.contains(size)) {
        sizes.add(size);
      }
    }
    return sizes;
  }

  /** Partition sizes summing to n: one, two even, two very uneven, five with an empty one. */
  private static Map<String, int[]> layouts(int n) {
    Map<String, int[]> layouts = new LinkedHashMap<>();
    layouts.put("one partition", new int[] {n});
    layouts.put("two even partitions", new int[] {n / 2, n - n / 2});
    layouts.put("two uneven partitions", new int[] {n - 1, 1});
    int large = n * 3 / 5;
    int single = Math.min(1, n - large);
    int third = (n - large - single) / 3;
    layouts.put("five partitions",
        new int[] {large, single, 0, third, n - large - single - third});
    return layouts;
  }

  /**
   * Plans every partition of {@code layout} and returns each global row's batch, checking that
   * each row appears once, where the shuffled order puts it, and that batches are full.
   */
  private static int[] plan(int[] layout, int n, int batchSize, Permutation permutation,
      String what) {
    long batches = EpochPlan.batchCount(n, batchSize);
    int[] batchOf = new int[n];
    Arrays.fill(batchOf, -1);
    long[] rowsInBatch = new long[(int) batches];
    long first = 0;
    for (int rows : layout) {
      EpochPlan plan = EpochPlan.of(first, rows, n, batchSize, permutation);
      assertEquals(batches, plan.batchCount(), what);
      long previousPosition = -1;
      for (int b = 0; b < plan.batchCount(); b++) {
        for (int k = 0; k < plan.batchRows(b); k++) {
          int local = plan.row(b, k);
          assertTrue(local >= 0 && local < rows, what + ": local row " + local + " of " + rows);
          int global = (int) (first + local);
          if (batchOf[global] != -1) {
            fail(what + ": row " + global + " is in batches " + batchOf[global] + " and " + b);
          }
          batchOf[global] = b;
          rowsInBatch[b]++;
          long position = permutation == null ? global : permutation.apply(global);
          assertEquals(position / batchSize, b, what + ": batch of row " + global);
          assertTrue(position > previousPosition, what + ": rows out of shuffled order");
          previousPosition = position;
        }
      }
      first += rows;
    }
    for (int g = 0; g < n; g++) {
      assertTrue(batchOf[g] >= 0, what + ": row " + g + " is in no batch");
    }
    for (int b = 0; b < batches - 1; b++) {
      assertEquals(batchSize, rowsInBatch[b], what + ": rows in batch " + b);
    }
    long last = n - (batches - 1) * batchSize;
    assertTrue(last >= 1 && last <= batchSize, what + ": last batch " + last);
    assertEquals(last, rowsInBatch[(int) batches - 1], what + ": rows in the last batch");
    return batchOf;
  }
}
