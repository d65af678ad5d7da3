package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkbackprop.data.DigitsCsv;
import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.testing.TestSpark;
import io.github.sparkbackprop.train.FaultInjection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training on a real Spark standalone cluster (a master and two workers in their own JVMs) from
 * data on a real HDFS (its own JVM), submitted through {@code SparkSubmit} as spark-submit does,
 * with the model, metrics and checkpoints written to HDFS; then batch scoring with the saved
 * model, and two disturbed runs, one that loses an executor in the middle of an epoch and one
 * whose tasks all fail on their first attempt, that must end with the same weights.
 */
class StandaloneClusterIT {
  private static final long JOB_MINUTES = 6;
  private static final int TRAIN_ROWS = 1500;
  private static final int EPOCHS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalCluster cluster;
  private static Path work;
  private static String data;
  private static float[] undisturbedWeights;

  @BeforeAll
  static void startCluster() throws IOException, InterruptedException {
    work = Path.of("target", "cluster-it").toAbsolutePath();
    deleteTree(work);
    cluster = new LocalCluster(Path.of(property("sparkbackprop.sparkHome")), work,
        Arrays.asList(property("sparkbackprop.javaOpens").trim().split("\\s+")));
    cluster.start();
    data = cluster.hdfsUri() + "/datasets/digits";
    writeDigits(TestSpark.session(), data);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void trainsFromHdfsAndTheSavedModelScoresInASeparateJob() throws Exception {
    String run = cluster.hdfsUri() + "/runs/undisturbed";
    undisturbedWeights();
    JsonNode metrics = readJson(run + "/metrics.json");
    assertTrue(metrics.get("spark_master").asText().startsWith("spark://127.0.0.1:"));
    assertEquals(EPOCHS, metrics.get("epochs").asInt());
    assertEquals(TRAIN_ROWS, metrics.get("train_rows").asInt());
    assertTrue(exists(run + "/learning-curves.png"), "curves drawn by the shaded JFreeChart");
    assertTrue(exists(run + "/checkpoints"), "checkpoints on HDFS");

    String scores = cluster.hdfsUri() + "/scores/undisturbed";
    submitAndWait("score", List.of(), "io.github.sparkbackprop.jobs.ScoreJob",
        "--model", run + "/model", "--input", data + "/test.parquet", "--output", scores,
        "--keep", "id,label", "--predictions", "prediction,probability");

    Map<Long, Double> predicted = predictions(TestSpark.session().read().parquet(scores));
    assertEquals(1797 - TRAIN_ROWS, predicted.size());
    double accuracy = accuracy(TestSpark.session().read().parquet(scores));
    assertTrue(accuracy > 0.8, "test accuracy " + accuracy);
    assertEquals(metrics.get("test_accuracy").asDouble(), accuracy, 1e-12);
    PipelineModel model = PipelineModel.load(run + "/model");
    Dataset<Row> test = TestSpark.session().read().parquet(data + "/test.parquet");
    assertEquals(predictions(model.transform(test)), predicted);
  }

  @Test
  void losingAnExecutorInTheMiddleOfAnEpochGivesTheSameWeights() throws Exception {
    String run = cluster.hdfsUri() + "/runs/executor-lost";
    Process driver = submitTraining("executor-lost", run, List.of());
    String logAtKill;
    try {
      awaitLine(driver, "executor-lost", "epoch 1/" + EPOCHS);
      ProcessHandle executor = cluster.anyExecutor()
          .orElseThrow(() -> new AssertionError("no executor JVM under the workers"));
      assertTrue(executor.destroyForcibly(), "kill of executor " + executor.pid());
      executor.onExit().get(30, TimeUnit.SECONDS);
      logAtKill = Files.readString(cluster.jvms().log("executor-lost"));
      awaitExit(driver, "executor-lost");
    } finally {
      Jvms.stop(driver);
    }
    assertFalse(logAtKill.contains("epoch 2/"), "the executor died during epoch 2");
    String log = Files.readString(cluster.jvms().log("executor-lost"));
    assertTrue(log.contains("Lost executor"), "the driver saw the executor go");
    assertTrue(log.contains("epoch " + EPOCHS + "/" + EPOCHS), "training went on to the end");
    assertArrayEquals(undisturbedWeights(), weights(run));
  }

  @Test
  void tasksFailingOnTheirFirstAttemptGiveTheSameWeights() throws Exception {
    String run = cluster.hdfsUri() + "/runs/first-attempts-fail";
    submitTrainingAndWait("first-attempts-fail", run,
        List.of("--conf", FaultInjection.FAIL_FIRST_ATTEMPT + "=true",
            "--conf", "spark.task.maxFailures=2"));
    String log = Files.readString(cluster.jvms().log("first-attempts-fail"));
    assertTrue(log.contains("on purpose, because " + FaultInjection.FAIL_FIRST_ATTEMPT),
        "first attempts failed");
    assertArrayEquals(undisturbedWeights(), weights(run));
  }

  /** The weights of the undisturbed run, trained once for all tests. */
  private static synchronized float[] undisturbedWeights() throws Exception {
    if (undisturbedWeights == null) {
      String run = cluster.hdfsUri() + "/runs/undisturbed";
      submitTrainingAndWait("undisturbed", run, List.of());
      undisturbedWeights = weights(run);
    }
    return undisturbedWeights;
  }

  private static void submitTrainingAndWait(String name, String run, List<String> sparkArgs)
      throws Exception {
    Process driver = submitTraining(name, run, sparkArgs);
    try {
      awaitExit(driver, name);
    } finally {
      Jvms.stop(driver);
    }
  }

  private static Process submitTraining(String name, String run, List<String> sparkArgs)
      throws IOException {
    Path config = work.resolve(name + ".properties");
    Files.writeString(config, String.join("\n",
        "data.format = parquet",
        "data.dir = " + data,
        "data.train = train.parquet",
        "data.test = test.parquet",
        "data.partitions = 4",
        "layers = dense(32, relu), dense(10, softmax)",
        "maxEpochs = " + EPOCHS,
        "batchSize = 50",
        "learningRate = 0.01",
        "seed = 7",
        "checkpointDir = " + run + "/checkpoints",
        ""), StandardCharsets.UTF_8);
    return cluster.submit(name, sparkArgs(sparkArgs, "io.github.sparkbackprop.jobs.TrainJob"),
        property("sparkbackprop.jobJar"), config.toString(), "--output", run);
  }

  private static void submitAndWait(String name, List<String> sparkArgs, String mainClass,
      String... args) throws Exception {
    Process driver = cluster.submit(name, sparkArgs(sparkArgs, mainClass),
        property("sparkbackprop.jobJar"), args);
    try {
      awaitExit(driver, name);
    } finally {
      Jvms.stop(driver);
    }
  }

  private static List<String> sparkArgs(List<String> given, String mainClass) {
    List<String> args = new ArrayList<>(given);
    args.add("--class");
    args.add(mainClass);
    return args;
  }

  private static void awaitExit(Process driver, String name) throws InterruptedException {
    if (!driver.waitFor(JOB_MINUTES, TimeUnit.MINUTES)) {
      throw new AssertionError(name + " did not end within " + JOB_MINUTES + " minutes; its"
          + " log ends with:\n" + cluster.jvms().tail(name, 60));
    }
    assertEquals(0, driver.exitValue(),
        () -> name + " failed; its log ends with:\n" + cluster.jvms().tail(name, 60));
  }

  /** Waits until the driver's log holds {@code text}, which shows how far the job got. */
  private static void awaitLine(Process driver, String name, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(JOB_MINUTES);
    while (!Files.readString(cluster.jvms().log(name)).contains(text)) {
      if (!driver.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(name + " never printed '" + text + "'; its log ends with:\n"
            + cluster.jvms().tail(name, 60));
      }
      Thread.sleep(50);
    }
  }

  private static float[] weights(String run) {
    PipelineModel model = PipelineModel.load(run + "/model");
    return ((NeuralNetworkClassificationModel) model.stages()[0]).weights();
  }

  /** Writes the digits as Parquet, the first rows as the training set and the rest as test. */
  private static void writeDigits(SparkSession spark, String dir) {
    List<Row> rows = DigitsCsv.read(spark, property("sparkbackprop.sampleData")
        + "/digits.csv.gz").collectAsList();
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("label", DataTypes.DoubleType, false)
        .add("features", new org.apache.spark.ml.linalg.VectorUDT(), false);
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = RowFactory.create((long) i, rows.get(i).getDouble(0), rows.get(i).get(1));
      (i < TRAIN_ROWS ? train : test).add(row);
    }
    spark.createDataFrame(train, schema).coalesce(2).write().parquet(dir + "/train.parquet");
    spark.createDataFrame(test, schema).coalesce(1).write().parquet(dir + "/test.parquet");
  }

  private static Map<Long, Double> predictions(Dataset<Row> scored) {
    Map<Long, Double> byId = new HashMap<>();
    for (Row row : scored.select("id", "prediction").collectAsList()) {
      byId.put(row.getLong(0), row.getDouble(1));
    }
    return byId;
  }

  private static double accuracy(Dataset<Row> scored) {
    List<Row> rows = scored.select("label", "prediction", "probability").collectAsList();
    int right = 0;
    for (Row row : rows) {
      Vector probability = row.getAs(2);
      assertEquals(1.0, Arrays.stream(probability.toArray()).sum(), 1e-6);
      right += row.getDouble(0) == row.getDouble(1) ? 1 : 0;
    }
    return (double) right / rows.size();
  }

  private static JsonNode readJson(String path) throws IOException {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = file.getFileSystem(TestSpark.session().sparkContext().hadoopConfiguration());
    try (InputStream in = fs.open(file)) {
      return JSON.readTree(in);
    }
  }

  private static boolean exists(String path) throws IOException {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
    return file.getFileSystem(TestSpark.session().sparkContext().hadoopConfiguration())
        .exists(file);
  }

  private static String property(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + key + " is not set; run the cluster"
          + " tests with mvn verify, which sets it");
    }
    return value.trim();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
