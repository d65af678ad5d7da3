package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.train.EpochStats;
import io.github.sparkbackprop.train.TrainingSummary;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A trained neural network regressor: a Transformer that runs the forward pass only and writes
 * the network's single output to the {@code prediction} column.
 *
 * <p>{@link #transform} scores each partition in blocks of {@value BlockScorer#BLOCK_ROWS} rows,
 * one matrix product per layer. The model carries the training Params of the estimator that
 * fitted it; of those, only handleInvalid changes what transform does.
 */
public class NeuralNetworkRegressionModel
    extends RegressionModel<Vector, NeuralNetworkRegressionModel>
    implements RegressionParams, TrainingControlParams<NeuralNetworkRegressionModel>,
        NeuralNetworkModel, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> layers;
  private final Param<String> inputShape;
  private final IntParam maxEpochs;
  private final IntParam batchSize;
  private final Param<String> optimizer;
  private final DoubleParam learningRate;
  private final DoubleParam momentum;
  private final LongParam seed;
  private final BooleanParam shuffle;
  private final Param<String> weightCol;
  private final Param<String> handleInvalid;
  private final Param<Vector> initialWeights;
  private final TrainingControls trainingControls;
  /** The summary of the fit that made this model; null when it has none. */
  private TrainingSummary summary;
  private final Param<String> loss;
  private final DoubleParam huberDelta;
  private final Architecture architecture;
  private final float[] weights;
  private final List<EpochStats> history;
  private final long skippedRows;

  private NeuralNetworkRegressionModel(String uid, Architecture architecture, float[] weights,
      List<EpochStats> history, long skippedRows) {
    this.uid = uid;
    PendingUid.clear();
    layers = ParamDefinitions.layers(this);
    inputShape = ParamDefinitions.inputShape(this);
    maxEpochs = ParamDefinitions.maxEpochs(this);
    batchSize = ParamDefinitions.batchSize(this);
    optimizer = ParamDefinitions.optimizer(this);
    learningRate = ParamDefinitions.learningRate(this);
    momentum = ParamDefinitions.momentum(this);
    seed = ParamDefinitions.seed(this);
    shuffle = ParamDefinitions.shuffle(this);
    weightCol = ParamDefinitions.weightCol(this);
    handleInvalid = ParamDefinitions.handleInvalid(this);
    initialWeights = ParamDefinitions.initialWeights(this);
    trainingControls = new TrainingControls(this);
    loss = ParamDefinitions.loss(this);
    huberDelta = ParamDefinitions.huberDelta(this);
    setDefault(ParamDefinitions.defaults(this).toSeq());
    setDefault(layers, architecture.spec().toString());
    this.architecture = architecture;
    this.weights = weights;
    this.history = List.copyOf(history);
    this.skippedRows = skippedRows;
  }

  static NeuralNetworkRegressionModel create(String uid, Architecture architecture,
      float[] weights, List<EpochStats> history, long skippedRows) {
    return new NeuralNetworkRegressionModel(PendingUid.publish(uid), architecture, weights,
        history, skippedRows);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public Param<String> layers() {
    return layers;
  }

  @Override
  public Param<String> inputShape() {
    return inputShape;
  }

  @Override
  public IntParam maxEpochs() {
    return maxEpochs;
  }

  @Override
  public IntParam batchSize() {
    return batchSize;
  }

  @Override
  public Param<String> optimizer() {
    return optimizer;
  }

  @Override
  public DoubleParam learningRate() {
    return learningRate;
  }

  @Override
  public DoubleParam momentum() {
    return momentum;
  }

  @Override
  public LongParam seed() {
    return seed;
  }

  @Override
  public BooleanParam shuffle() {
    return shuffle;
  }

  @Override
  public Param<String> weightCol() {
    return weightCol;
  }

  @Override
  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  @Override
  public TrainingControls trainingControls() {
    return trainingControls;
  }

  @Override
  public boolean hasSummary() {
    return summary != null;
  }

  @Override
  public TrainingSummary summary() {
    if (summary == null) {
      throw new NoSuchElementException("The model " + uid() + " has no training summary; models"
          + " saved before summaries existed have none");
    }
    return summary;
  }

  /** Attaches the summary of the fit that made this model, or null; returns this. */
  NeuralNetworkRegressionModel withSummary(TrainingSummary value) {
    this.summary = value;
    return this;
  }

  @Override
  public Param<Vector> initialWeights() {
    return initialWeights;
  }

  @Override
  public Param<String> loss() {
    return loss;
  }

  @Override
  public DoubleParam huberDelta() {
    return huberDelta;
  }

  /**
   * {@code error} fails transform on a row whose features are null, NaN or infinite;
   * {@code skip} leaves such rows out of its output.
   */
  public NeuralNetworkRegressionModel setHandleInvalid(String value) {
    set(handleInvalid, value);
    return this;
  }

  /** The network's layers, input shape and loss. */
  public Architecture architecture() {
    return architecture;
  }

  /** A copy of the flat weight array, in the layout the network's layers define. */
  public float[] weights() {
    return weights.clone();
  }

  /** Per-epoch training statistics of the fit that produced this model; empty after loading. */
  public List<EpochStats> trainingHistory() {
    return history;
  }

  /** Training rows that handleInvalid = skip left out of the fit; kept when saved. */
  public long skippedRows() {
    return skippedRows;
  }

  @Override
  public int numFeatures() {
    return architecture.inputShape().size();
  }

  /** Scores one row; {@link #transform} is much faster for many rows. */
  @Override
  public double predict(Vector features) {
    SequenceColumns.checkSingleVector(architecture.inputShape());
    float[] input = new float[numFeatures()];
    FeatureVectors.read(RowFactory.create(features), 0, getFeaturesCol(), numFeatures(), 0,
        input, 0);
    return architecture.newNetwork(1).predictRaw(weights, input, 1)[0];
  }

  /** Also refuses a features column whose metadata gives vectors of the wrong size. */
  @Override
  public StructType transformSchema(StructType schema) {
    InputChecks.features(schema, getFeaturesCol());
    InputChecks.featureSize(schema, getFeaturesCol(), numFeatures());
    SequenceColumns.checkScoringColumn(schema, getFeaturesCol(), architecture.inputShape());
    return InputChecks.sparkSchema(schema, getFeaturesCol(), super::transformSchema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema());
    if (getPredictionCol().isEmpty()) {
      return dataset.toDF();
    }
    SparkSession spark = dataset.sparkSession();
    Broadcast<float[]> broadcast = spark.sparkContext()
        .broadcast(weights, scala.reflect.ClassTag$.MODULE$.apply(float[].class));
    BlockScorer scorer = new BlockScorer(architecture, broadcast, dataset.schema(), outputSchema,
        getFeaturesCol(), "skip".equals(getHandleInvalid()),
        new RegressionOutput(outputSchema, getPredictionCol()));
    return dataset.toDF().mapPartitions(scorer, Encoders.row(outputSchema));
  }

  @Override
  public NeuralNetworkRegressionModel copy(ParamMap extra) {
    NeuralNetworkRegressionModel copy =
        create(uid, architecture, weights, history, skippedRows).withSummary(summary);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public String toString() {
    return "NeuralNetworkRegressionModel: uid=" + uid + ", layers=" + architecture.spec()
        + ", numFeatures=" + numFeatures() + ", loss=" + architecture.loss().name()
        + ", parameters=" + weights.length;
  }

  @Override
  public MLWriter write() {
    return new ModelWriter(this);
  }

  public static MLReader<NeuralNetworkRegressionModel> read() {
    return new ModelReader();
  }

  public static NeuralNetworkRegressionModel load(String path) {
    return read().load(path);
  }

  private static final class ModelWriter extends MLWriter {
    private final NeuralNetworkRegressionModel model;

    ModelWriter(NeuralNetworkRegressionModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      NetworkModelIO.save(sparkSession(), path, model, model.architecture, model.weights,
          model.summary, network -> network.put("skippedRows", model.skippedRows));
    }
  }

  private static final class ModelReader extends MLReader<NeuralNetworkRegressionModel> {
    @Override
    public NeuralNetworkRegressionModel load(String path) {
      NetworkModelIO.Saved saved =
          NetworkModelIO.load(sparkSession(), path, NeuralNetworkRegressionModel.class);
      if (saved.architecture.outputShape().size() != 1) {
        throw new IllegalArgumentException("The model at " + path + " has "
            + saved.architecture.outputShape().size() + " outputs but a regression model has 1");
      }
      NeuralNetworkRegressionModel model = create(saved.uid(), saved.architecture,
          saved.weights, saved.history(), saved.network.path("skippedRows").asLong(0))
          .withSummary(saved.summary);
      StageIO.applyParams(model, saved.metadata);
      return model;
    }
  }
}
