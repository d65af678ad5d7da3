package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.InputCheckTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save and load of every estimator and model: alone, inside Pipeline and PipelineModel, in a
 * fresh SparkSession and in a fresh JVM; and refusal of edited or truncated saves.
 */
class PersistenceTest {
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType)
      .add("label", DataTypes.DoubleType)
      .add("target", DataTypes.DoubleType)
      .add("features", new VectorUDT());

  private static Dataset<Row> data;
  private static NeuralNetworkRegressionModel regression;
  private static PipelineModel fittedPipeline;

  @TempDir
  Path dir;

  @BeforeAll
  static void fit() {
    data = TestSpark.session().createDataFrame(rows(), SCHEMA).repartition(2).cache();
    regression = regressor().setHandleInvalid("skip").fit(data);
    fittedPipeline = pipeline().fit(data);
  }

  /** Blobs of 3 classes in 2 dimensions, with a regression target x0 - x1. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    List<Row> blobs = Datasets.blobs(90, 3, 17);
    for (int i = 0; i < blobs.size(); i++) {
      Vector x = (Vector) blobs.get(i).get(1);
      rows.add(RowFactory.create(i, blobs.get(i).getDouble(0), x.apply(0) - x.apply(1), x));
    }
    return rows;
  }

  static NeuralNetworkRegressor regressor() {
    return new NeuralNetworkRegressor()
        .setLabelCol("target")
        .setLayers("dense(6, tanh), dense(1)")
        .setMaxEpochs(3)
        .setBatchSize(100)
        .setLearningRate(0.01);
  }

  /** Every Param of {@code expected} has the same value, set or default, in {@code actual}. */
  static void assertSameParams(Params expected, Params actual) {
    assertEquals(expected.uid(), actual.uid());
    assertEquals(expected.params().length, actual.params().length, "number of Params");
    for (Param<?> param : expected.params()) {
      Param<?> other = actual.getParam(param.name());
      assertEquals(expected.isSet(param), actual.isSet(other), "isSet " + param.name());
      assertEquals(expected.isDefined(param), actual.isDefined(other), param.name());
      if (expected.isDefined(param)) {
        assertEquals(value(expected, param), value(actual, other), "Param " + param.name());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Object value(Params stage, Param<?> param) {
    Object value = stage.getOrDefault((Param<Object>) param);
    return value instanceof double[] ? java.util.Arrays.toString((double[]) value) : value;
  }

  @Test
  void estimatorsKeepEveryParamThroughSaveAndLoad() throws IOException {
    NeuralNetworkRegressor regressor = regressor().setLoss("huber").setHuberDelta(0.3)
        .setWeightCol("w").setHandleInvalid("skip").setOptimizer("momentum").setMomentum(0.5)
        .setSeed(3).setShuffle(false).setInitialWeights(new float[] {1, 2, 3});
    String regressorPath = dir.resolve("regressor").toString();
    regressor.write().save(regressorPath);
    assertSameParams(regressor, NeuralNetworkRegressor.load(regressorPath));

    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers("dense(3, relu), dense(2, softmax)").setWeightCol("w").setMaxEpochs(4)
        .setThresholds(new double[] {0.4, 0.6});
    String classifierPath = dir.resolve("classifier").toString();
    classifier.write().save(classifierPath);
    assertSameParams(classifier, NeuralNetworkClassifier.load(classifierPath));

    assertThrows(IOException.class, () -> classifier.write().save(classifierPath));
    classifier.setMaxEpochs(9).write().overwrite().save(classifierPath);
    assertEquals(9, NeuralNetworkClassifier.load(classifierPath).getMaxEpochs());
  }

  @Test
  void regressionModelPredictsExactlyTheSameAfterSaveAndLoad() throws IOException {
    String path = dir.resolve("model").toString();
    regression.write().save(path);
    NeuralNetworkRegressionModel loaded = NeuralNetworkRegressionModel.load(path);
    assertSameParams(regression, loaded);
    assertArrayEquals(regression.weights(), loaded.weights());
    assertEquals(regression.architecture().toString(), loaded.architecture().toString());
    assertEquals(0, loaded.skippedRows());
    assertEquals("skip", loaded.getHandleInvalid());
    assertEquals(predictions(regression, data), predictions(loaded, data));
    assertThrows(IOException.class, () -> regression.write().save(path));
    regression.write().overwrite().save(path);
    assertEquals(predictions(regression, data),
        predictions(NeuralNetworkRegressionModel.load(path), data));
  }

  @Test
  void pipelinesHoldingBothEstimatorsSaveAndLoadFittedOrNot() throws IOException {
    Pipeline pipeline = pipeline();
    String unfitted = dir.resolve("pipeline").toString();
    pipeline.write().save(unfitted);
    PipelineStage[] stages = Pipeline.load(unfitted).getStages();
    for (int i = 0; i < stages.length; i++) {
      assertSameParams(pipeline.getStages()[i], stages[i]);
    }

    PipelineModel fitted = fittedPipeline;
    String path = dir.resolve("pipeline-model").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    for (int i = 0; i < fitted.stages().length; i++) {
      assertSameParams(fitted.stages()[i], loaded.stages()[i]);
    }
    assertEquals(predictions(fitted, data), predictions(loaded, data));
  }

  @Test
  void modelsLoadInAFreshSparkSession() throws IOException {
    PipelineModel fitted = fittedPipeline;
    String path = dir.resolve("session").toString();
    fitted.write().save(path);
    SparkSession fresh = TestSpark.session().newSession();
    PipelineModel loaded = PipelineModel.read().session(fresh).load(path);
    Dataset<Row> freshData = fresh.createDataFrame(rows(), SCHEMA);
    assertEquals(predictions(fitted, data), predictions(loaded, freshData));

    String single = dir.resolve("single").toString();
    regression.write().session(fresh).save(single);
    assertEquals(predictions(regression, data),
        predictions(NeuralNetworkRegressionModel.read().session(fresh).load(single), freshData));
  }

  @Test
  void modelsLoadAndScoreTheSameInAFreshJvm() throws Exception {
    PipelineModel fitted = fittedPipeline;
    String model = dir.resolve("jvm-model").toString();
    String input = dir.resolve("input.parquet").toString();
    Path output = dir.resolve("scores.txt");
    fitted.write().save(model);
    data.write().parquet(input);
    List<String> columns = List.of("value", "klass", "prob");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        FreshJvmScoring.class.getName(), model, input, output.toString()));
    command.addAll(columns);
    Path log = dir.resolve("jvm.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(240, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    assertTrue(finished, "the scoring JVM did not finish in 240 s");
    assertEquals(0, process.exitValue(), () -> "the scoring JVM failed:\n" + tail(log));

    List<String> expected = FreshJvmScoring.lines(fitted.transform(data)
        .selectExpr("id", "value", "klass", "prob").orderBy("id").collectAsList());
    assertEquals(expected, Files.readAllLines(output, StandardCharsets.UTF_8));
  }

  private static String tail(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Test
  void editedOrTruncatedSavesAreRefused() throws IOException {
    String path = dir.resolve("damaged").toString();
    regression.write().save(path);
    Path metadata = dir.resolve("damaged/metadata/part-00000");
    String json = Files.readString(metadata, StandardCharsets.UTF_8);
    // Hadoop's local file system keeps a checksum beside each file and would refuse the edits.
    Files.deleteIfExists(dir.resolve("damaged/metadata/.part-00000.crc"));

    Files.writeString(metadata, json.replace("\"huberDelta\":1.0", "\"huberDelta\":2.0"));
    assertRefused(() -> NeuralNetworkRegressionModel.load(path), "metadata", "checksum",
        "edited or damaged");
    Files.writeString(metadata, json.replace("dense(1, identity)", "dense(1, relu)"));
    assertRefused(() -> NeuralNetworkRegressionModel.load(path), "checksum");
    Files.writeString(metadata, json.substring(0, json.length() / 2));
    assertRefused(() -> NeuralNetworkRegressionModel.load(path), "not valid JSON");
    Files.writeString(metadata, json.replaceFirst(",\"metadataCrc32\":\\d+", ""));
    assertRefused(() -> NeuralNetworkRegressionModel.load(path), "no metadataCrc32");
    Files.writeString(metadata, json);
    assertRefused(() -> NeuralNetworkClassificationModel.load(path),
        "is a io.github.sparkbackprop.ml.NeuralNetworkRegressionModel",
        "not a io.github.sparkbackprop.ml.NeuralNetworkClassificationModel");

    Path weights = parquetFile(dir.resolve("damaged/weights"));
    byte[] bytes = Files.readAllBytes(weights);
    Files.deleteIfExists(weights.resolveSibling("." + weights.getFileName() + ".crc"));
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertRefused(() -> NeuralNetworkRegressionModel.load(path), "Cannot read the weights");
    Files.delete(weights);
    assertRefused(() -> NeuralNetworkRegressionModel.load(path), "weights");
    assertRefused(() -> NeuralNetworkRegressionModel.load(dir.resolve("nothing").toString()),
        "No saved stage at");
  }

  private static Path parquetFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst()
          .orElseThrow();
    }
  }

  /** A scaler, then a regressor and a classifier side by side on the scaled features. */
  private static Pipeline pipeline() {
    return new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        regressor().setFeaturesCol("scaled").setPredictionCol("value"),
        new NeuralNetworkClassifier().setFeaturesCol("scaled").setLayers("dense(5, relu),"
            + " dense(3, softmax)").setMaxEpochs(3).setBatchSize(100).setPredictionCol("klass")
            .setProbabilityCol("prob").setRawPredictionCol("raw")});
  }

  private static List<Row> predictions(Transformer model, Dataset<Row> input) {
    Dataset<Row> scored = model.transform(input);
    List<String> columns = new ArrayList<>(List.of("id"));
    for (String column : new String[] {"prediction", "value", "klass", "prob", "raw"}) {
      if (List.of(scored.columns()).contains(column)) {
        columns.add(column);
      }
    }
    return scored.selectExpr(columns.toArray(new String[0])).orderBy("id").collectAsList();
  }
}
