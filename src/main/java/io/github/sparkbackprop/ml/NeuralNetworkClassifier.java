package io.github.sparkbackprop.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.DenseSpec;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.activation.Activations;
import io.github.sparkbackprop.nn.activation.Sigmoid;
import io.github.sparkbackprop.nn.activation.Softmax;
import io.github.sparkbackprop.nn.loss.BinaryCrossEntropy;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import io.github.sparkbackprop.optim.Optimizers;
import io.github.sparkbackprop.train.Blocks;
import io.github.sparkbackprop.train.DistributedTrainer;
import io.github.sparkbackprop.train.TrainingConfig;
import io.github.sparkbackprop.train.TrainingListener;
import io.github.sparkbackprop.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a feed-forward neural network classifier by backpropagation and mini-batch gradient
 * descent, distributed over the partitions of the training DataFrame.
 *
 * <p>Each step broadcasts the weights, lets every partition back-propagate its rows of the
 * mini-batch, sums the gradients on the driver and applies one optimizer step. The fitted
 * {@link NeuralNetworkClassificationModel} runs the forward pass only.
 *
 * <pre>{@code
 * NeuralNetworkClassifier nn = new NeuralNetworkClassifier()
 *     .setLayers("dense(128, relu), dense(10, softmax)")
 *     .setMaxEpochs(10)
 *     .setBatchSize(128);
 * NeuralNetworkClassificationModel model = nn.fit(train);
 * }</pre>
 */
