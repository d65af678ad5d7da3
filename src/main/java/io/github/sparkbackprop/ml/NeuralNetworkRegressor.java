package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.DenseSpec;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.activation.Softmax;
import io.github.sparkbackprop.nn.loss.HuberLoss;
import io.github.sparkbackprop.nn.loss.Loss;
import io.github.sparkbackprop.nn.loss.MeanSquaredError;
import io.github.sparkbackprop.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a feed-forward neural network regressor by backpropagation and mini-batch gradient
 * descent, distributed over the partitions of the training DataFrame, like
 * {@link NeuralNetworkClassifier} but with a real-valued label.
 *
 * <p>The label column holds one number per row (any numeric type), so the network ends in one
 * output unit, normally with the identity activation: {@code dense(1)}. The loss is the mean
 * squared error, or Huber's loss with {@code setLoss("huber")}, which outliers pull less. The
 * fitted {@link NeuralNetworkRegressionModel} writes the network's output to the prediction
 * column.
 *
 * <p>Training is fastest when the label is roughly centred and of unit scale: the output starts
 * near 0 and moves by about learningRate per step under Adam.
 *
 * <pre>{@code
 * NeuralNetworkRegressor nn = new NeuralNetworkRegressor()
 *     .setLayers("dense(32, relu), dense(1)")
 *     .setLoss("huber")
 *     .setMaxEpochs(50);
 * NeuralNetworkRegressionModel model = nn.fit(train);
 * }</pre>
 */
