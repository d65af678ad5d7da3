package io.github.sparkbackprop.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkbackprop.data.HadoopConf;
import io.github.sparkbackprop.jobs.TrainJob.JobInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Scores a table with a saved model and writes the predictions as Parquet: the batch-scoring
 * main class for spark-submit and {@code jobs/score.sh}.
 *
 * <p>The model is any saved Spark ML model, a {@code PipelineModel} or a single stage such as
 * a {@code NeuralNetworkClassificationModel}; its class is read from its metadata. The input is
 * Parquet or CSV on any Hadoop path. The model directory, the input and the columns are checked
 * before any rows are read; such errors end with exit code {@value TrainJob#EXIT_BAD_INPUT} and
 * a message, without a stack trace.
 *
 * <pre>{@code
 * jobs/score.sh --model hdfs:///models/fmnist/model --input hdfs:///incoming/2024-05-01.parquet \
 *     --output hdfs:///scores/2024-05-01 --keep id --predictions prediction,probability
 * }</pre>
 */
@Command(name = "score", sortOptions = false, usageHelpAutoWidth = true,
    description = "Scores a Parquet or CSV table with a saved model or PipelineModel and writes"
        + " the kept input columns and the prediction columns to Parquet.")
public final class ScoreJob implements Callable<Integer> {

  private static final String APP_NAME = "spark-backprop score";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--model", paramLabel = "DIR", required = true,
      description = "A saved model or PipelineModel, any Hadoop path.")
  private String model;

  @Option(names = "--input", paramLabel = "PATH", required = true,
      description = "The table to score, any Hadoop path.")
  private String input;

  @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "parquet",
      description = "parquet or csv. Default: ${DEFAULT-VALUE}.")
  private String inputFormat;

  @Option(names = "--csv-header", paramLabel = "BOOLEAN", defaultValue = "true", arity = "1",
      description = "Whether a CSV file's first line names its columns (else they are _c0,"
          + " _c1, ...). Default: ${DEFAULT-VALUE}.")
  private boolean csvHeader;

  @Option(names = "--feature-cols", paramLabel = "COLS", defaultValue = "",
      description = "Numeric input columns, comma-separated, to assemble into the vector column"
          + " --features-col before scoring; * for all but those --keep names (give --keep a"
          + " list, such as the id and the label, for that). Default: none, the input or the"
          + " pipeline provides that column.")
  private String featureCols;

  @Option(names = "--features-col", paramLabel = "COL", defaultValue = "features",
      description = "The vector column that --feature-cols fills. Default: ${DEFAULT-VALUE}.")
  private String featuresCol;

  @Option(names = "--keep", paramLabel = "COLS", defaultValue = "*",
      description = "Input columns, comma-separated, copied to the output before the"
          + " predictions; * for all, an empty value for none. Default: ${DEFAULT-VALUE}.")
  private String keep;

  @Option(names = "--predictions", paramLabel = "COLS", defaultValue = "prediction",
      description = "Columns the model adds, comma-separated, written after the kept ones,"
          + " for example prediction,probability. Default: ${DEFAULT-VALUE}.")
  private String predictions;

  @Option(names = "--output", paramLabel = "DIR", required = true,
      description = "Where the Parquet predictions go, any Hadoop path.")
  private String output;

  @Option(names = "--overwrite", description = "Replaces an existing output. Default: refuse.")
  private boolean overwrite;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master, used only when spark-submit sets none."
          + " Default: ${DEFAULT-VALUE}.")
  private String master;

  @Option(names = "--help", usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  /** What a finished run wrote: the number of rows, the output path and its columns. */
  public record Outcome(long rows, String outputPath, List<String> columns) {
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line of a fresh job. */
  static CommandLine commandLine() {
    return new CommandLine(new ScoreJob()).setExecutionExceptionHandler(ScoreJob::handleFailure);
  }

  private static int handleFailure(Exception e, CommandLine cmd, ParseResult parsed)
      throws Exception {
    if (e instanceof JobInputException) {
      cmd.getErr().println("score: " + e.getMessage());
      return TrainJob.EXIT_BAD_INPUT;
    }
    throw e;
  }

  /**
   * Parses {@code args} as {@link #main} does and runs the job in a session that the caller owns
   * and that stays open.
   *
   * @param out where the summary line goes
   * @throws JobInputException if the model, the input or a column is wrong
   * @throws CommandLine.ParameterException if {@code args} do not parse
   */
  public static Outcome run(SparkSession spark, PrintStream out, String... args) {
    ScoreJob job = new ScoreJob();
    new CommandLine(job).parseArgs(args);
    return job.execute(spark, job.checkedModelClass(), out);
  }

  @Override
  public Integer call() {
    String modelClass = checkedModelClass();
    SparkSession spark = JobSession.create(APP_NAME, master);
    try {
      execute(spark, modelClass, System.out);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Checks the options, the model and the input, before Spark starts; gives the model class. */
  private String checkedModelClass() {
    TableInput.Format.byKey(inputFormat, "--input-format");
    TableInput.checkExists(input, "--input");
    if (!overwrite && TableInput.exists(output, "--output")) {
      throw new JobInputException("--output " + output + " exists already; choose another path"
          + " or add --overwrite");
    }
    return modelClass(model);
  }

  private Outcome execute(SparkSession spark, String modelClass, PrintStream out) {
    Dataset<Row> rows = TableInput.read(spark,
        TableInput.Format.byKey(inputFormat, "--input-format"), input, csvHeader);
    StructType inputSchema = rows.schema();
    List<String> kept = TableInput.columnList(keep, inputSchema, null);
    for (String name : kept) {
      TableInput.field(inputSchema, name, "--keep");
    }
    List<String> assembled = TableInput.columnList(featureCols, inputSchema, null);
    if (featureCols.trim().equals("*") && !keep.trim().equals("*")) {
      // Columns kept for the output (an id, the label) are not features.
      assembled.removeAll(kept);
    }
    if (!assembled.isEmpty()) {
      rows = TableInput.withFeatures(rows, featuresCol, assembled, "--feature-cols");
    }
    Dataset<Row> scored = transformed(load(modelClass, model), rows);
    List<String> added = TableInput.columnList(predictions, scored.schema(), null);
    if (added.isEmpty()) {
      throw new JobInputException("--predictions must name at least one column the model adds,"
          + " for example prediction");
    }
    for (String name : added) {
      TableInput.field(scored.schema(), name, "--predictions");
    }
    Set<String> columns = new LinkedHashSet<>(kept);
    columns.addAll(added);
    write(scored.selectExpr(quoted(columns)));
    long written = spark.read().parquet(output).count();
    out.println(String.format(Locale.ROOT, "scored %d rows with %s into %s (columns %s)",
        written, model, output, String.join(", ", columns)));
    return new Outcome(written, output, List.copyOf(columns));
  }

  /**
   * {@code model} applied to {@code rows}; a schema the model refuses (a missing or mistyped
   * column) is bad input, reported by its message.
   */
  private static Dataset<Row> transformed(Transformer model, Dataset<Row> rows) {
    try {
      return model.transform(rows);
    } catch (Exception e) {
      if (e instanceof IllegalArgumentException || e instanceof AnalysisException) {
        throw new JobInputException("The model cannot score --input: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /**
   * Writes {@code scored} as Parquet into a new sibling of {@code output} and renames it into
   * place, so that a failed run leaves nothing at {@code output} (and, with --overwrite, the old
   * output untouched).
   */
  private void write(Dataset<Row> scored) {
    Path target = new Path(output);
    Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp-"
        + UUID.randomUUID());
    Configuration conf = scored.sparkSession().sparkContext().hadoopConfiguration();
    try {
      FileSystem fs = target.getFileSystem(conf);
      boolean moved = false;
      try {
        scored.write().mode(SaveMode.ErrorIfExists).parquet(temp.toString());
        if (fs.exists(target)) {
          if (!overwrite) {
            throw new JobInputException("--output " + output + " appeared while scoring");
          }
          fs.delete(target, true);
        }
        moved = fs.rename(temp, target);
        if (!moved) {
          throw new IOException("renaming " + temp + " to " + target + " failed");
        }
      } finally {
        if (!moved && fs.exists(temp)) {
          fs.delete(temp, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the predictions to " + output + " failed", e);
    }
  }


  private static String[] quoted(Set<String> columns) {
    return columns.stream().map(name -> "`" + name.replace("`", "``") + "`")
        .toArray(String[]::new);
  }

  /**
   * The class that a saved stage's metadata names: the first line of the first
   * {@code metadata/part-*} file (Spark 4 names it {@code part-00000-<id>.txt}, this library
   * {@code part-00000}).
   *
   * @throws JobInputException if the directory holds no saved Spark ML stage
   */
  static String modelClass(String dir) {
    Path metadata = new Path(dir, "metadata");
    try {
      FileSystem fs = metadata.getFileSystem(HadoopConf.beforeSpark());
      FileStatus[] parts = fs.exists(metadata)
          ? fs.listStatus(metadata, path -> path.getName().startsWith("part-"))
          : new FileStatus[0];
      if (parts.length == 0) {
        throw new JobInputException("--model " + dir + " holds no saved model: "
            + metadata + " has no part- file");
      }
      Arrays.sort(parts, Comparator.comparing(status -> status.getPath().getName()));
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(fs.open(parts[0].getPath()), StandardCharsets.UTF_8))) {
        JsonNode className = JSON.readTree(reader.readLine()).get("class");
        if (className == null || !className.isTextual()) {
          throw new JobInputException("--model " + dir + ": " + parts[0].getPath()
              + " names no class");
        }
        return className.asText();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the metadata in " + metadata + " failed", e);
    }
  }

  /**
   * Loads the stage saved in {@code dir} through the static {@code load(String)} of its class,
   * which every Spark ML stage that can be saved has.
   *
   * @throws JobInputException if the class is unknown here or not a Transformer
   */
  static Transformer load(String className, String dir) {
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new JobInputException("--model " + dir + " was saved by class " + className
          + ", which is not on the class path");
    }
    if (!Transformer.class.isAssignableFrom(type)) {
      throw new JobInputException("--model " + dir + " holds a " + className
          + ", which is not a model (a Transformer) that can score rows");
    }
    try {
      Method load = type.getMethod("load", String.class);
      return (Transformer) load.invoke(null, dir);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new JobInputException("--model " + dir + ": class " + className
          + " has no public static load(String)");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("loading " + dir + " failed", cause);
    }
  }
}
