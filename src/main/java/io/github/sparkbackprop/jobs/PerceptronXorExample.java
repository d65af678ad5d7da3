package io.github.sparkbackprop.jobs;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.ml.PerceptronClassificationModel;
import io.github.sparkbackprop.ml.PerceptronClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The XOR lesson, run on Spark: the perceptron learns AND and OR but not XOR, which no straight
 * line separates; a network with one hidden layer, trained by backpropagation, learns XOR.
 *
 * <p>Reads {@code logic-and.csv}, {@code logic-or.csv} and {@code logic-xor.csv} (columns
 * {@code x1,x2,label}, the four rows of each truth table) from the data directory, fits each
 * model, and prints each model's four predictions in a small table with the epochs it ran.
 *
 * <pre>{@code
 * jobs/perceptron-xor.sh --seed 3 --network-epochs 400
 * }</pre>
 */
@Command(name = "perceptron-xor", sortOptions = false, usageHelpAutoWidth = true,
    description = "Fits the perceptron to AND, OR and XOR, and a one-hidden-layer network to XOR,"
        + " and prints the predictions of each.")
public final class PerceptronXorExample implements Callable<Integer> {

  /** Exit code when the data directory or a data file is wrong. */
  public static final int EXIT_BAD_INPUT = 2;

  /** The network that learns XOR: two hidden tanh units would do, four make it reliable. */
  public static final String NETWORK_LAYERS = "dense(4, tanh), dense(2, softmax)";

  /**
   * System property that gives the default of {@code --data-dir}; jobs/perceptron-xor.sh sets it
   * to the repository's sample-data directory, so that the script runs from any directory.
   */
  public static final String DATA_DIR_PROPERTY = "sparkbackprop.sampleData";

