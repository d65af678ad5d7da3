package io.github.sparkbackprop.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkbackprop.data.FashionMnist;
import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.nn.Blas;
import io.github.sparkbackprop.train.EpochStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/**
 * Trains a neural network classifier described by a properties file, then saves the fitted
 * pipeline, a {@code metrics.json}, the training summary ({@code training-summary.json}) and the
 * learning curves ({@code learning-curves.png}, drawn with JFreeChart, which the job jar
 * carries shaded): the main class for spark-submit and {@code jobs/train.sh}.
 *
 * <p>The keys are documented in {@code conf/fashion-mnist-mlp.properties}. The configuration and
 * the data directory are checked before Spark starts, so that a typo or missing data costs no
 * session start-up; such input errors end with exit code {@value #EXIT_BAD_INPUT} and a message,
 * without a stack trace.
 *
 * <pre>{@code
 * jobs/train.sh conf/fashion-mnist-mlp.properties --set maxEpochs=5 --output /tmp/run1
 * }</pre>
 */
@Command(name = "train", sortOptions = false, usageHelpAutoWidth = true,
    description = "Trains a neural network classifier from a properties file and saves the fitted"
        + " PipelineModel to <output>/model and its metrics to <output>/metrics.json.")
public final class TrainJob implements Callable<Integer> {

  /** Exit code when the configuration, an option or the data is wrong. */
  public static final int EXIT_BAD_INPUT = 2;

  private static final String APP_NAME = "spark-backprop train";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The vector column that the table formats give the classifier. */
  private static final String FEATURES = "features";

