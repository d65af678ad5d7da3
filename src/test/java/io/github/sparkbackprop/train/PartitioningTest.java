package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same seed, data and partitioning give the same weights every time; other partitionings
 * give the same mini-batches, so their weights differ only by the order of float additions.
 */
class PartitioningTest {
  /**
   * Largest allowed difference between weights trained on different partitionings, relative to
   * the largest of 1 and the weight. The float sums of a step differ in their last bits; after
   * three epochs of Adam, with dropout, the largest difference measured here was 2e-7, and the
   * bound leaves room for other BLAS builds and longer runs.
   */
  static final double PARTITION_TOLERANCE = 1e-5;

  private static final List<Row> ROWS = Fixtures.blobs(240);

  /** The weights of the reference run, on 2 partitions. */
  private static float[] twoPartitions;

  @BeforeAll
  static void trainTheReference() {
    twoPartitions = train(2, TestSpark.session());
  }

  private static float[] train(int partitions, SparkSession session) {
    Blocks.StackedData data = Blocks.stack(
        session.createDataFrame(Fixtures.partitioned(ROWS, partitions).rdd(), Fixtures.SCHEMA),
        new Fixtures.Reader(1));
    try {
      Architecture architecture = CheckpointTest.architecture();
      return new DistributedTrainer(architecture, Fixtures.config(3))
          .fit(data, architecture.initialParameters(1))
          .parameters();
    } finally {
      data.release();
    }
  }

  @Test
  void theSameRunGivesTheSameWeightsBitForBit() {
    assertArrayEquals(twoPartitions, train(2, TestSpark.session()));
    assertArrayEquals(twoPartitions, train(2, TestSpark.session().newSession()),
        "a new session on the same cluster");
  }

  @Test
  void oneTwoAndFourPartitionsAgreeWithinRounding() {
    float[] one = train(1, TestSpark.session());
    for (float[] other : List.of(twoPartitions, train(4, TestSpark.session()))) {
      double worst = 0;
      for (int i = 0; i < one.length; i++) {
        worst = Math.max(worst, Math.abs(one[i] - other[i]) / Math.max(1, Math.abs(one[i])));
      }
      assertTrue(worst <= PARTITION_TOLERANCE, "differs from 1 partition by " + worst
          + " relative");
    }
  }
}
