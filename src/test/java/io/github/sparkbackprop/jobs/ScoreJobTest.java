package io.github.sparkbackprop.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.jobs.TrainJob.JobInputException;
import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
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
 * The batch-scoring job on small Parquet and CSV files, with a saved PipelineModel and a saved
 * bare model, and the table formats of the training job.
 */
class ScoreJobTest {
  private static final int ROWS = 90;

  @TempDir
  static Path dir;

  @TempDir
  Path work;

  private static SparkSession spark;
  private static String parquet;
  private static String csv;
  private static String pipelinePath;
  private static String modelPath;

  /** Three classes of rows {@code id, label, x0, x1, x2}: class k has x_k near 1, the rest 0. */
  @BeforeAll
  static void writeTablesAndModels() throws IOException {
    spark = TestSpark.session();
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int label = i % 3;
      double[] x = new double[3];
      for (int k = 0; k < 3; k++) {
        x[k] = (k == label ? 1 : 0) + 0.2 * random.nextGaussian();
      }
      rows.add(RowFactory.create((long) i, (double) label, x[0], x[1], x[2]));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType)
        .add("label", DataTypes.DoubleType)
        .add("x0", DataTypes.DoubleType)
        .add("x1", DataTypes.DoubleType)
        .add("x2", DataTypes.DoubleType);
    Dataset<Row> table = spark.createDataFrame(rows, schema).coalesce(2);
    parquet = dir.resolve("table.parquet").toString();
    csv = dir.resolve("table.csv").toString();
    table.write().parquet(parquet);
    table.write().option("header", true).csv(csv);
    savePipelineAndModel(table);
  }

  private static void savePipelineAndModel(Dataset<Row> table) throws IOException {
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(new String[] {"x0", "x1", "x2"})
        .setOutputCol("features");
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers("dense(8, tanh), dense(3, softmax)")
        .setMaxEpochs(20)
        .setBatchSize(30)
        .setLearningRate(0.05);
    PipelineModel pipeline = new Pipeline()
        .setStages(new PipelineStage[] {assembler, classifier})
        .fit(table);
    pipelinePath = dir.resolve("pipeline").toString();
    pipeline.write().save(pipelinePath);
    modelPath = dir.resolve("model").toString();
    ((NeuralNetworkClassificationModel) pipeline.stages()[1]).write().save(modelPath);
  }

  private static ScoreJob.Outcome score(String... args) {
    return ScoreJob.run(spark, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), args);
  }

  private static Map<Long, Double> predictions(Dataset<Row> rows) {
    Map<Long, Double> byId = new HashMap<>();
    for (Row row : rows.select("id", "prediction").collectAsList()) {
      byId.put(((Number) row.get(0)).longValue(), row.getDouble(1));
    }
    return byId;
  }

  @Test
  void pipelineScoresParquetIntoParquetWithTheKeptColumns() {
    String output = work.resolve("scores").toString();

    ScoreJob.Outcome outcome = score("--model", pipelinePath, "--input", parquet,
        "--output", output, "--keep", "id,label", "--predictions", "prediction,probability");

    Dataset<Row> written = spark.read().parquet(output);
    assertEquals(List.of("id", "label", "prediction", "probability"),
        List.of(written.columns()));
    assertEquals(ROWS, outcome.rows());
    assertEquals(ROWS, written.count());
    Dataset<Row> expected = PipelineModel.load(pipelinePath).transform(
        spark.read().parquet(parquet));
    assertEquals(predictions(expected), predictions(written));
    long right = written.filter("label = prediction").count();
    assertTrue(right >= 0.9 * ROWS, right + " of " + ROWS + " right");
  }

  @Test
  void bareModelScoresCsvWithAssembledFeatures() {
    String output = work.resolve("scores").toString();

    score("--model", modelPath, "--input", csv, "--input-format", "csv",
        "--feature-cols", "x0,x1,x2", "--output", output, "--keep", "id");

    Dataset<Row> written = spark.read().parquet(output);
    assertEquals(List.of("id", "prediction"), List.of(written.columns()));
    Dataset<Row> expected = PipelineModel.load(pipelinePath).transform(
        spark.read().parquet(parquet));
    assertEquals(predictions(expected), predictions(written));
  }

  @Test
  void existingOutputIsKeptUnlessOverwriteIsGiven() {
    String output = work.resolve("scores").toString();
    score("--model", pipelinePath, "--input", parquet, "--output", output);

    JobInputException exists = assertThrows(JobInputException.class,
        () -> score("--model", pipelinePath, "--input", parquet, "--output", output));
    assertTrue(exists.getMessage().contains("exists already") && exists.getMessage()
        .contains("--overwrite"), exists.getMessage());
    ScoreJob.Outcome again = score("--model", pipelinePath, "--input", parquet,
        "--output", output, "--overwrite", "--keep", "");
    assertEquals(List.of("prediction"), again.columns());
  }

  @Test
  void aMissingFeaturesColumnIsBadInputAndAFailedRunLeavesNoOutput() {
    String output = work.resolve("scores-missing").toString();
    JobInputException e = assertThrows(JobInputException.class,
        () -> score("--model", modelPath, "--input", csv, "--input-format", "csv",
            "--output", output));
    assertTrue(e.getMessage().contains("cannot score --input")
        && e.getMessage().contains("features"), e.getMessage());
    assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of(output)), output);
  }

  @Test
  void allFeatureColumnsLeaveOutTheKeptOnes() {
    String output = work.resolve("scores-star").toString();
    score("--model", modelPath, "--input", parquet, "--feature-cols", "*",
        "--keep", "id,label", "--output", output);
    Dataset<Row> expected = PipelineModel.load(pipelinePath).transform(
        spark.read().parquet(parquet));
    assertEquals(predictions(expected), predictions(spark.read().parquet(output)));
  }

  @Test
  void unknownKeptColumnIsNamedWithTheColumnsThereAre() {
    JobInputException e = assertThrows(JobInputException.class,
        () -> score("--model", pipelinePath, "--input", parquet,
            "--output", work.resolve("scores").toString(), "--keep", "id,customer"));

    assertTrue(e.getMessage().contains("Column 'customer' (--keep) does not exist"),
        e.getMessage());
    assertTrue(e.getMessage().contains("id, label, x0, x1, x2"), e.getMessage());
  }

  @Test
  void directoryWithoutAModelEndsWithExitCodeTwoAndAMessage() {
    StringWriter err = new StringWriter();
    picocli.CommandLine cmd = ScoreJob.commandLine();
    cmd.setErr(new PrintWriter(err, true));

    int exitCode = cmd.execute("--model", dir.toString(), "--input", parquet,
        "--output", work.resolve("scores").toString());

    assertEquals(TrainJob.EXIT_BAD_INPUT, exitCode);
    assertTrue(err.toString().contains("holds no saved model"), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void trainJobReadsParquetAndCsvTables() throws IOException {
    for (String format : List.of("parquet", "csv")) {
      Path config = work.resolve(format + ".properties");
      String features = format.equals("csv") ? "data.featureCols = x0, x1, x2" : "";
      String table = format.equals("csv") ? "table.csv" : "assembled.parquet";
      Files.write(config, List.of("data.format = " + format, "data.dir = " + dir,
          "data.train = " + table, "data.test = " + table, "data.partitions = 3", features,
          "layers = dense(8, tanh), dense(3, softmax)", "maxEpochs = 20", "batchSize = 30",
          "learningRate = 0.05"), StandardCharsets.UTF_8);
      if (format.equals("parquet")) {
        new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2"})
            .setOutputCol("features")
            .transform(spark.read().parquet(parquet))
            .write().mode("overwrite").parquet(dir.resolve(table).toString());
      }

      TrainJob.Outcome outcome = TrainJob.run(spark, new PrintStream(new ByteArrayOutputStream()),
          config.toString(), "--output", work.resolve(format).toString());

      assertTrue(outcome.testAccuracy() >= 0.9, format + ": " + outcome.testAccuracy());
    }
  }

  @Test
  void tableWithoutAFeaturesVectorAsksForTheColumnsToAssemble() throws IOException {
    Path config = work.resolve("plain.properties");
    Files.write(config, List.of("data.format = parquet", "data.train = " + parquet,
        "data.test = " + parquet, "layers = dense(3, softmax)"), StandardCharsets.UTF_8);

    JobInputException e = assertThrows(JobInputException.class,
        () -> TrainJob.run(spark, new PrintStream(new ByteArrayOutputStream()),
            config.toString(), "--output", work.resolve("out").toString()));

    assertTrue(e.getMessage().contains("Column 'features' does not exist"), e.getMessage());
  }
}
