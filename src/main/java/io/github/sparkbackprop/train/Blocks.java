package io.github.sparkbackprop.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/** Stacks a DataFrame's rows into one cached {@link PartitionBlock} per partition. */
public final class Blocks {
  private Blocks() {}

  /**
   * Reads every row once with {@code reader} and returns the cached blocks together with the
   * total row count. Runs two Spark jobs: one that numbers the rows and one that materialises the
   * cache, so that a bad row fails here rather than in the middle of training.
   */
  public static StackedData stack(Dataset<Row> data, ExampleReader reader) {
    return stack(data.javaRDD(), reader);
  }

  /** {@link #stack(Dataset, ExampleReader)} for rows that are already an RDD. */
  public static StackedData stack(JavaRDD<Row> data, ExampleReader reader) {
    JavaRDD<PartitionBlock> blocks = data
        .zipWithIndex()
        .mapPartitions(rows -> stackPartition(rows, reader))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long total = blocks.map(b -> (long) b.rows()).fold(0L, Long::sum);
    return new StackedData(blocks, total);
  }

  private static Iterator<PartitionBlock> stackPartition(Iterator<Tuple2<Row, Long>> rows,
      ExampleReader reader) {
    int featureSize = reader.featureSize();
    int targetWidth = reader.targetWidth();
    int capacity = 1024;
    float[] features = new float[capacity * featureSize];
    float[] targets = new float[capacity * targetWidth];
    float[] weights = reader.weighted() ? new float[capacity] : null;
    int count = 0;
    long firstIndex = -1;
    while (rows.hasNext()) {
      Tuple2<Row, Long> next = rows.next();
      if (count == 0) {
        firstIndex = next._2();
      }
      if (count == capacity) {
        capacity *= 2;
        features = Arrays.copyOf(features, capacity * featureSize);
        targets = Arrays.copyOf(targets, capacity * targetWidth);
        weights = weights == null ? null : Arrays.copyOf(weights, capacity);
      }
      float weight = reader.read(next._1(), next._2(), features, count * featureSize, targets,
          count * targetWidth);
      if (weights != null) {
        weights[count] = weight;
      }
      count++;
    }
    List<PartitionBlock> out = new ArrayList<>(1);
    out.add(new PartitionBlock(Math.max(firstIndex, 0), count, featureSize, targetWidth,
        Arrays.copyOf(features, count * featureSize), Arrays.copyOf(targets, count * targetWidth),
        weights == null ? null : Arrays.copyOf(weights, count)));
    return out.iterator();
  }

  /** Cached blocks and their total number of rows; {@link #release} frees the cache. */
  public static final class StackedData {
    private final JavaRDD<PartitionBlock> blocks;
    private final long rows;

    StackedData(JavaRDD<PartitionBlock> blocks, long rows) {
      this.blocks = blocks;
      this.rows = rows;
    }

    public JavaRDD<PartitionBlock> blocks() {
      return blocks;
    }

    public long rows() {
      return rows;
    }

    public void release() {
      blocks.unpersist(false);
    }
  }
}