public class NeuralNetworkRegressor
    extends Regressor<Vector, NeuralNetworkRegressor, NeuralNetworkRegressionModel>
    implements RegressionParams, TrainingControlParams<NeuralNetworkRegressor>, MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String EXAMPLE_LAYERS = "dense(32, relu), dense(1)";

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
  private final Param<String> loss;
  private final DoubleParam huberDelta;
  private final List<TrainingListener> listeners = new ArrayList<>();

  public NeuralNetworkRegressor() {
    this(Identifiable$.MODULE$.randomUID("nnr"));
  }

  public NeuralNetworkRegressor(String uid) {
    this(PendingUid.publish(uid), true);
  }

  private NeuralNetworkRegressor(String uid, boolean published) {
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

  @Override
  public Param<String> loss() {
    return loss;
  }

  @Override
  public DoubleParam huberDelta() {
    return huberDelta;
  }

  /** Sets the network; a description that does not parse is refused with the reason. */
  public NeuralNetworkRegressor setLayers(String value) {
    ParamDefinitions.parseLayers(value);
    set(layers, value);
    return this;
  }

  /**
   * Sets how each feature vector is laid out, for example {@code "1x28x28"}; a value that
   * does not parse is refused with the reason.
   */
  public NeuralNetworkRegressor setInputShape(String value) {
    ParamDefinitions.parseInputShape(value);
    set(inputShape, value);
    return this;
  }

  public NeuralNetworkRegressor setMaxEpochs(int value) {
    set(maxEpochs, value);
    return this;
  }

  public NeuralNetworkRegressor setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  public NeuralNetworkRegressor setOptimizer(String value) {
    set(optimizer, value);
    return this;
  }

  public NeuralNetworkRegressor setLearningRate(double value) {
    set(learningRate, value);
    return this;
  }

  public NeuralNetworkRegressor setMomentum(double value) {
    set(momentum, value);
    return this;
  }

  public NeuralNetworkRegressor setSeed(long value) {
    set(seed, value);
    return this;
  }

  public NeuralNetworkRegressor setShuffle(boolean value) {
    set(shuffle, value);
    return this;
  }

  /** Names a numeric column of row weights (finite, >= 0); empty for weight one on every row. */
  public NeuralNetworkRegressor setWeightCol(String value) {
    set(weightCol, value);
    return this;
  }

  /** {@code error} (the default) or {@code skip} for rows with null, NaN or infinite features. */
  public NeuralNetworkRegressor setHandleInvalid(String value) {
    set(handleInvalid, value);
    return this;
  }

  /** Starts training from {@code value}, for example a fitted model's {@code weights()}. */
  public NeuralNetworkRegressor setInitialWeights(Vector value) {
    set(initialWeights, value);
    return this;
  }

  /** Starts training from {@code value}, for example a fitted model's {@code weights()}. */
  public NeuralNetworkRegressor setInitialWeights(float[] value) {
    double[] values = new double[value.length];
    for (int i = 0; i < value.length; i++) {
      values[i] = value[i];
    }
    return setInitialWeights(Vectors.dense(values));
  }

  /** {@code squaredError} (the default) or {@code huber}. */
  public NeuralNetworkRegressor setLoss(String value) {
    set(loss, value);
    return this;
  }

  /** Where Huber's loss turns from quadratic to linear, in label units (> 0). */
  public NeuralNetworkRegressor setHuberDelta(double value) {
    set(huberDelta, value);
    return this;
  }

  /**
   * Adds a callback that the driver calls after every epoch of the next fits, for progress
   * output. Listeners are not Params: they are neither copied nor saved.
   */
  public NeuralNetworkRegressor addTrainingListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  @Override
  public NeuralNetworkRegressor copy(ParamMap extra) {
    NeuralNetworkRegressor copy = defaultCopy(extra);
    copy.listeners.addAll(listeners);
    return copy;
  }

  /** Checks the Params and the columns that a fit reads, before any Spark job. */
  @Override
  public StructType transformSchema(StructType schema) {
    checkOutputLayer(NetworkFit.requireLayers(this, EXAMPLE_LAYERS));
    InputChecks.features(schema, getFeaturesCol());
    InputChecks.label(schema, getLabelCol(), false);
    InputChecks.weight(schema, getWeightCol());
    return InputChecks.sparkSchema(schema, getFeaturesCol(), super::transformSchema);
  }

  @Override
  public NeuralNetworkRegressionModel train(Dataset<?> dataset) {
    NetworkSpec spec = NetworkFit.requireLayers(this, EXAMPLE_LAYERS);
    checkOutputLayer(spec);
    // TODO(label-scale): labels far from 0 or of large spread train slowly; the fix is a
    // standardization Param that centres and scales the label before training and undoes it in
    // the model, as Spark's LinearRegression does, with huberDelta then in standardised units.
    Loss objective = "huber".equals(getLoss())
        ? new HuberLoss(getHuberDelta()) : new MeanSquaredError();
    NetworkFit.Outcome fit = NetworkFit.run(this, dataset, getFeaturesCol(), getLabelCol(), spec,
        objective, (featureSize, weightColumn) -> LabeledRows.targets(getFeaturesCol(),
            getLabelCol(), weightColumn, featureSize),
        listeners);
    return NeuralNetworkRegressionModel.create(uid, fit.architecture, fit.result.parameters(),
        fit.result.history(), fit.skippedRows)
        .withSummary(fit.result.summary());
  }

  /** The label column holds one number per row, so the network must end in one unit. */
  private static void checkOutputLayer(NetworkSpec spec) {
    // TODO(multi-target): several targets need a vector label column read into targetWidth k
    // and a vector prediction column, which Spark's Regressor (a double prediction) cannot
    // express; the fix is a separate multi-output stage on top of the same NetworkFit.
    if (spec.outputLayer() instanceof DenseSpec) {
      DenseSpec out = (DenseSpec) spec.outputLayer();
      if (out.units() == 1 && !(out.activation() instanceof Softmax)) {
        return;
      }
    }
    throw new IllegalArgumentException("Param layers: a regressor's output layer must have one"
        + " unit, for example dense(1) (identity activation), because the label column holds"
        + " one number per row; but it was " + spec.outputLayer());
  }

  @Override
  public MLWriter write() {
    return new StageIO.ParamsWriter(this);
  }

  public static MLReader<NeuralNetworkRegressor> read() {
    return new StageIO.ParamsReader<>(NeuralNetworkRegressor.class, NeuralNetworkRegressor::new);
  }

  public static NeuralNetworkRegressor load(String path) {
    return read().load(path);
  }
}
