package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input check of the estimators and models: each bad input is refused with a message that
 * names the column or Param, the expected and the actual value. Schema checks run before any
 * Spark job; row checks name the row.
 */
class InputCheckTest {
  private static final List<Row> BLOBS = Datasets.blobs(30, 3, 1);
  private static final String BLOCK_MANAGER = "org.apache.spark.storage.BlockManager";

  /** Something that should fail. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private static SparkSession spark() {
    return TestSpark.session();
  }

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setLayers("dense(4, tanh), dense(3, softmax)")
        .setMaxEpochs(2)
        .setBatchSize(1000)
        .setLearningRate(0.01);
  }

  private static NeuralNetworkRegressor regressor() {
    return new NeuralNetworkRegressor()
        .setLayers("dense(4, tanh), dense(1)")
        .setMaxEpochs(2)
        .setBatchSize(1000)
        .setLearningRate(0.01);
  }

  private static Dataset<Row> frame(List<Row> rows, StructType schema) {
    return spark().createDataFrame(rows, schema);
  }

  private static Dataset<Row> blobs() {
    return frame(BLOBS, Datasets.SCHEMA);
  }

  /** The blobs with row {@code index} replaced by {@code (label, features)}. */
  private static Dataset<Row> withRow(int index, Object label, Object features) {
    List<Row> rows = new ArrayList<>(BLOBS);
    rows.set(index, RowFactory.create(label, features));
    return frame(rows, Datasets.SCHEMA);
  }

  /**
   * Runs {@code action}, expecting an {@link IllegalArgumentException} whose message contains
   * every part.
   */
  static void assertRefused(Action action, String... parts) {
    Throwable e = failure(action);
    assertTrue(e instanceof IllegalArgumentException,
        "expected IllegalArgumentException but got " + e);
    assertMentions(e.getMessage(), parts);
  }

  /**
   * Runs {@code action}, a Spark action over a transformed DataFrame, expecting the job to fail
   * with the {@link IllegalArgumentException} of a task whose message contains every part.
   */
  static void assertTaskRefused(Action action, String... parts) {
    Throwable e = failure(action);
    Throwable cause = e;
    while (cause != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause != null, "expected a task's IllegalArgumentException but got " + e);
    assertMentions(cause.getMessage(), parts);
  }

  /**
   * The failure of {@code action}, with Spark's logging of it silenced: besides the loggers that
   * {@link TestSpark#withoutTaskFailureLogs} silences, the block manager reports each failed
   * attempt to cache a partition.
   */
  private static Throwable failure(Action action) {
    Configurator.setLevel(BLOCK_MANAGER, Level.ERROR);
    try {
      return assertThrows(Exception.class, () -> TestSpark.withoutTaskFailureLogs(() -> {
        action.run();
        return null;
      }));
    } finally {
      Configurator.setLevel(BLOCK_MANAGER, Level.WARN);
    }
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
  }

  @Test
  void labelsOutsideTheClassesFractionalOrNullAreRefusedWithTheirRow() {
    assertRefused(() -> classifier().fit(withRow(7, 3.0, Vectors.dense(0, 0))),
        "Row 7", "column 'label' holds 3.0", "whole numbers from 0 to 2", "3 classes");
    assertRefused(() -> classifier().fit(withRow(4, -1.0, Vectors.dense(0, 0))),
        "Row 4", "holds -1.0");
    assertRefused(() -> classifier().fit(withRow(5, 1.5, Vectors.dense(0, 0))),
        "Row 5", "holds 1.5", "whole numbers");
    assertRefused(() -> classifier().fit(withRow(9, null, Vectors.dense(0, 0))),
        "Row 9", "column 'label'", "is null");
  }

  @Test
  void stringLabelsAreRefusedFromTheSchemaWithAPointerToStringIndexer() {
    StructType schema = new StructType()
        .add("label", DataTypes.StringType)
        .add("features", new VectorUDT());
    Dataset<Row> data = frame(List.of(RowFactory.create("cat", Vectors.dense(1, 2))), schema);
    assertRefused(() -> classifier().fit(data), "Column 'label'", "strings", "StringIndexer");
    assertRefused(() -> regressor().fit(data), "Column 'label'", "must be numeric",
        "has type string", "cast");
    StructType booleans = new StructType()
        .add("label", DataTypes.BooleanType)
        .add("features", new VectorUDT());
    assertRefused(() -> classifier().fit(frame(List.of(), booleans)), "must be numeric",
        "has type boolean");
  }

  static Stream<DataType> numericLabelTypes() {
    return Stream.of(DataTypes.IntegerType, DataTypes.LongType, DataTypes.FloatType,
        DataTypes.createDecimalType(10, 2), DataTypes.ShortType);
  }

