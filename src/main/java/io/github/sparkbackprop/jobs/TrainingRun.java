package io.github.sparkbackprop.jobs;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.train.EpochStats;
import io.github.sparkbackprop.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One timed fit of a classifier for the benchmark: the wall-clock time at the end of every epoch
 * and that epoch's weights, whose test accuracy is computed after the fit, so that measuring it
 * costs the training nothing.
 */
final class TrainingRun {
  final NeuralNetworkClassificationModel model;
  final double fitSeconds;
  /** Seconds from the start of the fit to the end of each epoch. */
  final double[] elapsed;
  /** Test accuracy of each epoch's weights. */
  final double[] accuracy;
  final List<EpochStats> epochs;

  private TrainingRun(NeuralNetworkClassificationModel model, double fitSeconds,
      double[] elapsed, double[] accuracy) {
    this.model = model;
    this.fitSeconds = fitSeconds;
    this.elapsed = elapsed;
    this.accuracy = accuracy;
    this.epochs = model.trainingHistory();
  }

  /** Fits {@code classifier} on {@code train} and scores every epoch on {@code test}. */
  static TrainingRun fit(NeuralNetworkClassifier classifier, Dataset<Row> train,
      TestSet test) {
    List<Double> ends = new ArrayList<>();
    List<float[]> weights = new ArrayList<>();
    long start = System.nanoTime();
    NeuralNetworkClassifier timed = classifier.copy(classifier.extractParamMap());
    timed.addTrainingListener(new TrainingListener() {
      @Override
      public void onEpochEnd(EpochStats stats) {
        ends.add((System.nanoTime() - start) / 1e9);
      }

      @Override
      public void onEpochWeights(int epoch, float[] params) {
        weights.add(test == null ? null : params.clone());
      }
    });
    NeuralNetworkClassificationModel model = timed.fit(train);
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    double[] accuracy = new double[weights.size()];
    for (int e = 0; e < accuracy.length; e++) {
      accuracy[e] = test == null ? Double.NaN : test.accuracy(model.architecture(), weights.get(e));
    }
    return new TrainingRun(model, fitSeconds,
        ends.stream().mapToDouble(Double::doubleValue).toArray(), accuracy);
  }

  /** Seconds until the test accuracy first reached {@code target}, or NaN if it never did. */
  double secondsToAccuracy(double target) {
    for (int e = 0; e < accuracy.length; e++) {
      if (accuracy[e] >= target) {
        return elapsed[e];
      }
    }
    return Double.NaN;
  }

  double finalAccuracy() {
    return accuracy[accuracy.length - 1];
  }

  /** The median wall-clock seconds of the epochs. */
  double epochSeconds() {
    return ScoringRate.median(epochs.stream().mapToDouble(EpochStats::seconds).toArray());
  }

  /** The median of the epochs' seconds beyond their tasks' computing, per Spark job, in ms. */
  double overheadMillisPerJob() {
    return ScoringRate.median(epochs.stream()
        .mapToDouble(e -> (e.seconds() - e.taskSeconds()) / e.jobs() * 1000).toArray());
  }

  /** The median of the epochs' seconds spent in their jobs' slowest tasks. */
  double taskSeconds() {
    return ScoringRate.median(epochs.stream().mapToDouble(EpochStats::taskSeconds).toArray());
  }

  /** Matrix-product GFLOP/s of training over the whole epoch (median epoch). */
  double trainGflops() {
    return gflops(epochSeconds());
  }

  /** Matrix-product GFLOP/s of training one epoch's rows in {@code epochSeconds}. */
  double gflops(double epochSeconds) {
    return model.architecture().trainingFlopsPerRow() * (double) epochs.get(0).rows()
        / epochSeconds / 1e9;
  }

  /** The test rows held on the driver, to score a set of weights without a Spark job. */
  static final class TestSet {
    private final float[] features;
    private final int[] labels;
    private final int featureSize;

    TestSet(Dataset<Row> test) {
      List<Row> rows = test.select("features", "label").collectAsList();
      featureSize = ((Vector) rows.get(0).get(0)).size();
      features = new float[rows.size() * featureSize];
      labels = new int[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        double[] values = ((Vector) rows.get(r).get(0)).toArray();
        for (int i = 0; i < featureSize; i++) {
          features[r * featureSize + i] = (float) values[i];
        }
        labels[r] = (int) rows.get(r).getDouble(1);
      }
    }

    int rows() {
      return labels.length;
    }

    /** The fraction of rows whose largest output is their label, scored in blocks of rows. */
    double accuracy(Architecture architecture, float[] params) {
      int block = 1000;
      Network network = architecture.newNetwork(block);
      int classes = architecture.outputShape().size();
      long correct = 0;
      for (int from = 0; from < labels.length; from += block) {
        int rows = Math.min(block, labels.length - from);
        float[] input = new float[rows * featureSize];
        System.arraycopy(features, from * featureSize, input, 0, input.length);
        float[] output = network.predict(params, input, rows);
        for (int r = 0; r < rows; r++) {
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (output[r * classes + c] > output[r * classes + best]) {
              best = c;
            }
          }
          correct += best == labels[from + r] ? 1 : 0;
        }
      }
      return correct / (double) labels.length;
    }
  }
}
