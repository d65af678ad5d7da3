package io.github.sparkbackprop.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.testing.TestSpark;
import io.github.sparkbackprop.train.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's training report: the summary as JSON and the learning curves as a PNG. */
class TrainingReportTest {
  @TempDir
  Path dir;

  @Test
  void writesTheSummaryAndTheCurves() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      rows.add(RowFactory.create((double) (i % 2), Vectors.dense(i % 2 == 0 ? -1 : 1, i % 7)));
    }
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType)
        .add("features", new VectorUDT());
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setLayers("dense(4, tanh), dense(2, softmax)")
        .setMaxEpochs(2)
        .setBatchSize(16)
        .setValidationFraction(0.3)
        .fit(TestSpark.session().createDataFrame(rows, schema));

    TrainingReport.write(TestSpark.session(), dir.toString(), model, "report");

    TrainingSummary written = TrainingSummary.fromJson(
        Files.readString(dir.resolve(TrainingReport.SUMMARY)), "the report");
    assertEquals(model.summary().toJson(), written.toJson());
    byte[] png = Files.readAllBytes(dir.resolve(TrainingReport.CURVES));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
  }
}