  @ParameterizedTest
  @MethodSource("numericLabelTypes")
  void numericLabelColumnsTrainLikeDoubleOnes(DataType type) {
    Dataset<Row> doubles = blobs();
    Dataset<Row> cast = doubles.withColumn("label", doubles.col("label").cast(type));
    assertEquals(type, cast.schema().apply("label").dataType());
    assertArrayEquals(doubleLabelWeights(), classifier().fit(cast).weights(),
        "label type " + type);
  }

  private static float[] doubleLabelWeights;

  private static synchronized float[] doubleLabelWeights() {
    if (doubleLabelWeights == null) {
      doubleLabelWeights = classifier().fit(blobs()).weights();
    }
    return doubleLabelWeights;
  }

  @Test
  void regressionLabelsMustBeFiniteAndPresent() {
    assertRefused(() -> regressor().fit(withRow(3, Double.NaN, Vectors.dense(0, 0))),
        "Row 3", "column 'label' holds NaN", "finite");
    assertRefused(() -> regressor().fit(withRow(2, Double.NEGATIVE_INFINITY,
        Vectors.dense(0, 0))), "Row 2", "-Infinity");
    assertRefused(() -> regressor().fit(withRow(8, null, Vectors.dense(0, 0))),
        "Row 8", "is null");
  }

  @Test
  void featureVectorsOfTheWrongSizeAreRefusedInFitAndTransform() {
    assertRefused(() -> classifier().fit(withRow(12, 1.0, Vectors.dense(1, 2, 3))),
        "Row 12", "column 'features'", "size 3", "takes 2 features");

    NeuralNetworkClassificationModel model = classifier().fit(blobs());
    List<Row> wide = List.of(RowFactory.create(0.0, Vectors.dense(1, 2, 3)));
    Dataset<Row> noMetadata = frame(wide, Datasets.SCHEMA);
    assertTaskRefused(() -> model.transform(noMetadata).collectAsList(),
        "Row 0", "column 'features'", "size 3", "takes 2 features");
    // With metadata that gives the size, transform refuses the column before any job.
    Dataset<Row> withMetadata = noMetadata.withColumn("features",
        noMetadata.col("features").as("features", new AttributeGroup("features", 3).toMetadata()));
    assertRefused(() -> model.transform(withMetadata),
        "Column 'features'", "size 3 according to its metadata", "takes 2 features");
    NeuralNetworkRegressionModel regression = regressor().fit(blobs());
    assertRefused(() -> regression.transform(withMetadata), "size 3", "takes 2 features");
  }

  @Test
  void invalidFeaturesFailByDefaultAndAreSkippedAndCountedOnRequest() {
    List<Row> rows = new ArrayList<>(BLOBS);
    rows.set(3, RowFactory.create(0.0, Vectors.dense(Double.NaN, 1)));
    rows.set(10, RowFactory.create(1.0, null));
    rows.set(20, RowFactory.create(2.0, Vectors.sparse(2, new int[] {1},
        new double[] {Double.POSITIVE_INFINITY})));
    Dataset<Row> data = frame(rows, Datasets.SCHEMA).repartition(2);
    assertRefused(() -> classifier().fit(frame(rows, Datasets.SCHEMA).coalesce(1)),
        "Row 3", "column 'features' holds NaN at index 0", "handleInvalid");
    assertRefused(() -> regressor().fit(withRow(10, 1.0, null)),
        "Row 10", "column 'features' is null", "handleInvalid");

    NeuralNetworkClassificationModel model = classifier().setHandleInvalid("skip").fit(data);
    assertEquals(3, model.skippedRows());
    assertEquals(27, model.trainingHistory().get(0).rows(), "rows in an epoch");
    assertEquals(27, model.transform(data).count(), "skip also leaves them out of transform");
    model.setHandleInvalid("error");
    assertTaskRefused(
        () -> model.transform(frame(rows, Datasets.SCHEMA).coalesce(1)).collectAsList(),
        "Row 3", "column 'features' holds NaN", "handleInvalid");

    NeuralNetworkRegressionModel regression = regressor().setHandleInvalid("skip").fit(data);
    assertEquals(3, regression.skippedRows());
    assertEquals(27, regression.transform(data).count());
    assertRefused(() -> classifier().setHandleInvalid("drop"), "handleInvalid", "drop");
  }

  @Test
  void emptyDataAndDataThatFiltersToNothingAreRefused() {
    assertRefused(() -> classifier().fit(frame(List.of(), Datasets.SCHEMA)),
        "The training DataFrame has no rows");
    assertRefused(() -> regressor().fit(frame(List.of(), Datasets.SCHEMA)),
        "The training DataFrame has no rows");
    Dataset<Row> none = blobs().where("label > 5");
    Dataset<Row> withMetadata = none.withColumn("features",
        none.col("features").as("features", new AttributeGroup("features", 2).toMetadata()));
    assertRefused(() -> classifier().fit(withMetadata), "The training DataFrame has no rows");
    List<Row> invalid = Arrays.asList(RowFactory.create(0.0, Vectors.dense(Double.NaN, 0)),
        RowFactory.create(1.0, Vectors.dense(0, Double.NEGATIVE_INFINITY)));
    assertRefused(() -> classifier().setHandleInvalid("skip")
            .fit(frame(invalid, Datasets.SCHEMA)),
        "No training rows are left", "all 2 rows", "column 'features'");
  }

