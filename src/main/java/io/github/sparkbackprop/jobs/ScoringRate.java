package io.github.sparkbackprop.jobs;

import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Timings of Spark work as the benchmark takes them: the median of a few repetitions. */
final class ScoringRate {
  private ScoringRate() {}

  /**
   * Rows per second of computing every column of {@code scored}, which has {@code rows} rows:
   * the median of three runs of a write to Spark's {@code noop} sink, which evaluates everything
   * and stores nothing.
   */
  static double rowsPerSecond(Dataset<Row> scored, long rows) {
    double[] seconds = new double[3];
    for (int i = 0; i < seconds.length; i++) {
      long start = System.nanoTime();
      scored.write().format("noop").mode("overwrite").save();
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    return rows / median(seconds);
  }

  /**
   * Milliseconds of an empty job over every partition of {@code rows} cached as a plain RDD, the
   * way training keeps its blocks: the median of {@code repetitions} jobs after five warm-ups.
   */
  static double emptyJobMillis(Dataset<Row> rows, int repetitions) {
    JavaRDD<Row> rdd = rows.javaRDD().cache();
    rdd.count();
    try {
      for (int i = 0; i < 5; i++) {
        rdd.foreachPartition(it -> { });
      }
      double[] millis = new double[repetitions];
      for (int i = 0; i < repetitions; i++) {
        long start = System.nanoTime();
        rdd.foreachPartition(it -> { });
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
      return median(millis);
    } finally {
      rdd.unpersist(false);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