public class NeuralNetworkClassifier
    extends ProbabilisticClassifier<Vector, NeuralNetworkClassifier, NeuralNetworkClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NeuralNetworkClassifier.class);

  private final String uid;
  private final Param<String> layers;
  private final IntParam maxEpochs;
  private final IntParam batchSize;
  private final Param<String> optimizer;
  private final DoubleParam learningRate;
  private final DoubleParam momentum;
  private final LongParam seed;
  private final BooleanParam shuffle;
  private final List<TrainingListener> listeners = new ArrayList<>();

  public NeuralNetworkClassifier() {
    this(Identifiable$.MODULE$.randomUID("nnc"));
  }

  public NeuralNetworkClassifier(String uid) {
    this(PendingUid.publish(uid), true);
  }

  private NeuralNetworkClassifier(String uid, boolean published) {
    this.uid = uid;
    PendingUid.clear();
    layers = new Param<>(this, "layers",
        "The layers after the input, in order, separated by commas; the last is the output layer."
            + " A layer is dense(units, activation) with activation one of "
            + String.join(", ", Activations.NAMES)
            + ". The output layer is dense(k, softmax) for k classes or dense(1, sigmoid) for two."
            + " Example: 'dense(256, relu), dense(128, relu), dense(10, softmax)'.",
        NeuralNetworkClassifier::isValidLayers);
    maxEpochs = new IntParam(this, "maxEpochs",
        "Passes over the training data (> 0); each visits every row once. Example: 10.",
        ParamValidators.gt(0));
    batchSize = new IntParam(this, "batchSize",
        "Rows per mini-batch over all partitions (> 0), one optimizer step each: 1 gives"
            + " stochastic gradient descent, at least the row count gives batch gradient descent,"
            + " anything between mini-batch descent. Example: 128.",
        ParamValidators.gt(0));
    optimizer = new Param<>(this, "optimizer",
        "The update rule, one of " + String.join(", ", Optimizers.NAMES) + ". Example: adam.",
        ParamValidators.<String>inArray(Optimizers.NAMES));
    learningRate = new DoubleParam(this, "learningRate",
        "Step size of the optimizer (> 0). Example: 0.001 for adam, 0.05 for sgd.",
        ParamValidators.gt(0));
    momentum = new DoubleParam(this, "momentum",
        "Fraction of the previous update kept by the momentum and nesterov optimizers, in [0, 1)."
            + " Example: 0.9.",
        ParamValidators.inRange(0, 1, true, false));
    seed = new LongParam(this, "seed",
        "Random seed for the initial weights and the order of rows in each epoch.");
    shuffle = new BooleanParam(this, "shuffle",
        "Whether each epoch visits the rows in a fresh order drawn from the seed.");
    setDefault(maxEpochs, 10);
    setDefault(batchSize, 128);
    setDefault(optimizer, "adam");
    setDefault(learningRate, 0.001);
    setDefault(momentum, 0.9);
    setDefault(seed, (long) NeuralNetworkClassifier.class.getName().hashCode());
    setDefault(shuffle, true);
  }

  private static boolean isValidLayers(String value) {
    try {
      NetworkSpec.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  public Param<String> layers() {
    return layers;
  }

  public IntParam maxEpochs() {
    return maxEpochs;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public Param<String> optimizer() {
    return optimizer;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public DoubleParam momentum() {
    return momentum;
  }

  public LongParam seed() {
    return seed;
  }

  public BooleanParam shuffle() {
    return shuffle;
  }

  public String getLayers() {
    return $(layers);
  }

  public int getMaxEpochs() {
    return (Integer) $(maxEpochs);
  }

  public int getBatchSize() {
    return (Integer) $(batchSize);
  }

  public String getOptimizer() {
    return $(optimizer);
  }

  public double getLearningRate() {
    return (Double) $(learningRate);
  }

  public double getMomentum() {
    return (Double) $(momentum);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public boolean getShuffle() {
    return (Boolean) $(shuffle);
  }

  /** Sets the network; a description that does not parse is refused with the reason. */
  public NeuralNetworkClassifier setLayers(String value) {
    NetworkSpec.parse(value);
    set(layers, value);
    return this;
  }

  public NeuralNetworkClassifier setMaxEpochs(int value) {
    set(maxEpochs, value);
    return this;
  }

  public NeuralNetworkClassifier setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  public NeuralNetworkClassifier setOptimizer(String value) {
    set(optimizer, value);
    return this;
  }

  public NeuralNetworkClassifier setLearningRate(double value) {
    set(learningRate, value);
    return this;
  }

  public NeuralNetworkClassifier setMomentum(double value) {
    set(momentum, value);
    return this;
  }

  public NeuralNetworkClassifier setSeed(long value) {
    set(seed, value);
    return this;
  }

  public NeuralNetworkClassifier setShuffle(boolean value) {
    set(shuffle, value);
    return this;
  }

  /**
   * Adds a callback that the driver calls after every epoch of the next fits, for progress
   * output. Listeners are not Params: they are neither copied nor saved.
   */
  public NeuralNetworkClassifier addTrainingListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public NeuralNetworkClassifier copy(ParamMap extra) {
    NeuralNetworkClassifier copy = defaultCopy(extra);
    copy.listeners.addAll(listeners);
    return copy;
  }

  @Override
  public NeuralNetworkClassificationModel train(Dataset<?> dataset) {
    if (!isDefined(layers)) {
      throw new IllegalArgumentException("Param layers must be set, for example "
          + "setLayers(\"dense(128, relu), dense(10, softmax)\")");
    }
    NetworkSpec spec = NetworkSpec.parse(getLayers());
    int numClasses = outputClasses(spec);
    checkLabelMetadata(dataset, numClasses);
    Dataset<Row> rows = dataset.select(dataset.col(getFeaturesCol()), dataset.col(getLabelCol()));
    int featureSize = featureSize(rows);
    Loss loss = numClasses == 2 && spec.outputLayer() instanceof DenseSpec
        && ((DenseSpec) spec.outputLayer()).units() == 1
        ? new BinaryCrossEntropy() : new SoftmaxCrossEntropy();
    Architecture architecture = new Architecture(spec, Shape.vector(featureSize), loss);
    TrainingConfig config = new TrainingConfig(getBatchSize(), getMaxEpochs(), getSeed(),
        Optimizers.byName(getOptimizer(), getMomentum()), getLearningRate(), getShuffle());
    LOG.info("{}: fitting {} with {}", uid, architecture, config);

    Blocks.StackedData data = Blocks.stack(rows,
        new ClassificationExamples(getFeaturesCol(), getLabelCol(), featureSize, numClasses));
    try {
      DistributedTrainer trainer = new DistributedTrainer(architecture, config);
      listeners.forEach(trainer::addListener);
      TrainingResult result = trainer.fit(data, architecture.initialParameters(getSeed()));
      return NeuralNetworkClassificationModel.create(uid, architecture, result.parameters(),
          numClasses, result.history());
    } finally {
      data.release();
    }
  }

  /** Classes the output layer predicts: k for dense(k, softmax), 2 for dense(1, sigmoid). */
  private static int outputClasses(NetworkSpec spec) {
    if (spec.outputLayer() instanceof DenseSpec) {
      DenseSpec out = (DenseSpec) spec.outputLayer();
      if (out.activation() instanceof Softmax && out.units() >= 2) {
        return out.units();
      }
      if (out.activation() instanceof Sigmoid && out.units() == 1) {
        return 2;
      }
    }
    throw new IllegalArgumentException("Param layers: a classifier's output layer must be "
        + "dense(k, softmax) with k >= 2 classes or dense(1, sigmoid) for two classes, but was "
        + spec.outputLayer());
  }

  /** Refuses a label column whose metadata names a different number of classes. */
  private void checkLabelMetadata(Dataset<?> dataset, int numClasses) {
    StructField field = dataset.schema().apply(getLabelCol());
    Attribute attribute = Attribute.fromStructField(field);
    if (attribute instanceof NominalAttribute) {
      NominalAttribute nominal = (NominalAttribute) attribute;
      if (nominal.getNumValues().isDefined() && (Integer) nominal.getNumValues().get() != numClasses) {
        throw new IllegalArgumentException("Column '" + getLabelCol() + "' has "
            + nominal.getNumValues().get() + " classes in its metadata but the output layer of"
            + " Param layers predicts " + numClasses);
      }
    }
  }

  /** The size of the feature vectors, from the column's metadata or else the first row. */
  private int featureSize(Dataset<Row> rows) {
    int fromMetadata = AttributeGroup.fromStructField(rows.schema().apply(getFeaturesCol())).size();
    if (fromMetadata >= 0) {
      return fromMetadata;
    }
    List<Row> first = rows.select(getFeaturesCol()).na().drop().limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("The training DataFrame has no rows with column '"
          + getFeaturesCol() + "' set");
    }
    return ((Vector) first.get(0).get(0)).size();
  }

  @Override
  public MLWriter write() {
    return new EstimatorWriter(this);
  }

  public static MLReader<NeuralNetworkClassifier> read() {
    return new EstimatorReader();
  }

  public static NeuralNetworkClassifier load(String path) {
    return read().load(path);
  }

  private static final class EstimatorWriter extends MLWriter {
    private final NeuralNetworkClassifier stage;

    EstimatorWriter(NeuralNetworkClassifier stage) {
      this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      StageIO.writeAtomically(spark, path, dir -> StageIO.writeMetadata(dir,
          StageIO.metadata(stage, spark), spark.sparkContext().hadoopConfiguration()));
    }
  }

  private static final class EstimatorReader extends MLReader<NeuralNetworkClassifier> {
    @Override
    public NeuralNetworkClassifier load(String path) {
      JsonNode metadata = StageIO.readMetadata(path, NeuralNetworkClassifier.class,
          sparkSession().sparkContext().hadoopConfiguration());
      NeuralNetworkClassifier stage = new NeuralNetworkClassifier(metadata.path("uid").asText());
      StageIO.applyParams(stage, metadata);
      return stage;
    }
  }
}
