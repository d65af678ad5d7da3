package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.optim.Optimizers;
import io.github.sparkbackprop.train.Blocks;
import io.github.sparkbackprop.train.DistributedTrainer;
import io.github.sparkbackprop.train.ExampleReader;
import io.github.sparkbackprop.train.PartitionBlock;
import io.github.sparkbackprop.train.TrainingConfig;
import io.github.sparkbackprop.train.TrainingListener;
import io.github.sparkbackprop.train.TrainingResult;
import io.github.sparkbackprop.train.ValidationSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of {@code train()} that the classifier and the regressor share: reading the rows,
 * leaving out invalid ones, building and checking the network, stacking the rows into blocks and
 * running the distributed trainer. What differs, the loss and how labels are read, comes in as
 * arguments.
 */
final class NetworkFit {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkFit.class);

  private NetworkFit() {}

  /** What a fit produced, for the estimator to wrap in its model. */
  static final class Outcome {
    final Architecture architecture;
    final TrainingResult result;
    /** Rows left out by handleInvalid = skip. */
    final long skippedRows;

    Outcome(Architecture architecture, TrainingResult result, long skippedRows) {
      this.architecture = architecture;
      this.result = result;
      this.skippedRows = skippedRows;
    }
  }

  /** Makes the reader of training rows, once the feature size is known. */
  @FunctionalInterface
  interface Labels {
    /** {@code weightColumn} is null when every row weighs one. */
    LabeledRows reader(int featureSize, String weightColumn);
  }

  /** The network of Param layers, which must be set; {@code example} shows a typical value. */
  static NetworkSpec requireLayers(NeuralNetworkParams stage, String example) {
    if (!stage.isDefined(stage.layers())) {
      throw new IllegalArgumentException("Param layers must be set, for example setLayers(\""
          + example + "\")");
    }
    return ParamDefinitions.parseLayers(stage.getLayers());
  }

  /** The trainer's settings from the stage's Params. */
  static TrainingConfig trainingConfig(NeuralNetworkParams stage) {
    return new TrainingConfig(stage.getBatchSize(), stage.getMaxEpochs(), stage.getSeed(),
        Optimizers.byName(stage.getOptimizer(), stage.getMomentum()), stage.getLearningRate(),
        stage.getShuffle());
  }

  /**
   * Trains {@code spec} with {@code loss} on the {@code featuresCol} and {@code labelCol} columns
   * of {@code dataset}, whose schema the estimator has checked.
   */
  static Outcome run(NeuralNetworkParams stage, Dataset<?> dataset, String featuresCol,
      String labelCol, NetworkSpec spec, Loss loss, Labels labels,
      List<TrainingListener> listeners) {
    String weightCol = stage.getWeightCol().isEmpty() ? null : stage.getWeightCol();
    String indicatorCol = FitControls.indicatorColumn(stage, dataset.schema());
    Dataset<Row> rows = select(dataset, featuresCol, labelCol, weightCol, indicatorCol);
    boolean images = ImageFeatures.isImageColumn(dataset.schema(), featuresCol);
    boolean sequences = SequenceColumns.isSequence(dataset.schema(), featuresCol);
    Shape inputShape = images ? ImageFeatures.fitShape(stage, rows, featuresCol)
        : sequences ? SequenceColumns.measure(rows, featuresCol, stage.getInputShape())
        : inputShape(stage, featuresCol, featureSize(dataset, rows, featuresCol));
    int featureSize = inputShape.size();
    Architecture architecture = architecture(FitControls.truncated(stage, spec), inputShape, loss);
    float[] initial = FitControls.initialWeights(stage, architecture,
        () -> initialWeights(stage, architecture), dataset.sparkSession(), modelClass(stage));
    TrainingConfig config = FitControls.config(stage, trainingConfig(stage));

    long skipped = 0;
    if ("skip".equals(stage.getHandleInvalid())) {
      // Rows are left out before Blocks numbers them, so that every epoch still visits each
      // kept row exactly once.
      // TODO(skip-count): counting costs one more pass over the input; the fix is for
      // Blocks.stack to report the rows it drops, counted once per partition in its own job.
      skipped = rows.filter((FilterFunction<Row>) r -> !FeatureVectors.usable(r, 0)).count();
      rows = rows.filter((FilterFunction<Row>) r -> FeatureVectors.usable(r, 0));
      LOG.info("{}: handleInvalid=skip leaves out {} rows whose '{}' is null or not finite",
          stage.uid(), skipped, featuresCol);
    }
    LOG.info("{}: fitting {} with {}", stage.uid(), architecture, config);
    LabeledRows labelled = labels.reader(featureSize, weightCol);
    ExampleReader reader = images ? labelled.images(inputShape)
        : sequences ? labelled.withSequences(inputShape) : labelled;
    Dataset<Row> kept = rows;
    ValidationSplit split = reportingBadRows(() -> FitControls.split(stage, kept, reader,
        indicatorCol, weightCol == null ? 2 : 3));
    Blocks.StackedData data = split != null ? split.training() : stack(rows, reader);
    try {
      checkNotEmpty(data, skipped, featuresCol);
      if (weightCol != null) {
        checkSomeWeight(data, weightCol);
      }
      DistributedTrainer trainer = new DistributedTrainer(architecture, config);
      listeners.forEach(trainer::addListener);
      TrainingResult result =
          trainer.fit(data, split == null ? null : split.validation(), initial);
      return new Outcome(architecture, result, skipped);
    } finally {
      if (split != null) {
        split.release();
      } else {
        data.release();
      }
    }
  }

  /** The model class an estimator makes, whose saved form Param initialModel names. */
  private static Class<?> modelClass(NeuralNetworkParams stage) {
    return stage instanceof RegressionParams ? NeuralNetworkRegressionModel.class
        : NeuralNetworkClassificationModel.class;
  }

  /**
   * Stacks the rows, reporting a bad row as the {@link IllegalArgumentException} that its task
   * raised, naming the row, rather than as Spark's job failure around it.
   */
  private static Blocks.StackedData stack(Dataset<Row> rows, ExampleReader reader) {
    return reportingBadRows(() -> Blocks.stack(rows, reader));
  }

  /** Runs {@code action}, which stacks rows, reporting a bad row as {@link #stack} does. */
  private static <T> T reportingBadRows(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof IllegalArgumentException) {
          throw new IllegalArgumentException(cause.getMessage(), e);
        }
      }
      throw e;
    }
  }

  /**
   * Features, the label as a double, when set the weight as a double and when set the validation
   * indicator, in that order.
   */
  private static Dataset<Row> select(Dataset<?> dataset, String featuresCol, String labelCol,
      String weightCol, String indicatorCol) {
    List<Column> columns = new ArrayList<>();
    columns.add(dataset.col(featuresCol));
    columns.add(dataset.col(labelCol).cast("double"));
    if (weightCol != null) {
      columns.add(dataset.col(weightCol).cast("double"));
    }
    if (indicatorCol != null) {
      columns.add(dataset.col(indicatorCol));
    }
    return dataset.select(columns.toArray(new Column[0]));
  }

  /** The size of the feature vectors, from the column's metadata or else the first row. */
  private static int featureSize(Dataset<?> dataset, Dataset<Row> rows, String featuresCol) {
    int fromMetadata = InputChecks.metadataSize(dataset.schema(), featuresCol);
    if (fromMetadata >= 0) {
      return fromMetadata;
    }
    List<Row> first = rows.select(featuresCol)
        .where(functions.col(featuresCol).isNotNull())
        .limit(1)
        .collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException(rows.isEmpty() ? "The training DataFrame has no rows"
          : "The training DataFrame has no row with a feature vector in column '" + featuresCol
              + "': every value is null");
    }
    return ((Vector) first.get(0).get(0)).size();
  }

  /** {@link ParamDefinitions#inputShape}, naming the features column when the sizes differ. */
  private static Shape inputShape(NeuralNetworkParams stage, String featuresCol,
      int featureSize) {
    try {
      return ParamDefinitions.inputShape(stage, featureSize);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Column '" + featuresCol + "' (Param featuresCol): "
          + e.getMessage(), e);
    }
  }

  private static Architecture architecture(NetworkSpec spec, Shape input, Loss loss) {
    try {
      return new Architecture(spec, input, loss);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Param layers: the network '" + spec + "' cannot take "
          + input.size() + " features of shape " + input + ": " + e.getMessage(), e);
    }
  }

  /** Param initialWeights when set, checked against the network, or weights from the seed. */
  private static float[] initialWeights(NeuralNetworkParams stage, Architecture architecture) {
    if (!stage.isDefined(stage.initialWeights())) {
      return architecture.initialParameters(stage.getSeed());
    }
    double[] given = stage.getInitialWeights().toArray();
    if (given.length != architecture.parameterCount()) {
      throw new IllegalArgumentException("Param initialWeights has " + given.length
          + " values but the network " + architecture + " needs " + architecture.parameterCount());
    }
    float[] weights = new float[given.length];
    for (int i = 0; i < given.length; i++) {
      weights[i] = (float) given[i];
      if (!Float.isFinite(weights[i])) {
        throw new IllegalArgumentException("Param initialWeights holds " + given[i]
            + " at index " + i + "; every weight must be a finite float");
      }
    }
    return weights;
  }

  private static void checkNotEmpty(Blocks.StackedData data, long skipped, String featuresCol) {
    if (data.rows() > 0) {
      return;
    }
    if (skipped > 0) {
      throw new IllegalArgumentException("No training rows are left: handleInvalid=skip left out"
          + " all " + skipped + " rows, whose column '" + featuresCol + "' is null or holds NaN"
          + " or an infinity");
    }
    throw new IllegalArgumentException("The training DataFrame has no rows");
  }

  private static void checkSomeWeight(Blocks.StackedData data, String weightCol) {
    double total = data.blocks().map(NetworkFit::weightSum).fold(0.0, Double::sum);
    if (!(total > 0)) {
      throw new IllegalArgumentException("Column '" + weightCol + "' (Param weightCol) gives"
          + " every one of the " + data.rows() + " rows weight 0; at least one row needs a"
          + " positive weight");
    }
  }

  private static double weightSum(PartitionBlock block) {
    double sum = 0;
    for (float w : block.weights()) {
      sum += w;
    }
    return sum;
  }
}
