package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fitted model: its Transformer against the core, and persistence. */
class ModelTest {
  private static Dataset<Row> data;
  private static NeuralNetworkClassificationModel model;

  @TempDir
  Path dir;

  @BeforeAll
  static void fit() {
    data = Datasets.partitioned(Datasets.blobs(300, 4, 2), 100, 200);
    model = new NeuralNetworkClassifier()
        .setLayers("dense(12, relu), dense(6, tanh), dense(4, softmax)")
        .setMaxEpochs(4)
        .setBatchSize(32)
        .setLearningRate(0.01)
        .fit(data);
  }

  @Test
  void transformEqualsTheCoreForwardPass() {
    List<Row> scored = model.transform(data).select("features", "rawPrediction", "probability",
        "prediction").collectAsList();
    int n = scored.size();
    float[] input = new float[n * 2];
    for (int r = 0; r < n; r++) {
      double[] x = ((Vector) scored.get(r).get(0)).toArray();
      input[2 * r] = (float) x[0];
      input[2 * r + 1] = (float) x[1];
    }
    Network network = model.architecture().newNetwork(n);
    float[] raw = network.predictRaw(model.weights(), input, n).clone();
    float[] probability = network.predict(model.weights(), input, n);
    for (int r = 0; r < n; r++) {
      double[] rawColumn = ((Vector) scored.get(r).get(1)).toArray();
      double[] probabilityColumn = ((Vector) scored.get(r).get(2)).toArray();
      int best = 0;
      for (int j = 0; j < 4; j++) {
        assertEquals(raw[4 * r + j], (float) rawColumn[j], "raw prediction row " + r);
        assertEquals(probability[4 * r + j], probabilityColumn[j], 1e-6, "probability row " + r);
        best = probability[4 * r + j] > probability[4 * r + best] ? j : best;
      }
      assertEquals(best, scored.get(r).getDouble(3), "prediction row " + r);
    }
  }

  @Test
  void singleRowPredictionMatchesTransform() {
    Row first = model.transform(data).select("features", "rawPrediction").first();
    Vector raw = model.predictRaw((Vector) first.get(0));
    assertArrayEquals(((Vector) first.get(1)).toArray(), raw.toArray());
  }

  @Test
  void savedAndReloadedModelPredictsExactlyTheSame() throws IOException {
    String path = dir.resolve("model").toString();
    model.write().save(path);
    NeuralNetworkClassificationModel loaded = NeuralNetworkClassificationModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.getLayers(), loaded.getLayers());
    assertArrayEquals(model.weights(), loaded.weights());
    assertEquals(scores(model), scores(loaded));
    assertThrows(IOException.class, () -> model.write().save(path), "saving over a model");
    model.write().overwrite().save(path);
    assertEquals(scores(model), scores(NeuralNetworkClassificationModel.load(path)));
  }

  @Test
  void pipelineModelHoldingTheModelSavesAndLoads() throws IOException {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        new NeuralNetworkClassifier().setFeaturesCol("scaled")
            .setLayers("dense(8, relu), dense(4, softmax)").setMaxEpochs(2)});
    PipelineModel fitted = pipeline.fit(data);
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(scores(fitted), scores(loaded));

    String unfitted = dir.resolve("unfitted").toString();
    pipeline.write().save(unfitted);
    NeuralNetworkClassifier stage =
        (NeuralNetworkClassifier) Pipeline.load(unfitted).getStages()[1];
    assertEquals("dense(8, relu), dense(4, softmax)", stage.getLayers());
    assertEquals(2, stage.getMaxEpochs());
    assertEquals("scaled", stage.getFeaturesCol());
  }

  @Test
  void estimatorKeepsItsParamsThroughSaveAndLoad() throws IOException {
    NeuralNetworkClassifier estimator = new NeuralNetworkClassifier()
        .setLayers("dense(5, sigmoid), dense(1, sigmoid)")
        .setOptimizer("nesterov").setMomentum(0.8).setBatchSize(7).setSeed(99).setShuffle(false);
    String path = dir.resolve("estimator").toString();
    estimator.write().save(path);
    NeuralNetworkClassifier loaded = NeuralNetworkClassifier.load(path);
    assertEquals(estimator.uid(), loaded.uid());
    assertEquals(estimator.extractParamMap().toString(), loaded.extractParamMap().toString());
  }

  @Test
  void damagedModelsAreRefused() throws IOException {
    String path = dir.resolve("damaged").toString();
    model.write().save(path);
    Path metadata = dir.resolve("damaged/metadata/part-00000");
    String json = Files.readString(metadata, StandardCharsets.UTF_8);
    // Hadoop's local file system keeps a checksum beside each file and would refuse the edits.
    Files.deleteIfExists(dir.resolve("damaged/metadata/.part-00000.crc"));

    Files.writeString(metadata, json.replace("\"formatVersion\":1", "\"formatVersion\":7"));
    IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetworkClassificationModel.load(path));
    assertTrue(version.getMessage().contains("format version 7"), version.getMessage());

    Files.writeString(metadata, json.replaceAll("\"weightsCrc32\":\\d+", "\"weightsCrc32\":1"));
    IllegalArgumentException checksum = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetworkClassificationModel.load(path));
    assertTrue(checksum.getMessage().contains("checksum"), checksum.getMessage());

    Files.writeString(metadata, json.replace("dense(6, tanh)", "dense(7, tanh)"));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetworkClassificationModel.load(path));
    assertTrue(shape.getMessage().contains("parameters"), shape.getMessage());
  }

  @Test
  void modelDescribesItselfInOneLine() {
    String text = model.toString();
    assertTrue(text.contains(model.uid()) && text.contains("numFeatures=2")
        && text.contains("numClasses=4") && !text.contains("\n"), text);
  }

  private static List<Row> scores(org.apache.spark.ml.Transformer transformer) {
    return transformer.transform(data).select("rawPrediction", "probability", "prediction")
        .collectAsList();
  }

  static {
    TestSpark.session();
  }
}