  @Parameters(index = "0", paramLabel = "CONFIG",
      description = "Properties file with the data and network settings.")
  private java.nio.file.Path configFile;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Where the model and metrics.json go, any Hadoop path; an existing model"
          + " there is overwritten. Default: output/<CONFIG's name without extension>.")
  private String output;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory of the data set; replaces data.dir of CONFIG. Default: the"
          + " file's data.dir, else " + FashionMnist.DEFAULT_DIR + " for fashion-mnist.")
  private String dataDir;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master, used only when spark-submit sets none."
          + " Default: ${DEFAULT-VALUE}.")
  private String master;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Overrides any key of the file, after --data-dir; repeatable."
          + " Default: none.")
  private Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--help", usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  /** The summary of a finished run. */
  public record Outcome(double testAccuracy, double trainAccuracy, String modelPath,
      String metricsPath) {
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line of a fresh job, with the list of keys in its usage text. */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new TrainJob())
        .setExecutionExceptionHandler(TrainJob::handleFailure);
    cmd.getCommandSpec().usageMessage().footer(
        "", "Keys of CONFIG: " + String.join(", ", JobConfig.KNOWN_KEYS) + ".",
        "They are described in conf/fashion-mnist-mlp.properties.");
    return cmd;
  }

  private static int handleFailure(Exception e, CommandLine cmd, ParseResult parsed)
      throws Exception {
    if (e instanceof JobInputException) {
      cmd.getErr().println("train: " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    throw e;
  }

  /**
   * Parses {@code args} as {@link #main} does and runs the job in a session that the caller owns
   * and that stays open.
   *
   * @param out where the per-epoch and summary lines go
   * @throws JobInputException if the configuration or the data directory is wrong
   * @throws CommandLine.ParameterException if {@code args} do not parse
   */
  public static Outcome run(SparkSession spark, PrintStream out, String... args) {
    long start = System.nanoTime();
    TrainJob job = new TrainJob();
    new CommandLine(job).parseArgs(args);
    return job.execute(spark, job.checkedConfig(), out, start);
  }

  @Override
  public Integer call() {
    long start = System.nanoTime();
    JobConfig config = checkedConfig();
    SparkSession spark = JobSession.create(APP_NAME, master);
    try {
      execute(spark, config, System.out, start);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Reads the configuration and checks it and the data directory, all before Spark starts. */
  private JobConfig checkedConfig() {
    JobConfig config = JobConfig.load(configFile, dataDir, overrides);
    config.classifier();
    config.partitions();
    try {
      config.format().checkPresent(config);
    } catch (JobInputException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new JobInputException(e.getMessage(), e);
    }
    return config;
  }

  private Outcome execute(SparkSession spark, JobConfig config, PrintStream out, long start) {
    ObjectNode data = JSON.createObjectNode();
    int partitions = config.partitions().orElse(spark.sparkContext().defaultParallelism());
    Dataset<Row> train = load(config, data, "train",
        () -> config.format().train(spark, config, partitions));
    Dataset<Row> test = load(config, data, "test",
        () -> config.format().test(spark, config, partitions));

    NeuralNetworkClassifier classifier = config.classifier();
    classifier.addTrainingListener(stats -> out.println(progressLine(stats, classifier)));
    long fitStart = System.nanoTime();
    PipelineModel model = new Pipeline()
        .setStages(new PipelineStage[] {classifier})
        .fit(train);
    double trainSeconds = seconds(fitStart);
    String outputDir = output != null ? output : "output/" + config.name();
    String modelPath = save(model, new Path(outputDir, "model").toString());

    ObjectNode metrics = JSON.createObjectNode();
    metrics.put("test_accuracy", accuracy(model, classifier, test));
    metrics.put("train_accuracy", accuracy(model, classifier, train));
    metrics.put("train_seconds", trainSeconds);
    metrics.put("total_seconds", seconds(start));
    addHistory(metrics, (NeuralNetworkClassificationModel) model.stages()[0]);
    metrics.setAll(data);
    describe(metrics, spark, config, classifier, partitions, modelPath);
    String metricsPath = writeMetrics(spark, outputDir, metrics);
    TrainingReport.write(spark, outputDir, (NeuralNetworkClassificationModel) model.stages()[0],
        config.name());
    out.println(summaryLine(metrics, modelPath, metricsPath));
    return new Outcome(metrics.get("test_accuracy").asDouble(),
        metrics.get("train_accuracy").asDouble(), modelPath, metricsPath);
  }

  /** Reads one data set, caches and counts it, and records its size and reading time. */
  private static Dataset<Row> load(JobConfig config, ObjectNode metrics, String role,
      Supplier<Dataset<Row>> reader) {
    long start = System.nanoTime();
    Dataset<Row> rows;
    try {
      rows = reader.get().cache();
    } catch (JobInputException e) {
      throw new JobInputException(config.format().key() + " " + role + " set: "
          + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new JobInputException(config.format().key() + " " + role + " set in "
          + config.dataDir() + ": " + e.getMessage(), e);
    }
    metrics.put(role + "_rows", rows.count());
    metrics.put(role + "_load_seconds", seconds(start));
    return rows;
  }

  private static void addHistory(ObjectNode metrics, NeuralNetworkClassificationModel network) {
    List<EpochStats> epochs = network.trainingHistory();
    metrics.put("epochs", epochs.size());
    ArrayNode history = metrics.putArray("history");
    for (EpochStats stats : epochs) {
      history.addObject()
          .put("epoch", stats.epoch())
          .put("loss", stats.loss())
          .put("seconds", stats.seconds())
          .put("rows_per_second", stats.rowsPerSecond())
          .put("steps", stats.steps());
    }
    metrics.put("model", network.toString());
  }

  private static String save(PipelineModel model, String path) {
    try {
      model.write().overwrite().save(path);
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException("saving the model to " + path + " failed", e);
    }
  }

  private static double accuracy(PipelineModel model, NeuralNetworkClassifier classifier,
      Dataset<Row> rows) {
    return new MulticlassClassificationEvaluator()
        .setLabelCol(classifier.getLabelCol())
        .setPredictionCol(classifier.getPredictionCol())
        .setMetricName("accuracy")
        .evaluate(model.transform(rows));
  }

  private static String progressLine(EpochStats stats, NeuralNetworkClassifier classifier) {
    return String.format(Locale.ROOT, "epoch %d/%d  loss %.5f  %.2f s  %.0f rows/s",
        stats.epoch(), classifier.getMaxEpochs(), stats.loss(), stats.seconds(),
        stats.rowsPerSecond());
  }

  private static String summaryLine(ObjectNode metrics, String modelPath, String metricsPath) {
    return String.format(Locale.ROOT, "test accuracy %.4f (train %.4f) after %d epochs in %.1f s;"
        + " model: %s, metrics: %s", metrics.get("test_accuracy").asDouble(),
        metrics.get("train_accuracy").asDouble(), metrics.get("epochs").asInt(),
        metrics.get("total_seconds").asDouble(), modelPath, metricsPath);
  }

  /** Records what ran where: the effective settings, Spark and BLAS. */
  private void describe(ObjectNode metrics, SparkSession spark, JobConfig config,
      NeuralNetworkClassifier classifier, int partitions, String modelPath) {
    ObjectNode used = metrics.putObject("config");
    used.put("file", configFile.toString());
    used.put("data.format", config.format().key());
    used.put("data.dir", config.dataDir());
    used.put("data.partitions", partitions);
    if (config.format() != DataFormat.FASHION_MNIST) {
      used.put(JobConfig.TRAIN, config.tablePath(JobConfig.TRAIN));
      used.put(JobConfig.TEST, config.tablePath(JobConfig.TEST));
    }
    for (String key : JobConfig.CLASSIFIER_KEYS.keySet()) {
      used.set(key, JSON.valueToTree(classifier.getOrDefault(classifier.getParam(key))));
    }
    metrics.put("spark_master", spark.sparkContext().master());
    metrics.put("spark_version", spark.version());
    metrics.put("blas", Blas.implementationName());
    metrics.put("model_path", modelPath);
  }

  /** Writes {@code metrics} as {@code <outputDir>/metrics.json} through Hadoop's file system. */
  private static String writeMetrics(SparkSession spark, String outputDir, ObjectNode metrics) {
    Path file = new Path(outputDir, "metrics.json");
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream stream = fs.create(file, true)) {
        stream.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
        stream.write('\n');
      }
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file + " failed", e);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Wrong input from the user: a bad key or value, or missing data; reported without a trace. */
  public static final class JobInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    JobInputException(String message) {
      super(message);
    }

    JobInputException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The data sets that {@code data.format} can name. */
  enum DataFormat {
    FASHION_MNIST("fashion-mnist", FashionMnist.DEFAULT_DIR) {
      @Override
      void checkPresent(JobConfig config) {
        FashionMnist.checkPresent(config.dataDir());
      }

      @Override
      Dataset<Row> train(SparkSession spark, JobConfig config, int partitions) {
        return FashionMnist.train(spark, config.dataDir(), partitions);
      }

      @Override
      Dataset<Row> test(SparkSession spark, JobConfig config, int partitions) {
        return FashionMnist.test(spark, config.dataDir(), partitions);
      }
    },
    /** Parquet files at data.train and data.test. */
    PARQUET("parquet", null),
    /** CSV files at data.train and data.test, with a header line unless data.csvHeader. */
    CSV("csv", null);

    private final String key;
    private final String defaultDir;

    DataFormat(String key, String defaultDir) {
      this.key = key;
      this.defaultDir = defaultDir;
    }

    /** The name that {@code data.format} gives. */
    String key() {
      return key;
    }

    String defaultDir() {
      return defaultDir;
    }

    /**
     * Checks that the data is there; the table formats check data.train and data.test.
     *
     * @throws IllegalArgumentException saying what is missing and where to get it
     */
    void checkPresent(JobConfig config) {
      TableInput.checkExists(config.tablePath(JobConfig.TRAIN), JobConfig.TRAIN);
      TableInput.checkExists(config.tablePath(JobConfig.TEST), JobConfig.TEST);
    }

    /** Rows with the label column and a {@code features} vector, in {@code partitions}. */
    Dataset<Row> train(SparkSession spark, JobConfig config, int partitions) {
      return table(spark, config, JobConfig.TRAIN, partitions);
    }

    /** The test rows, as {@link #train} gives the training rows. */
    Dataset<Row> test(SparkSession spark, JobConfig config, int partitions) {
      return table(spark, config, JobConfig.TEST, partitions);
    }

    /**
     * Reads the table that {@code key} names and deals its rows to {@code partitions} by their
     * position, so that the same files give the same partitions, and so the same weights, on
     * every run.
     */
    private Dataset<Row> table(SparkSession spark, JobConfig config, String key,
        int partitions) {
      TableInput.Format format = TableInput.Format.byKey(this.key, JobConfig.FORMAT);
      Dataset<Row> rows = TableInput.read(spark, format, config.tablePath(key),
          config.csvHeader());
      String label = config.labelCol();
      TableInput.field(rows.schema(), label, JobConfig.LABEL_COL);
      List<String> featureCols = TableInput.columnList(
          config.value(JobConfig.FEATURE_COLS), rows.schema(), label);
      Dataset<Row> labeled = TableInput.withFeatures(rows, FEATURES, featureCols,
          JobConfig.FEATURE_COLS);
      return TableInput.spread(labeled.select(label, FEATURES), partitions);
    }

    static DataFormat byKey(String key) {
      for (DataFormat format : values()) {
        if (format.key.equals(key)) {
          return format;
        }
      }
      throw new JobInputException("Key data.format must be one of "
          + Arrays.stream(values()).map(DataFormat::key).collect(Collectors.joining(", "))
          + " but was '" + key + "'");
    }
  }

  /** Sets one classifier Param from a configuration value. */
  @FunctionalInterface
  private interface Setter {
    void apply(NeuralNetworkClassifier classifier, String value);
  }

  /**
   * The merged settings of one run: the file's keys, then {@code --data-dir}, then each
   * {@code --set}. Keys a run does not give keep the classifier's or the format's default.
   */
  static final class JobConfig {
    static final String FORMAT = "data.format";
    static final String DIR = "data.dir";
    static final String PARTITIONS = "data.partitions";
    static final String TRAIN = "data.train";
    static final String TEST = "data.test";
    static final String LABEL_COL = "data.labelCol";
    static final String FEATURE_COLS = "data.featureCols";
    static final String CSV_HEADER = "data.csvHeader";

    /** Classifier keys, named after its Params, with how each value is parsed. */
    static final Map<String, Setter> CLASSIFIER_KEYS = classifierKeys();

    static final List<String> KNOWN_KEYS = knownKeys();

    private final String name;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private JobConfig(String name) {
      this.name = name;
    }

    private static Map<String, Setter> classifierKeys() {
      Map<String, Setter> keys = new LinkedHashMap<>();
      keys.put("layers", (c, v) -> c.setLayers(v));
      keys.put("inputShape", (c, v) -> c.setInputShape(v));
      keys.put("maxEpochs", (c, v) -> c.setMaxEpochs(integer(v)));
      keys.put("batchSize", (c, v) -> c.setBatchSize(integer(v)));
      keys.put("optimizer", (c, v) -> c.setOptimizer(v));
      keys.put("learningRate", (c, v) -> c.setLearningRate(number(v)));
      keys.put("momentum", (c, v) -> c.setMomentum(number(v)));
      keys.put("seed", (c, v) -> c.setSeed(longInteger(v)));
      keys.put("shuffle", (c, v) -> c.setShuffle(bool(v)));
      keys.put("validationFraction", (c, v) -> c.setValidationFraction(number(v)));
      keys.put("patience", (c, v) -> c.setPatience(integer(v)));
      keys.put("minDelta", (c, v) -> c.setMinDelta(number(v)));
      keys.put("restoreBestWeights", (c, v) -> c.setRestoreBestWeights(bool(v)));
      keys.put("learningRateSchedule", (c, v) -> c.setLearningRateSchedule(v));
      keys.put("weightDecay", (c, v) -> c.setWeightDecay(number(v)));
      keys.put("clipNorm", (c, v) -> c.setClipNorm(number(v)));
      keys.put("localSteps", (c, v) -> c.setLocalSteps(integer(v)));
      keys.put("bpttLength", (c, v) -> c.setBpttLength(integer(v)));
      keys.put("checkpointDir", (c, v) -> c.setCheckpointDir(v));
      keys.put("checkpointInterval", (c, v) -> c.setCheckpointInterval(integer(v)));
      keys.put("keepCheckpoints", (c, v) -> c.setKeepCheckpoints(integer(v)));
      keys.put("initialModel", (c, v) -> c.setInitialModel(v));
      return Collections.unmodifiableMap(keys);
    }

    private static List<String> knownKeys() {
      List<String> keys = new ArrayList<>(
          List.of(FORMAT, DIR, PARTITIONS, TRAIN, TEST, LABEL_COL, FEATURE_COLS, CSV_HEADER));
      keys.addAll(CLASSIFIER_KEYS.keySet());
      return List.copyOf(keys);
    }

    /**
     * Reads {@code file} and applies the command line's overrides.
     *
     * @throws JobInputException if the file is missing or a key unknown
     */
    static JobConfig load(java.nio.file.Path file, String dataDir, Map<String, String> overrides) {
      String fileName = file.getFileName().toString();
      int dot = fileName.lastIndexOf('.');
      JobConfig config = new JobConfig(dot > 0 ? fileName.substring(0, dot) : fileName);
      Properties properties = read(file);
      for (String key : properties.stringPropertyNames()) {
        config.put(key, properties.getProperty(key), file.toString());
      }
      if (dataDir != null) {
        config.put(DIR, dataDir, "--data-dir");
      }
      overrides.forEach((key, value) -> config.put(key, value, "--set"));
      return config;
    }

    private static Properties read(java.nio.file.Path file) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (NoSuchFileException e) {
        throw new JobInputException("Configuration file " + file + " does not exist");
      } catch (IOException e) {
        throw new UncheckedIOException("reading configuration file " + file + " failed", e);
      }
      return properties;
    }

    private void put(String key, String value, String source) {
      String trimmed = key.trim();
      if (!KNOWN_KEYS.contains(trimmed)) {
        throw new JobInputException("Unknown key '" + trimmed + "' in " + source
            + "; known keys: " + String.join(", ", KNOWN_KEYS));
      }
      values.put(trimmed, value.trim());
      sources.put(trimmed, source);
    }

    /** The configuration's name: its file name without the extension. */
    String name() {
      return name;
    }

    DataFormat format() {
      return DataFormat.byKey(values.getOrDefault(FORMAT, DataFormat.FASHION_MNIST.key()));
    }

    String dataDir() {
      return values.getOrDefault(DIR, format().defaultDir());
    }

    /** The value of {@code key}, or null when the run does not give it. */
    String value(String key) {
      return values.get(key);
    }

    /**
     * The table path that {@code key} (data.train or data.test) gives, resolved against
     * data.dir when that is given and the path is relative.
     *
     * @throws JobInputException if the key is missing
     */
    String tablePath(String key) {
      String path = values.get(key);
      if (path == null || path.isEmpty()) {
        throw new JobInputException("Key " + key + " must be given for data.format "
            + format().key() + ", for example " + key + " = hdfs:///datasets/digits/"
            + (key.equals(TRAIN) ? "train" : "test") + "." + format().key());
      }
      String dir = values.get(DIR);
      return dir == null ? path : new Path(dir, path).toString();
    }

    /** The label column of a table: data.labelCol, default {@code label}. */
    String labelCol() {
      return values.getOrDefault(LABEL_COL, "label");
    }

    /** Whether a CSV file starts with a line of column names: data.csvHeader, default true. */
    boolean csvHeader() {
      return !values.containsKey(CSV_HEADER) || parsed(CSV_HEADER, TrainJob::bool);
    }

    /** The number of partitions given, or empty to use the session's default parallelism. */
    OptionalInt partitions() {
      if (!values.containsKey(PARTITIONS)) {
        return OptionalInt.empty();
      }
      int partitions = parsed(PARTITIONS, TrainJob::integer);
      if (partitions < 1) {
        throw invalid(PARTITIONS, "must be at least 1");
      }
      return OptionalInt.of(partitions);
    }

    /**
     * A fresh classifier with every classifier key of this configuration set.
     *
     * @throws JobInputException naming the key, its value and what it accepts
     */
    NeuralNetworkClassifier classifier() {
      NeuralNetworkClassifier classifier = new NeuralNetworkClassifier();
      if (!values.containsKey("layers")) {
        throw new JobInputException("Key layers must be given, for example "
            + "layers = dense(128, relu), dense(10, softmax)");
      }
      CLASSIFIER_KEYS.forEach((key, setter) -> {
        if (values.containsKey(key)) {
          parsed(key, value -> {
            setter.apply(classifier, value);
            return null;
          });
        }
      });
      if (format() != DataFormat.FASHION_MNIST) {
        classifier.setLabelCol(labelCol());
      }
      return classifier;
    }

    private <T> T parsed(String key, Function<String, T> parser) {
      try {
        return parser.apply(values.get(key));
      } catch (IllegalArgumentException e) {
        String doc = CLASSIFIER_KEYS.containsKey(key)
            ? " (" + new NeuralNetworkClassifier().getParam(key).doc() + ")" : "";
        throw invalid(key, e.getMessage() + doc);
      }
    }

    private JobInputException invalid(String key, String reason) {
      return new JobInputException("Key " + key + " from " + sources.get(key)
          + " has the invalid value '" + values.get(key) + "': " + reason);
    }
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer");
    }
  }

  private static long longInteger(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer");
    }
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number");
    }
  }

  private static boolean bool(String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("expected true or false");
  }
}
