package io.github.sparkbackprop.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkbackprop.data.FashionMnist;
import io.github.sparkbackprop.jobs.TrainJob.JobInputException;
import io.github.sparkbackprop.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainJobTest {
  private static final int SIDE = 6;
  private static final int CLASSES = 3;
  private static final int TRAIN_ROWS = 200;
  private static final int TEST_ROWS = 100;

  @TempDir
  static Path dataDir;

  @TempDir
  Path work;

  private static SparkSession spark;

  @BeforeAll
  static void writeData() throws IOException {
    spark = TestSpark.session();
    Random random = new Random(11);
    writeSplit(FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, TRAIN_ROWS, random);
    writeSplit(FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, TEST_ROWS, random);
  }

  /**
   * Writes gzipped IDX files of {@code SIDE x SIDE} images: class k has its rows 2k and 2k + 1
   * bright and the others dark, with noise, so the classes are easy to separate.
   */
  private static void writeSplit(String imagesName, String labelsName, int count, Random random)
      throws IOException {
    byte[] pixels = new byte[count * SIDE * SIDE];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = i % CLASSES;
      labels[i] = (byte) label;
      for (int p = 0; p < SIDE * SIDE; p++) {
        boolean bright = p / SIDE / 2 == label;
        pixels[i * SIDE * SIDE + p] = (byte) ((bright ? 180 : 0) + random.nextInt(60));
      }
    }
    writeIdx(dataDir.resolve(imagesName), new int[] {0x803, count, SIDE, SIDE}, pixels);
    writeIdx(dataDir.resolve(labelsName), new int[] {0x801, count}, labels);
  }

  private static void writeIdx(Path file, int[] header, byte[] data) throws IOException {
    try (DataOutputStream out = new DataOutputStream(
        new GZIPOutputStream(Files.newOutputStream(file)))) {
      for (int value : header) {
        out.writeInt(value);
      }
      out.write(data);
    }
  }

  /** A configuration of the synthetic data with the given extra lines. */
  private Path config(String... extraLines) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "data.format = fashion-mnist",
        "data.dir = " + dataDir,
        "layers = dense(8, relu), dense(3, softmax)",
        "maxEpochs = 3",
        "batchSize = 20",
        "learningRate = 0.02"));
    lines.addAll(Arrays.asList(extraLines));
    Path file = work.resolve("tiny.properties");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static JsonNode readJson(String path) throws IOException {
    return new ObjectMapper().readTree(Path.of(path).toFile());
  }

  @Test
  void trainsSavesALoadableModelAndWritesMetrics() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    String output = work.resolve("out").toString();

    TrainJob.Outcome outcome = TrainJob.run(spark,
        new PrintStream(progress, true, StandardCharsets.UTF_8),
        config().toString(), "--output", output);

    JsonNode metrics = readJson(outcome.metricsPath());
    assertEquals(Path.of(output, "metrics.json").toString(), outcome.metricsPath());
    for (String key : List.of("test_accuracy", "train_accuracy", "train_seconds",
        "total_seconds", "epochs", "history", "config", "spark_master", "blas")) {
      assertTrue(metrics.has(key), "metrics.json lacks " + key + ": " + metrics);
    }
    for (String key : List.of("test_accuracy", "train_accuracy")) {
      double accuracy = metrics.get(key).asDouble();
      assertTrue(accuracy >= 0 && accuracy <= 1, key + " " + accuracy);
    }
    assertTrue(metrics.get("train_seconds").asDouble() > 0, metrics.toString());
    assertTrue(metrics.get("total_seconds").asDouble() >= metrics.get("train_seconds").asDouble(),
        metrics.toString());
    assertEquals(3, metrics.get("epochs").asInt());
    assertEquals(3, metrics.get("history").size());
    JsonNode first = metrics.get("history").get(0);
    assertEquals(1, first.get("epoch").asInt());
    assertTrue(first.get("loss").asDouble() > 0, first.toString());
    assertTrue(first.get("seconds").asDouble() > 0, first.toString());
    assertTrue(first.get("rows_per_second").asDouble() > 0, first.toString());
    assertEquals(TRAIN_ROWS, metrics.get("train_rows").asInt());
    assertEquals(TEST_ROWS, metrics.get("test_rows").asInt());
    assertEquals(dataDir.toString(), metrics.get("config").get("data.dir").asText());
    assertEquals(20, metrics.get("config").get("batchSize").asInt());
    assertEquals(spark.sparkContext().master(), metrics.get("spark_master").asText());

    String[] lines = progress.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length, Arrays.toString(lines));
    assertTrue(lines[0].startsWith("epoch 1/3 "), lines[0]);
    assertTrue(lines[3].startsWith("test accuracy "), lines[3]);
    assertTrue(lines[3].contains(outcome.modelPath()), lines[3]);

    Dataset<Row> test = FashionMnist.test(spark, dataDir.toString(), 2);
    Dataset<Row> scored = PipelineModel.load(outcome.modelPath()).transform(test);
    assertTrue(Arrays.asList(scored.columns()).contains("prediction"),
        Arrays.toString(scored.columns()));
    assertEquals(TEST_ROWS, scored.count());
    assertEquals(0, scored.filter("prediction < 0 OR prediction >= 3").count());
  }

  @Test
  void setOverridesAKeyOfTheFile() throws Exception {
    String output = work.resolve("out").toString();

    TrainJob.Outcome outcome = TrainJob.run(spark, new PrintStream(new ByteArrayOutputStream()),
        config().toString(), "--output", output, "--set", "maxEpochs=2",
        "--set", "data.partitions=3");

    JsonNode metrics = readJson(outcome.metricsPath());
    assertEquals(2, metrics.get("epochs").asInt());
    assertEquals(2, metrics.get("config").get("maxEpochs").asInt());
    assertEquals(3, metrics.get("config").get("data.partitions").asInt());
  }

  @Test
  void missingDataEndsWithExitCodeTwoAndAMessageWithoutStackTrace() throws IOException {
    Path missing = work.resolve("no-such-dir");
    StringWriter err = new StringWriter();
    picocli.CommandLine cmd = TrainJob.commandLine();
    cmd.setErr(new PrintWriter(err, true));

    int exitCode = cmd.execute(config().toString(), "--data-dir", missing.toString());

    assertEquals(TrainJob.EXIT_BAD_INPUT, exitCode);
    String message = err.toString();
    assertTrue(message.contains(missing.toString()), message);
    assertTrue(message.contains("dataset-fashion-mnist"), message);
    assertTrue(message.contains(FashionMnist.TRAIN_IMAGES), message);
    assertFalse(message.contains("\tat "), message);
  }

  @Test
  void unknownKeyIsNamedWithTheKnownOnes() throws IOException {
    Path file = config("maxEpoch = 4");

    JobInputException e = assertThrows(JobInputException.class,
        () -> TrainJob.run(spark, new PrintStream(new ByteArrayOutputStream()), file.toString()));

    assertTrue(e.getMessage().contains("Unknown key 'maxEpoch' in " + file), e.getMessage());
    assertTrue(e.getMessage().contains("known keys: data.format, data.dir"), e.getMessage());
    assertTrue(e.getMessage().contains("maxEpochs"), e.getMessage());
  }

  @Test
  void unknownKeyInSetIsNamed() throws IOException {
    String file = config().toString();

    JobInputException e = assertThrows(JobInputException.class,
        () -> TrainJob.run(spark, new PrintStream(new ByteArrayOutputStream()), file,
            "--set", "epochs=4"));

    assertTrue(e.getMessage().contains("Unknown key 'epochs' in --set"), e.getMessage());
  }

  @Test
  void invalidValueNamesKeySourceAndValue() throws IOException {
    String file = config().toString();

    JobInputException e = assertThrows(JobInputException.class,
        () -> TrainJob.run(spark, new PrintStream(new ByteArrayOutputStream()), file,
            "--set", "batchSize=many"));

    assertTrue(e.getMessage().contains("Key batchSize from --set has the invalid value 'many'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("expected an integer"), e.getMessage());
  }

  @Test
  void usageShowsEachDefault() {
    String usage = TrainJob.commandLine().getUsageMessage().replaceAll("\\s+", " ");

    assertTrue(usage.contains("Default: local[*]"), usage);
    assertTrue(usage.contains("Default: output/<CONFIG's name without extension>"), usage);
    assertTrue(usage.contains(FashionMnist.DEFAULT_DIR), usage);
    assertTrue(usage.contains("data.partitions"), usage);
  }
}