  private static final StructType SCHEMA = new StructType()
      .add("x1", DataTypes.DoubleType, false)
      .add("x2", DataTypes.DoubleType, false)
      .add("label", DataTypes.DoubleType, false)
      .add("features", new VectorUDT(), false);

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${sys:" + DATA_DIR_PROPERTY
      + ":-sample-data}",
      description = "Local directory holding logic-and.csv, logic-or.csv and logic-xor.csv."
          + " Default: ${DEFAULT-VALUE}.")
  private Path dataDir;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master, used only when spark-submit sets none."
          + " Default: ${DEFAULT-VALUE}.")
  private String master;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
      description = "Partitions of each four-row data set; 1 gives the classic, sequential"
          + " perceptron. Default: ${DEFAULT-VALUE}.")
  private int partitions;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "7",
      description = "Seed of the perceptron's row order and the network's initial weights."
          + " Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(names = "--perceptron-epochs", paramLabel = "N", defaultValue = "100",
      description = "maxEpochs of the perceptron; it stops earlier after an epoch without"
          + " mistakes. Default: ${DEFAULT-VALUE}.")
  private int perceptronEpochs;

  @Option(names = "--network-epochs", paramLabel = "N", defaultValue = "150",
      description = "maxEpochs of the network, one step of batch gradient descent each."
          + " Default: ${DEFAULT-VALUE}.")
  private int networkEpochs;

  @Option(names = "--network-learning-rate", paramLabel = "RATE", defaultValue = "0.1",
      description = "Adam's learningRate for the network. Default: ${DEFAULT-VALUE}.")
  private double networkLearningRate;

  @Option(names = "--help", usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  /** One row of a truth table with a model's prediction for it. */
  public record Prediction(double x1, double x2, double label, double prediction) {
    public boolean correct() {
      return prediction == label;
    }
  }

  /**
   * One model fitted to one truth table: its predictions for the four rows, the epochs it ran
   * and how its training ended.
   */
  public record Fit(String table, String model, List<Prediction> predictions, int epochs,
      String outcome) {
    public long correct() {
      return predictions.stream().filter(Prediction::correct).count();
    }
  }

  /** The four fits, in the order printed: perceptron on AND, OR and XOR, network on XOR. */
  public record Report(Fit perceptronAnd, Fit perceptronOr, Fit perceptronXor, Fit networkXor) {
    public List<Fit> fits() {
      return List.of(perceptronAnd, perceptronOr, perceptronXor, networkXor);
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new PerceptronXorExample())
        .setExecutionExceptionHandler(PerceptronXorExample::handleFailure);
  }

  private static int handleFailure(Exception e, CommandLine cmd, ParseResult parsed)
      throws Exception {
    if (e instanceof BadInputException) {
      cmd.getErr().println("perceptron-xor: " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    throw e;
  }

  /**
   * Parses {@code args} as {@link #main} does and runs the example in a session that the caller
   * owns and that stays open.
   *
   * @param out where the tables go
   * @throws IllegalArgumentException if a data file is missing or malformed
   * @throws CommandLine.ParameterException if {@code args} do not parse
   */
  public static Report run(SparkSession spark, PrintStream out, String... args) {
    PerceptronXorExample example = new PerceptronXorExample();
    new CommandLine(example).parseArgs(args);
    return example.execute(spark, example.readTables(), out);
  }

  @Override
  public Integer call() {
    Tables tables = readTables();
    SparkSession.Builder builder = SparkSession.builder()
        .appName("spark-backprop perceptron-xor")
        .config("spark.ui.enabled", false);
    if (!new SparkConf().contains("spark.master")) {
      builder.master(master);
    }
    SparkSession spark = builder.getOrCreate();
    try {
      execute(spark, tables, System.out);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** The three truth tables, read and checked with the options before Spark starts. */
  private record Tables(List<double[]> and, List<double[]> or, List<double[]> xor) {
  }

  private Tables readTables() {
    atLeastOne("--partitions", partitions);
    atLeastOne("--perceptron-epochs", perceptronEpochs);
    atLeastOne("--network-epochs", networkEpochs);
    if (!(networkLearningRate > 0) || Double.isInfinite(networkLearningRate)) {
      throw new BadInputException("--network-learning-rate must be a positive number but was "
          + networkLearningRate);
    }
    return new Tables(readTable("logic-and.csv"), readTable("logic-or.csv"),
        readTable("logic-xor.csv"));
  }

  private static void atLeastOne(String option, int value) {
    if (value < 1) {
      throw new BadInputException(option + " must be at least 1 but was " + value);
    }
  }

  /** The rows {@code x1, x2, label} of one small CSV file with that header. */
  private List<double[]> readTable(String name) {
    Path file = dataDir.resolve(name);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + " (" + e.getMessage() + "); the files"
          + " are in the repository's sample-data/ directory, see --data-dir");
    }
    if (lines.isEmpty() || !lines.get(0).trim().equals("x1,x2,label")) {
      throw new BadInputException(file + " must start with the header x1,x2,label");
    }
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split(",");
      if (fields.length != 3) {
        throw new BadInputException(file + " line " + (i + 1) + ": expected 3 fields but found "
            + fields.length + " in '" + line + "'");
      }
      double[] row = new double[3];
      for (int k = 0; k < 3; k++) {
        try {
          row[k] = Double.parseDouble(fields[k].trim());
        } catch (NumberFormatException e) {
          throw new BadInputException(file + " line " + (i + 1) + ": '" + fields[k]
              + "' is not a number");
        }
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new BadInputException(file + " has no rows after its header");
    }
    return rows;
  }

  private Report execute(SparkSession spark, Tables tables, PrintStream out) {
    out.println("The perceptron learns what one straight line separates; XOR needs two.");
    Fit and = perceptron(spark, "AND", tables.and());
    print(out, and);
    Fit or = perceptron(spark, "OR", tables.or());
    print(out, or);
    Fit xor = perceptron(spark, "XOR", tables.xor());
    print(out, xor);
    Fit network = network(spark, tables.xor());
    print(out, network);
    out.println(lesson(and, or, xor, network));
    return new Report(and, or, xor, network);
  }

  private Fit perceptron(SparkSession spark, String table, List<double[]> rows) {
    Dataset<Row> data = dataFrame(spark, rows);
    PerceptronClassificationModel model = new PerceptronClassifier()
        .setMaxEpochs(perceptronEpochs)
        .setSeed(seed)
        .fit(data);
    String outcome = "stopped: " + model.stopReason().description() + "; mistakes per epoch "
        + summarise(model.mistakesPerEpoch());
    return new Fit(table, "perceptron", predictions(model, data), model.epochsRun(), outcome);
  }

  private Fit network(SparkSession spark, List<double[]> rows) {
    Dataset<Row> data = dataFrame(spark, rows);
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setLayers(NETWORK_LAYERS)
        .setBatchSize(rows.size())
        .setMaxEpochs(networkEpochs)
        .setOptimizer("adam")
        .setLearningRate(networkLearningRate)
        .setSeed(seed)
        .fit(data);
    int epochs = model.trainingHistory().size();
    String outcome = String.format(Locale.ROOT, "cross-entropy %.4f in the first epoch, %.4f"
        + " in the last", model.trainingHistory().get(0).loss(),
        model.trainingHistory().get(epochs - 1).loss());
    return new Fit("XOR", "network " + NETWORK_LAYERS, predictions(model, data), epochs, outcome);
  }

  /** The rows with their features assembled, in exactly {@code partitions} partitions. */
  private Dataset<Row> dataFrame(SparkSession spark, List<double[]> rows) {
    List<Row> data = rows.stream()
        .map(r -> RowFactory.create(r[0], r[1], r[2], Vectors.dense(r[0], r[1])))
        .collect(Collectors.toList());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(data, partitions), SCHEMA);
  }

  private static List<Prediction> predictions(Transformer model, Dataset<Row> data) {
    return model.transform(data)
        .select("x1", "x2", "label", "prediction")
        .collectAsList()
        .stream()
        .map(r -> new Prediction(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)))
        .collect(Collectors.toList());
  }

  private static void print(PrintStream out, Fit fit) {
    out.println();
    out.printf(Locale.ROOT, "%s on %s: %d of %d right after %d epochs%n  %s%n", fit.model(),
        fit.table(), fit.correct(), fit.predictions().size(), fit.epochs(), fit.outcome());
    out.println("   x1   x2  label  prediction");
    for (Prediction p : fit.predictions()) {
      out.printf(Locale.ROOT, "  %3s  %3s  %5s  %10s%s%n", number(p.x1()), number(p.x2()),
          number(p.label()), number(p.prediction()), p.correct() ? "" : "  <- wrong");
    }
  }

  private static String lesson(Fit and, Fit or, Fit xor, Fit network) {
    boolean expected = and.correct() == 4 && or.correct() == 4 && xor.correct() <= 3
        && network.correct() == 4;
    if (expected) {
      return String.format(Locale.ROOT, "%nThe perceptron learned AND and OR, and got %d of 4 on"
          + " XOR in %d epochs;%nthe network's hidden layer learned XOR.", xor.correct(),
          xor.epochs());
    }
    return String.format(Locale.ROOT, "%nNot the usual outcome with seed and epochs as given:"
        + " perceptron %d, %d and %d of 4%non AND, OR and XOR, network %d of 4 on XOR; try"
        + " another --seed or more --network-epochs.", and.correct(), or.correct(),
        xor.correct(), network.correct());
  }

  /** A whole number without its ".0", anything else as it is. */
  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** The counts, or the first and last few of them when there are many. */
  private static String summarise(long[] counts) {
    if (counts.length <= 12) {
      return Arrays.toString(counts);
    }
    String head = Arrays.toString(Arrays.copyOf(counts, 5));
    String tail = Arrays.toString(Arrays.copyOfRange(counts, counts.length - 5, counts.length));
    return head.substring(0, head.length() - 1) + ", ..., " + tail.substring(1);
  }

  /** A missing or malformed data file, or a bad option value; reported without a trace. */
  static final class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
      super(message);
    }
  }
}
