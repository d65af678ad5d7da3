package io.github.sparkbackprop.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkbackprop.data.FashionMnist;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Blas;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.Losses;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures, in one run on one machine, the limits of the hardware and of Spark, the peer (Spark
 * MLlib's MultilayerPerceptronClassifier) and this library on Fashion-MNIST, prints them as a
 * table and writes them to {@code benchmark.json}: the main class of {@code jobs/benchmark.sh}.
 *
 * <p>The figures and targets are explained in README.md ("Benchmark"). With {@code --quick} it
 * runs every part on small slices, to check that it works; those figures mean nothing.
 */
@Command(name = "benchmark", sortOptions = false, usageHelpAutoWidth = true,
    description = "Benchmarks training and scoring against Spark's MultilayerPerceptronClassifier"
        + " and the machine's limits; prints a table and writes <output>/benchmark.json.")
public final class Benchmark implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--config", paramLabel = "FILE",
      defaultValue = "conf/fashion-mnist-mlp.properties",
      description = "The training configuration measured as ours. Default: ${DEFAULT-VALUE}.")
  private Path config;

  @Option(names = "--cnn-config", paramLabel = "FILE",
      defaultValue = "conf/fashion-mnist-cnn.properties",
      description = "The convolutional configuration measured per epoch; 'none' skips it."
          + " Default: ${DEFAULT-VALUE}.")
  private String cnnConfig;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIR,
      description = "Directory of the Fashion-MNIST files. Default: ${DEFAULT-VALUE}.")
  private String dataDir;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "output/benchmark",
      description = "Where benchmark.json goes. Default: ${DEFAULT-VALUE}.")
  private Path output;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
      description = "Spark master when spark-submit sets none. Default: ${DEFAULT-VALUE}.")
  private String master;

  @Option(names = "--local-steps", paramLabel = "N", defaultValue = "8",
      description = "localSteps of the second run of ours. Default: ${DEFAULT-VALUE}.")
  private int localSteps;

  @Option(names = "--peer-iterations", paramLabel = "N", defaultValue = "100",
      description = "L-BFGS iterations of the peer. Default: ${DEFAULT-VALUE}.")
  private int peerIterations;

  @Option(names = "--quick", description = "Runs every part on small slices of the data, to check"
      + " the benchmark itself; the figures mean nothing.")
  private boolean quick;

  @Option(names = "--help", usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  public static void main(String[] args) {
    // jobs/benchmark.sh passes the configurations' full paths first; the user's options win.
    System.exit(new CommandLine(new Benchmark()).setOverwrittenOptionsAllowed(true)
        .setExecutionExceptionHandler(Benchmark::handleFailure)
        .execute(args));
  }

  /** Bad options and missing files end with a message and exit code 2, without a trace. */
  private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof IllegalArgumentException && !(e.getCause() instanceof Exception)) {
      cmd.getErr().println("benchmark: " + e.getMessage());
      return TrainJob.EXIT_BAD_INPUT;
    }
    throw e;
  }

  @Override
  public Integer call() {
    checkOptions();
    FashionMnist.checkPresent(dataDir);
    SparkSession spark = JobSession.create("spark-backprop benchmark", master);
    try {
      execute(spark, System.out);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Parses {@code args} and runs the benchmark in {@code spark}; returns the JSON written. */
  static ObjectNode run(SparkSession spark, PrintStream out, String... args) {
    Benchmark benchmark = new Benchmark();
    new CommandLine(benchmark).parseArgs(args);
    return benchmark.execute(spark, out);
  }

  private ObjectNode execute(SparkSession spark, PrintStream out) {
    checkOptions();
    FashionMnist.checkPresent(dataDir);
    BenchmarkReport report = new BenchmarkReport(out);
    Sizes sizes = quick ? Sizes.QUICK : Sizes.FULL;
    int tasks = spark.sparkContext().defaultParallelism();
    Dataset<Row> train = cached(FashionMnist.train(spark, dataDir, tasks), sizes.trainRows, tasks);
    Dataset<Row> test = cached(FashionMnist.test(spark, dataDir, tasks), sizes.testRows, tasks);
    report.machine(spark, tasks, train.count(), test.count());

    NeuralNetworkClassifier ours = classifier(config, Map.of());
    limits(spark, report, ours, tasks, train, sizes);
    PeerBaseline peer = PeerBaseline.run(train, test, new int[] {784, 128, 10},
        quick ? 3 : peerIterations, 42);
    report.peer(peer);
    TrainingRun.TestSet testSet = new TrainingRun.TestSet(test);
    NeuralNetworkClassifier exact = sizes.epochs(ours);
    TrainingRun exactRun = TrainingRun.fit(exact, train, testSet);
    report.ours("ours", exactRun, peer, ScoringRate.rowsPerSecond(
        exactRun.model.transform(test), test.count()));
    TrainingRun localRun = TrainingRun.fit(exact.copy(exact.extractParamMap())
        .setLocalSteps(localSteps), train, testSet);
    report.ours("ours_local", localRun, peer, Double.NaN);
    report.json().put("local_steps", localSteps);
    growth(report, ours, train, tasks, sizes);
    if (!"none".equals(cnnConfig)) {
      NeuralNetworkClassifier cnn = classifier(Paths.get(cnnConfig), Map.of());
      cnn.setMaxEpochs(sizes.cnnEpochs);
      report.cnn(TrainingRun.fit(cnn, train, null));
    }
    report.targets();
    write(report.json());
    report.printTable();
    out.println("benchmark.json: " + output.resolve("benchmark.json"));
    return report.json();
  }

  /** Refuses bad options before any measuring starts, naming the option. */
  private void checkOptions() {
    if (localSteps < 1) {
      throw new IllegalArgumentException("--local-steps must be at least 1 but was " + localSteps);
    }
    if (peerIterations < 1) {
      throw new IllegalArgumentException("--peer-iterations must be at least 1 but was "
          + peerIterations);
    }
    Path cnn = "none".equals(cnnConfig) ? config : Paths.get(cnnConfig);
    for (Path file : new Path[] {config, cnn}) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("Configuration file " + file + " does not exist");
      }
    }
  }

  /** The GEMM rates of all task threads and the cost of an empty Spark job. */
  private void limits(SparkSession spark, BenchmarkReport report, NeuralNetworkClassifier ours,
      int tasks, Dataset<Row> train, Sizes sizes) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Architecture architecture = new Architecture(NetworkSpec.parse(ours.getLayers()),
        Shape.vector(784), Losses.byName("crossentropy"));
    int rowsPerTask = Math.max(1, ours.getBatchSize() / tasks);
    double training = GemmRate.gflops(jsc, tasks,
        GemmRate.trainingProducts(architecture, rowsPerTask), sizes.gemmSeconds);
    double square = GemmRate.gflops(jsc, tasks, GemmRate.square(1024), sizes.gemmSeconds);
    report.limits(training, square, rowsPerTask, ScoringRate.emptyJobMillis(train, 30),
        Blas.implementationName());
  }

  /** Seconds per epoch as the rows and the hidden width grow. */
  private void growth(BenchmarkReport report, NeuralNetworkClassifier ours, Dataset<Row> train,
      int tasks, Sizes sizes) {
    for (int rows : sizes.growthRows) {
      Dataset<Row> slice = cached(train, rows, tasks);
      NeuralNetworkClassifier c = ours.copy(ours.extractParamMap()).setMaxEpochs(2);
      report.growth("rows_" + rows, TrainingRun.fit(c, slice, null));
      slice.unpersist();
    }
    for (int width : sizes.widths) {
      NeuralNetworkClassifier c = ours.copy(ours.extractParamMap()).setMaxEpochs(2)
          .setLayers("dense(" + width + ", relu), dense(10, softmax)");
      report.growth("width_" + width, TrainingRun.fit(c, train, null));
    }
  }

  private NeuralNetworkClassifier classifier(Path file, Map<String, String> overrides) {
    return TrainJob.JobConfig.load(file, dataDir, overrides).classifier();
  }

  /** The first {@code rows} rows (all when fewer) in {@code partitions} partitions, cached. */
  private static Dataset<Row> cached(Dataset<Row> rows, long limit, int partitions) {
    Dataset<Row> slice = limit < Long.MAX_VALUE ? rows.limit((int) limit).repartition(partitions)
        : rows;
    slice = slice.cache();
    slice.count();
    return slice;
  }

  private void write(ObjectNode json) {
    try {
      Files.createDirectories(output);
      JSON.writerWithDefaultPrettyPrinter().writeValue(output.resolve("benchmark.json").toFile(),
          json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + output.resolve("benchmark.json"), e);
    }
  }

  /** How much of the data and time each part gets: the real run, or a smoke test. */
  private record Sizes(long trainRows, long testRows, int oursEpochs, int cnnEpochs,
      double gemmSeconds, int[] growthRows, int[] widths) {
    static final Sizes FULL = new Sizes(Long.MAX_VALUE, Long.MAX_VALUE, 0, 2, 3.0,
        new int[] {15_000, 30_000, 60_000}, new int[] {128, 512, 2048});
    static final Sizes QUICK = new Sizes(2_000, 500, 2, 1, 0.3,
        new int[] {500, 1_000, 2_000}, new int[] {16, 32, 64});

    /** {@code c} itself in the full run, with fewer epochs in the quick one. */
    NeuralNetworkClassifier epochs(NeuralNetworkClassifier c) {
      return oursEpochs == 0 ? c : c.copy(c.extractParamMap()).setMaxEpochs(oursEpochs);
    }
  }
}
