package io.github.sparkbackprop.jobs;

import io.github.sparkbackprop.ml.NeuralNetworkModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a fitted model's training summary beside the job's other output, through Hadoop's file
 * system: {@value #SUMMARY} (the summary's own versioned JSON) and {@value #CURVES} (the learning
 * curves).
 */
final class TrainingReport {
  static final String SUMMARY = "training-summary.json";
  static final String CURVES = "learning-curves.png";

  private TrainingReport() {}

  /** Writes both files into {@code outputDir} and returns the path of the chart. */
  static String write(SparkSession spark, String outputDir, NeuralNetworkModel model,
      String title) {
    if (!model.hasSummary()) {
      return null;
    }
    Path summary = new Path(outputDir, SUMMARY);
    Path curves = new Path(outputDir, CURVES);
    try {
      FileSystem fs = summary.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(summary, true)) {
        out.write(model.summary().toJson().getBytes(StandardCharsets.UTF_8));
      }
      try (OutputStream out = fs.create(curves, true)) {
        LearningCurves.writePng(model.summary(), title, out);
      }
      return curves.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the training report to " + outputDir + ": "
          + e.getMessage(), e);
    }
  }
}
