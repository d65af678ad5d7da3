package io.github.sparkbackprop.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params that make a fit fit for scheduled retraining: validation after every epoch, early
 * stopping, learning-rate schedules, weight decay, gradient clipping, checkpoints with resume, and
 * warm start from a saved model. {@link TrainingControls} defines them.
 *
 * <p>A stage implements this with itself as {@code S}, creates its {@link TrainingControls} in its
 * constructor before installing defaults, and returns it from {@link #trainingControls()}; the
 * accessors, getters and setters below need nothing more.
 *
 * @param <S> the stage's own type, which the setters return
 */
public interface TrainingControlParams<S extends TrainingControlParams<S>> extends Params {

  /** The stage's Params of this interface. */
  TrainingControls trainingControls();

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /** Fraction of rows held out for validation; 0 for none. */
  default DoubleParam validationFraction() {
    return trainingControls().validationFraction;
  }

  /** Boolean column marking validation rows; empty for none. */
  default Param<String> validationIndicatorCol() {
    return trainingControls().validationIndicatorCol;
  }

  /** Epochs without improvement before early stopping; 0 for never. */
  default IntParam patience() {
    return trainingControls().patience;
  }

  /** Smallest fall of the loss that counts as an improvement. */
  default DoubleParam minDelta() {
    return trainingControls().minDelta;
  }

  /** Whether the model keeps the best epoch's weights. */
  default BooleanParam restoreBestWeights() {
    return trainingControls().restoreBestWeights;
  }

  /** The learning-rate schedule, for example {@code cosine(warmup=2)}. */
  default Param<String> learningRateSchedule() {
    return trainingControls().learningRateSchedule;
  }

  /** Weight decay: decoupled for adamw, L2 for the other optimizers. */
  default DoubleParam weightDecay() {
    return trainingControls().weightDecay;
  }

  /** Mini-batch steps per Spark job; 1 for exact mini-batch descent. */
  default IntParam localSteps() {
    return trainingControls().localSteps;
  }

  /** Largest global norm of a gradient; 0 for no clipping. */
  default DoubleParam clipNorm() {
    return trainingControls().clipNorm;
  }

  /** Steps of truncated back-propagation through time; 0 for full. */
  default IntParam bpttLength() {
    return trainingControls().bpttLength;
  }

  /** Directory of checkpoints on any Hadoop file system; empty for none. */
  default Param<String> checkpointDir() {
    return trainingControls().checkpointDir;
  }

  /** Epochs between checkpoints. */
  default IntParam checkpointInterval() {
    return trainingControls().checkpointInterval;
  }

  /** Checkpoints kept. */
  default IntParam keepCheckpoints() {
    return trainingControls().keepCheckpoints;
  }

  /** Path of a saved model to continue from; empty for none. */
  default Param<String> initialModel() {
    return trainingControls().initialModel;
  }

  default double getValidationFraction() {
    return (Double)getOrDefault(validationFraction());
  }

  default S setValidationFraction(double value) {
    set(validationFraction(), value);
    return self();
  }

  default String getValidationIndicatorCol() {
    return getOrDefault(validationIndicatorCol());
  }

  default S setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return self();
  }

  default int getPatience() {
    return (Integer)getOrDefault(patience());
  }

  default S setPatience(int value) {
    set(patience(), value);
    return self();
  }

  default double getMinDelta() {
    return (Double)getOrDefault(minDelta());
  }

  default S setMinDelta(double value) {
    set(minDelta(), value);
    return self();
  }

  default boolean getRestoreBestWeights() {
    return (Boolean)getOrDefault(restoreBestWeights());
  }

  default S setRestoreBestWeights(boolean value) {
    set(restoreBestWeights(), value);
    return self();
  }

  default String getLearningRateSchedule() {
    return getOrDefault(learningRateSchedule());
  }

  default S setLearningRateSchedule(String value) {
    set(learningRateSchedule(), value);
    return self();
  }

  default double getWeightDecay() {
    return (Double)getOrDefault(weightDecay());
  }

  default S setWeightDecay(double value) {
    set(weightDecay(), value);
    return self();
  }

  default int getLocalSteps() {
    return (Integer) getOrDefault(localSteps());
  }

  default S setLocalSteps(int value) {
    set(localSteps(), value);
    return self();
  }

  default double getClipNorm() {
    return (Double)getOrDefault(clipNorm());
  }

  default S setClipNorm(double value) {
    set(clipNorm(), value);
    return self();
  }

  default int getBpttLength() {
    return (Integer) getOrDefault(bpttLength());
  }

  /** Truncates back-propagation through time to {@code value} steps; 0 for full. */
  default S setBpttLength(int value) {
    set(bpttLength(), value);
    return self();
  }

  default String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  default S setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return self();
  }

  default int getCheckpointInterval() {
    return (Integer)getOrDefault(checkpointInterval());
  }

  default S setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return self();
  }

  default int getKeepCheckpoints() {
    return (Integer)getOrDefault(keepCheckpoints());
  }

  default S setKeepCheckpoints(int value) {
    set(keepCheckpoints(), value);
    return self();
  }

  default String getInitialModel() {
    return getOrDefault(initialModel());
  }

  default S setInitialModel(String value) {
    set(initialModel(), value);
    return self();
  }

  /**
   * Starts the next fits from {@code model}'s weights (warm start); the fit checks that its
   * network is the model's. Sets Param initialWeights, so a copy of this stage also starts from
   * those weights, checked by their count only.
   */
  default S setInitialModel(NeuralNetworkModel model) {
    float[] weights = model.weights();
    double[] values = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      values[i] = weights[i];
    }
    if (this instanceof NeuralNetworkParams) {
      NeuralNetworkParams stage = (NeuralNetworkParams) this;
      set(stage.initialWeights(), org.apache.spark.ml.linalg.Vectors.dense(values));
    }
    trainingControls().initialModelObject = model;
    return self();
  }
}