  @Test
  void badLayersAreRefusedNamingTheParam() {
    assertRefused(() -> classifier().setLayers("dense(0, relu), dense(3, softmax)"),
        "Param layers", "units", "must be positive but was 0");
    assertRefused(() -> regressor().setLayers("dense(-2), dense(1)"), "Param layers",
        "must be positive but was -2");
    assertRefused(() -> new NeuralNetworkClassifier().fit(blobs()),
        "Param layers must be set", "setLayers(");
    assertRefused(() -> classifier().setLayers("dense(3, relu)").fit(blobs()),
        "Param layers", "dense(k, softmax)", "dense(3, relu)");
    assertRefused(() -> regressor().setLayers("dense(4, relu), dense(2)").fit(blobs()),
        "Param layers", "one unit", "dense(2, identity)");
    // Set through a ParamMap, as a tuning grid does, a bad value meets the Param's validator.
    assertRefused(() -> classifier().copy(new ParamMap().put(classifier().layers(),
        "dense(0)")), "layers", "dense(0)");
  }

  @Test
  void anOutputLayerThatDoesNotFitTheClassesOfTheLabelMetadataIsRefused() {
    Dataset<Row> plain = blobs();
    Dataset<Row> indexed = plain.withColumn("label", plain.col("label").as("label",
        NominalAttribute.defaultAttr().withName("label").withNumValues(3).toMetadata()));
    assertEquals(3, classifier().fit(indexed).numClasses());
    assertRefused(() -> classifier().setLayers("dense(4, relu), dense(4, softmax)").fit(indexed),
        "Column 'label'", "3 classes in its metadata", "predicts 4", "dense(3, softmax)");
    assertRefused(() -> classifier().setLayers("dense(1, sigmoid)").fit(indexed),
        "3 classes in its metadata", "predicts 2");
  }

  @Test
  void initialWeightsMustFitTheNetwork() {
    // dense(4) on 2 features is 2 * 4 + 4 weights, dense(3) on 4 is 4 * 3 + 3: 27 in all.
    assertRefused(() -> classifier().setInitialWeights(new float[5]).fit(blobs()),
        "Param initialWeights has 5 values", "needs 27");
    float[] start = classifier().fit(blobs()).weights();
    float[] resumed = classifier().setInitialWeights(start).setOptimizer("sgd")
        .setLearningRate(1e-9).fit(blobs()).weights();
    assertArrayEquals(start, resumed, 1e-6f, "a negligible step from the given weights");
    float[] withNaN = start.clone();
    withNaN[4] = Float.NaN;
    assertRefused(() -> classifier().setInitialWeights(withNaN).fit(blobs()),
        "Param initialWeights holds NaN at index 4");
  }

  @Test
  void rowWeightsMustBeFiniteAndNotNegative() {
    StructType schema = Datasets.SCHEMA.add("w", DataTypes.DoubleType);
    for (Object[] bad : new Object[][] {{-1.0, "holds -1.0"}, {Double.NaN, "holds NaN"},
        {Double.POSITIVE_INFINITY, "holds Infinity"}, {null, "is null"}}) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < BLOBS.size(); i++) {
        Row row = BLOBS.get(i);
        rows.add(RowFactory.create(row.get(0), row.get(1), i == 6 ? bad[0] : 1.0));
      }
      assertRefused(() -> regressor().setWeightCol("w").fit(frame(rows, schema)),
          "Row 6", "column 'w' (Param weightCol)", (String) bad[1], "finite numbers >= 0");
    }
    List<Row> zero = new ArrayList<>();
    for (Row row : BLOBS) {
      zero.add(RowFactory.create(row.get(0), row.get(1), 0.0));
    }
    assertRefused(() -> classifier().setWeightCol("w").fit(frame(zero, schema)),
        "Column 'w' (Param weightCol)", "weight 0", "30 rows");
    StructType strings = Datasets.SCHEMA.add("w", DataTypes.StringType);
    assertRefused(() -> classifier().setWeightCol("w").fit(frame(List.of(), strings)),
        "Column 'w' (Param weightCol) must be numeric", "string");
    assertRefused(() -> classifier().setWeightCol("weight").fit(blobs()),
        "Column 'weight' (Param weightCol) does not exist", "label, features");
  }

  @Test
  void featureColumnsMustExistAndHoldVectors() {
    assertRefused(() -> classifier().setFeaturesCol("pixels").fit(blobs()),
        "Column 'pixels' (Param featuresCol) does not exist");
    StructType arrays = new StructType()
        .add("label", DataTypes.DoubleType)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
    assertRefused(() -> regressor().fit(frame(List.of(), arrays)),
        "Column 'features' (Param featuresCol)", "array<double>", "VectorAssembler");
  }
}
