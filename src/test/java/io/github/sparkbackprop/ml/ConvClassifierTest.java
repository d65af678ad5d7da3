package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small convolutional network through {@link NeuralNetworkClassifier}: Param inputShape, a toy
 * image task it must learn, and save and load of the fitted model.
 */
class ConvClassifierTest {
  private static final int SIDE = 8;
  private static final String LAYERS =
      "conv(4, 3, activation=relu), maxpool(2), flatten, dense(2, softmax)";

  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static NeuralNetworkClassificationModel model;

  @TempDir
  Path dir;

  @BeforeAll
  static void fit() {
    train = bars(400, 11).repartition(2).cache();
    test = bars(200, 12).cache();
    model = classifier().fit(train);
  }

  static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setLayers(LAYERS)
        .setInputShape("1x8x8")
        .setMaxEpochs(15)
        .setBatchSize(32)
        .setLearningRate(0.01)
        .setSeed(5);
  }

  /**
   * {@code n} noisy 8 x 8 images, each with one bright bar two pixels wide at a random place:
   * label 0 for a vertical bar, 1 for a horizontal one.
   */
  static Dataset<Row> bars(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      int at = random.nextInt(SIDE - 1);
      double[] pixels = new double[SIDE * SIDE];
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int across = label == 0 ? x : y;
          boolean bar = across == at || across == at + 1;
          pixels[y * SIDE + x] = (bar ? 0.8 : 0.0) + 0.2 * random.nextDouble();
        }
      }
      rows.add(RowFactory.create((double) label, Vectors.dense(pixels)));
    }
    return TestSpark.session().createDataFrame(rows, Datasets.SCHEMA);
  }

  private static double accuracy(NeuralNetworkClassificationModel m, Dataset<Row> data) {
    List<Row> scored = m.transform(data).select("label", "prediction").collectAsList();
    long right = scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
    return (double) right / scored.size();
  }

  @Test
  void learnsVerticalFromHorizontalBars() {
    assertEquals(Shape.image(1, SIDE, SIDE), model.architecture().inputShape());
    double accuracy = accuracy(model, test);

    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
  }

  @Test
  void savedAndLoadedModelGivesIdenticalOutputs() throws IOException {
    String path = dir.resolve("cnn").toString();
    model.write().save(path);
    NeuralNetworkClassificationModel loaded = NeuralNetworkClassificationModel.load(path);

    assertEquals(model.architecture().toString(), loaded.architecture().toString());
    assertEquals(model.getInputShape(), loaded.getInputShape());
    assertEquals(probabilities(model), probabilities(loaded));
  }

  private static List<Row> probabilities(NeuralNetworkClassificationModel m) {
    return m.transform(test).select("rawPrediction", "probability", "prediction").collectAsList();
  }

  @Test
  void refusesAnInputShapeThatDoesNotMatchTheVectors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier().setInputShape("1x7x7").fit(test));

    assertTrue(e.getMessage().contains("1x7x7"), e.getMessage());
    assertTrue(e.getMessage().contains("49"), e.getMessage());
    assertTrue(e.getMessage().contains("64"), e.getMessage());
  }

  @Test
  void refusesAnInputShapeThatDoesNotParse() {
    assertThrows(IllegalArgumentException.class, () -> classifier().setInputShape("1x0x8"));
    assertThrows(IllegalArgumentException.class, () -> classifier().setInputShape("28 by 28"));
  }

  @Test
  void convolutionWithoutInputShapeNamesTheFix() {
    NeuralNetworkClassifier flat = classifier();
    flat.clear(flat.inputShape());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> flat.fit(test));

    assertTrue(e.getMessage().contains("inputShape"), e.getMessage());
    assertTrue(e.getMessage().contains("64"), e.getMessage());
  }
}
