package io.github.sparkbackprop.jobs;

import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark MLlib's own MultilayerPerceptronClassifier on the same data, with its default solver
 * (L-BFGS, one pass over all rows per iteration): the peer the benchmark compares against.
 */
final class PeerBaseline {
  final double fitSeconds;
  final double testAccuracy;
  final double transformRowsPerSecond;

  private PeerBaseline(double fitSeconds, double testAccuracy, double transformRowsPerSecond) {
    this.fitSeconds = fitSeconds;
    this.testAccuracy = testAccuracy;
    this.transformRowsPerSecond = transformRowsPerSecond;
  }

  static PeerBaseline run(Dataset<Row> train, Dataset<Row> test, int[] layers, int iterations,
      long seed) {
    MultilayerPerceptronClassifier peer = new MultilayerPerceptronClassifier()
        .setLayers(layers)
        .setMaxIter(iterations)
        .setSeed(seed);
    long start = System.nanoTime();
    MultilayerPerceptronClassificationModel model = peer.fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(test));
    double rate = ScoringRate.rowsPerSecond(model.transform(test), test.count());
    return new PeerBaseline(seconds, accuracy, rate);
  }
}
