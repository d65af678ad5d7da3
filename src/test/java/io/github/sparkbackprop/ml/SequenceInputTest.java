package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequence input to the stages: persistence of a recurrent model, truncation, and the errors
 * for sequences and vectors that do not fit the network.
 */
class SequenceInputTest {
  private static final StructType FLAT = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", new VectorUDT());

  private static final String BLOCK_MANAGER = "org.apache.spark.storage.BlockManager";

  @TempDir
  Path dir;

  private static SparkSession spark() {
    return TestSpark.session();
  }

  private static Dataset<Row> sequences(List<Row> rows) {
    return spark().createDataFrame(rows, Sequences.SCHEMA);
  }

  private static NeuralNetworkRegressor quickRegressor(String layers) {
    return new NeuralNetworkRegressor().setLayers(layers).setMaxEpochs(1).setBatchSize(50)
        .setSeed(1);
  }

  private static NeuralNetworkClassifier quick(String layers) {
    return new NeuralNetworkClassifier().setLayers(layers).setMaxEpochs(2).setBatchSize(50)
        .setSeed(1);
  }

  @Test
  void savedLstmModelLoadsWithIdenticalOutputs() throws Exception {
    Dataset<Row> data = sequences(Sequences.firstAboveLast(200, 2, 7, 11)).repartition(2);
    NeuralNetworkClassificationModel model =
        quick("lstm(6, sequences=true), gru(4), dense(2, softmax)").setBpttLength(3).fit(data);
    String path = dir.resolve("lstm").toString();
    model.write().save(path);
    NeuralNetworkClassificationModel loaded = NeuralNetworkClassificationModel.load(path);

    assertEquals(model.architecture().toString(), loaded.architecture().toString());
    assertTrue(loaded.architecture().spec().toString().contains("bptt=3"),
        loaded.architecture().toString());
    assertEquals(3, loaded.getBpttLength());
    List<Row> before = model.transform(data).select("probability").collectAsList();
    List<Row> after = loaded.transform(data).select("probability").collectAsList();
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(((Vector) before.get(i).get(0)).toArray(),
          ((Vector) after.get(i).get(0)).toArray(), "row " + i);
    }
  }

  @Test
  void layersKeepTheirOwnBpttWhenTheParamIsZero() {
    Dataset<Row> data = sequences(Sequences.firstAboveLast(60, 2, 5, 3));
    NeuralNetworkClassificationModel own =
        quick("gru(3, bptt=2), dense(2, softmax)").setMaxEpochs(1).fit(data);
    assertTrue(own.architecture().spec().toString().contains("bptt=2"),
        own.architecture().toString());
    NeuralNetworkClassificationModel replaced =
        quick("gru(3, bptt=2), dense(2, softmax)").setMaxEpochs(1).setBpttLength(4).fit(data);
    assertTrue(replaced.architecture().spec().toString().contains("bptt=4"),
        replaced.architecture().toString());
  }

  @Test
  void bpttLengthMustNotBeNegative() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NeuralNetworkRegressor().setBpttLength(-1));
    assertTrue(e.getMessage().contains("bpttLength"), e.getMessage());
  }

  @Test
  void stepOfTheWrongSizeIsRefusedWithColumnStepAndSizes() {
    List<Row> rows = new ArrayList<>(Sequences.sums(10, 2, 4, 1));
    rows.add(RowFactory.create(1.0, List.of(Vectors.dense(1, 2), Vectors.dense(1, 2, 3))));
    Throwable e = quietly(() -> quickRegressor("rnn(3), dense(1)").fit(sequences(rows)));
    assertMentions(e.getMessage(), "Row 10", "column 'features'", "time step 1",
        "vector of size 3", "takes 2 features per step");
  }

  @Test
  void emptySequenceIsRefusedWithItsRow() {
    List<Row> rows = new ArrayList<>(Sequences.sums(5, 2, 4, 2));
    rows.add(RowFactory.create(0.0, List.of()));
    Throwable e = quietly(() -> quickRegressor("gru(3), dense(1)").fit(sequences(rows)));
    assertMentions(e.getMessage(), "Row 5", "column 'features'", "empty sequence");
  }

  @Test
  void sequenceLongerThanInputShapeIsRefused() {
    List<Row> rows = new ArrayList<>(Sequences.sums(5, 2, 3, 3));
    rows.add(Sequences.sums(1, 4, 4, 4).get(0));
    Throwable e = quietly(
        () -> quickRegressor("lstm(3), dense(1)").setInputShape("3x2").fit(sequences(rows)));
    assertMentions(e.getMessage(), "column 'features'", "4 steps", "at most 3");
  }

  @Test
  void flatVectorsThatDoNotFillTheStepsAreRefusedWithBothSizes() {
    List<Row> rows = List.of(RowFactory.create(0.0, Vectors.dense(new double[14])));
    Throwable e = assertThrows(IllegalArgumentException.class,
        () -> quick("lstm(3), dense(2, softmax)").setInputShape("5x3")
            .fit(spark().createDataFrame(rows, FLAT)));
    assertMentions(e.getMessage(), "Column 'features'", "5x3", "15 values", "14");
  }

  @Test
  void recurrentLayerOnPlainVectorsAsksForASequenceShape() {
    List<Row> rows = List.of(RowFactory.create(0.0, Vectors.dense(new double[12])));
    Throwable e = assertThrows(IllegalArgumentException.class,
        () -> quick("lstm(3), dense(2, softmax)").fit(spark().createDataFrame(rows, FLAT)));
    assertMentions(e.getMessage(), "lstm", "steps x features", "inputShape", "12");
  }

  @Test
  void sequenceModelRefusesVectorsAndStepsOfTheWrongSize() throws Exception {
    NeuralNetworkClassificationModel model = quick("lstm(3), dense(2, softmax)")
        .fit(sequences(Sequences.firstAboveLast(50, 2, 4, 5)));
    List<Row> flat = List.of(RowFactory.create(0.0, Vectors.dense(1)));
    Throwable vectors = assertThrows(IllegalArgumentException.class,
        () -> model.transform(spark().createDataFrame(flat, FLAT)));
    assertMentions(vectors.getMessage(), "Column 'features'", "trained on sequences",
        "1 features per step");

    List<Row> wide = List.of(RowFactory.create(0.0, List.of(Vectors.dense(1, 2))));
    Throwable failure = quietly(() -> model.transform(sequences(wide)).collectAsList());
    assertMentions(failure.getMessage(), "column 'features'", "time step 0",
        "vector of size 2", "takes 1 features per step");
  }

  /**
   * The IllegalArgumentException that {@code action} raises in a task, with the logging of the
   * failed task and of the failed caching of its partition silenced.
   */
  private static Throwable quietly(Callable<?> action) {
    Configurator.setLevel(BLOCK_MANAGER, Level.ERROR);
    try {
      return rootArgument(assertThrows(Exception.class,
          () -> TestSpark.withoutTaskFailureLogs(action)));
    } finally {
      Configurator.setLevel(BLOCK_MANAGER, Level.WARN);
    }
  }

  private static Throwable rootArgument(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException) {
        return c;
      }
    }
    throw new AssertionError("no IllegalArgumentException in " + e, e);
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
  }
}
