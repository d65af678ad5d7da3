package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small synthetic DataFrames with exactly chosen partition layouts. */
final class Datasets {
  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", new VectorUDT());

  private Datasets() {}

  /** {@code n} rows of {@code classes} Gaussian blobs in 2 dimensions. */
  static List<Row> blobs(int n, int classes, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % classes;
      double angle = 2 * Math.PI * label / classes;
      rows.add(RowFactory.create((double) label, Vectors.dense(
          2 * Math.cos(angle) + 0.4 * random.nextGaussian(),
          2 * Math.sin(angle) + 0.4 * random.nextGaussian())));
    }
    return rows;
  }

  /** The rows split into partitions of exactly the given sizes, in order (a size may be 0). */
  static Dataset<Row> partitioned(List<Row> rows, int... sizes) {
    List<List<Row>> parts = new ArrayList<>();
    int start = 0;
    for (int size : sizes) {
      parts.add(new ArrayList<>(rows.subList(start, start + size)));
      start += size;
    }
    if (start != rows.size()) {
      throw new IllegalArgumentException("sizes add up to " + start + ", not " + rows.size());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    JavaRDD<Row> rdd = jsc.parallelize(parts, sizes.length).flatMap(List::iterator);
    return TestSpark.session().createDataFrame(rdd, SCHEMA);
  }
}
