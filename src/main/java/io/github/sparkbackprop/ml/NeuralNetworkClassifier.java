package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.DenseSpec;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.activation.Sigmoid;
import io.github.sparkbackprop.nn.activation.Softmax;
import io.github.sparkbackprop.nn.loss.BinaryCrossEntropy;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import io.github.sparkbackprop.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a feed-forward neural network classifier by backpropagation and mini-batch gradient
 * descent, distributed over the partitions of the training DataFrame.
 *
 * <p>Each step broadcasts the weights, lets every partition back-propagate its rows of the
 * mini-batch, sums the gradients on the driver and applies one optimizer step. The fitted
 * {@link NeuralNetworkClassificationModel} runs the forward pass only.
 *
 * <p>The label column holds class indices 0 to k-1 in any numeric type (StringIndexer makes them
 * from strings). The number of classes comes from the output layer, {@code dense(k, softmax)}
 * or {@code dense(1, sigmoid)} for two, never from the labels seen, and must agree with the
 * label column's metadata when it has some. It shares its training Params with
 * {@link NeuralNetworkRegressor} ({@link NeuralNetworkParams}); {@code explainParams()} prints
 * each one's documentation.
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
    extends ProbabilisticClassifier<Vector, NeuralNetworkClassifier,
        NeuralNetworkClassificationModel>
    implements NeuralNetworkParams, TrainingControlParams<NeuralNetworkClassifier>, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String EXAMPLE_LAYERS = "dense(128, relu), dense(10, softmax)";

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
    setDefault(ParamDefinitions.defaults(this).toSeq());
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
  public Param<Vector> initialWeights() {
    return initialWeights;
  }

  /** Sets the network; a description that does not parse is refused with the reason. */
  public NeuralNetworkClassifier setLayers(String value) {
    ParamDefinitions.parseLayers(value);
    set(layers, value);
    return this;
  }

  /**
   * Sets how each feature vector is laid out, for example {@code "1x28x28"}; a value that
   * does not parse is refused with the reason.
   */
  public NeuralNetworkClassifier setInputShape(String value) {
    ParamDefinitions.parseInputShape(value);
    set(inputShape, value);
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

  /** Names a numeric column of row weights (finite, >= 0); empty for weight one on every row. */
  public NeuralNetworkClassifier setWeightCol(String value) {
    set(weightCol, value);
    return this;
  }

  /** {@code error} (the default) or {@code skip} for rows with null, NaN or infinite features. */
  public NeuralNetworkClassifier setHandleInvalid(String value) {
    set(handleInvalid, value);
    return this;
  }

  /** Starts training from {@code value}, for example a fitted model's {@code weights()}. */
  public NeuralNetworkClassifier setInitialWeights(Vector value) {
    set(initialWeights, value);
    return this;
  }

  /** Starts training from {@code value}, for example a fitted model's {@code weights()}. */
  public NeuralNetworkClassifier setInitialWeights(float[] value) {
    double[] values = new double[value.length];
    for (int i = 0; i < value.length; i++) {
      values[i] = value[i];
    }
    return setInitialWeights(Vectors.dense(values));
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

  /**
   * Checks the Params and the columns that a fit reads, before any Spark job: the network, the
   * type of every column, and the number of classes in the label's metadata when it has some.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    int numClasses = outputClasses(NetworkFit.requireLayers(this, EXAMPLE_LAYERS));
    InputChecks.features(schema, getFeaturesCol());
    InputChecks.label(schema, getLabelCol(), true);
    InputChecks.weight(schema, getWeightCol());
    checkLabelMetadata(schema, numClasses);
    return InputChecks.sparkSchema(schema, getFeaturesCol(), super::transformSchema);
  }

  @Override
  public NeuralNetworkClassificationModel train(Dataset<?> dataset) {
    NetworkSpec spec = NetworkFit.requireLayers(this, EXAMPLE_LAYERS);
    int numClasses = outputClasses(spec);
    Loss loss = ((DenseSpec) spec.outputLayer()).units() == 1
        ? new BinaryCrossEntropy() : new SoftmaxCrossEntropy();
    NetworkFit.Outcome fit = NetworkFit.run(this, dataset, getFeaturesCol(), getLabelCol(), spec,
        loss, (featureSize, weightColumn) -> LabeledRows.classes(getFeaturesCol(), getLabelCol(),
            weightColumn, featureSize, numClasses),
        listeners);
    return NeuralNetworkClassificationModel.create(uid, fit.architecture,
        fit.result.parameters(), numClasses, fit.result.history(), fit.skippedRows)
        .withSummary(fit.result.summary());
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

  /**
   * Refuses a label column whose metadata (from StringIndexer, for example) names a different
   * number of classes than the output layer predicts.
   */
  private void checkLabelMetadata(StructType schema, int numClasses) {
    Attribute attribute =
        Attribute.fromStructField(InputChecks.column(schema, getLabelCol(), "labelCol"));
    int fromMetadata = -1;
    if (attribute instanceof BinaryAttribute) {
      fromMetadata = 2;
    } else if (attribute instanceof NominalAttribute
        && ((NominalAttribute) attribute).getNumValues().isDefined()) {
      fromMetadata = (Integer) ((NominalAttribute) attribute).getNumValues().get();
    }
    if (fromMetadata >= 0 && fromMetadata != numClasses) {
      throw new IllegalArgumentException("Column '" + getLabelCol() + "' (Param labelCol) has "
          + fromMetadata + " classes in its metadata but the output layer "
          + "of Param layers predicts " + numClasses + "; make the output layer dense("
          + fromMetadata + ", softmax)" + (fromMetadata == 2 ? " or dense(1, sigmoid)" : ""));
    }
  }

  @Override
  public MLWriter write() {
    return new StageIO.ParamsWriter(this);
  }

  public static MLReader<NeuralNetworkClassifier> read() {
    return new StageIO.ParamsReader<>(NeuralNetworkClassifier.class, NeuralNetworkClassifier::new);
  }

  public static NeuralNetworkClassifier load(String path) {
    return read().load(path);
  }
}
