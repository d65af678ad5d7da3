package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.optim.LearningRateSchedules;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;

/**
 * The Params of {@link TrainingControlParams} for one stage: validation, early stopping, the
 * learning-rate schedule, weight decay, clipping, checkpoints and warm start, each with its
 * documentation, validator and (in {@link #defaults}) default, stated here once.
 *
 * <p>Each stage creates one in its constructor, before it installs its defaults, and returns it
 * from {@link TrainingControlParams#trainingControls()}.
 */
public final class TrainingControls {
  final DoubleParam validationFraction;
  final Param<String> validationIndicatorCol;
  final IntParam patience;
  final DoubleParam minDelta;
  final BooleanParam restoreBestWeights;
  final Param<String> learningRateSchedule;
  final DoubleParam weightDecay;
  final DoubleParam clipNorm;
  final IntParam bpttLength;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final IntParam keepCheckpoints;
  final Param<String> initialModel;
  final IntParam localSteps;
  /**
   * The model given to {@code setInitialModel(model)}, for the architecture check; not a Param,
   * so not copied: a copy still starts from its weights (Param initialWeights) and checks their
   * count.
   */
  NeuralNetworkModel initialModelObject;

  TrainingControls(Identifiable owner) {
    validationFraction = new DoubleParam(owner, "validationFraction",
        "Fraction of the training rows, in [0, 1), held out to compute the validation loss and"
            + " metric after every epoch, chosen by a hash of seed and row position; 0 for none."
            + " Example: 0.1.", ParamValidators.inRange(0, 1, true, false));
    validationIndicatorCol = new Param<>(owner, "validationIndicatorCol",
        "Name of a boolean column that is true for validation rows, as in Spark's GBT"
            + " estimators; empty for none. Example: 'isValidation'.");
    patience = new IntParam(owner, "patience",
        "Early stopping: epochs in a row (>= 0) without an improvement of the validation loss"
            + " (the training loss without validation data) before training stops; 0 never stops"
            + " early. Example: 5.", ParamValidators.gtEq(0));
    minDelta = new DoubleParam(owner, "minDelta",
        "Early stopping: the loss must fall by more than this (>= 0) to count as an improvement."
            + " Example: 0.001.", ParamValidators.gtEq(0));
    restoreBestWeights = new BooleanParam(owner, "restoreBestWeights",
        "Whether the model gets the weights of the epoch with the lowest monitored loss rather"
            + " than the last epoch's. Example: true.");
    learningRateSchedule = new Param<>(owner, "learningRateSchedule",
        "How the learning rate changes over the epochs, with learningRate as its base: one of "
            + LearningRateSchedules.EXAMPLES + "; every schedule takes warmup=E for a linear"
            + " warm-up over E epochs. Example: 'cosine(warmup=2)'.",
        TrainingControls::isValidSchedule);
    weightDecay = new DoubleParam(owner, "weightDecay",
        "Weight decay coefficient (>= 0): decoupled from the gradient for optimizer adamw"
            + " (AdamW), L2 regularisation added to the gradient for the others. Example: 0.01.",
        ParamValidators.gtEq(0));
    clipNorm = new DoubleParam(owner, "clipNorm",
        "Largest global L2 norm of a mini-batch gradient (>= 0); larger gradients are scaled"
            + " down to it. 0 for no clipping. Example: 1.0.", ParamValidators.gtEq(0));
    bpttLength = new IntParam(owner, "bpttLength",
        "Truncated back-propagation through time (>= 0): recurrent layers (rnn, lstm, gru) pass"
            + " gradients back through at most this many time steps of a chunk, chunks counted"
            + " from each sequence's last step; above 0 it replaces every layer's own bptt=k,"
            + " 0 leaves each layer's (full back-propagation through time unless a layer sets"
            + " bptt). Example: 20.", ParamValidators.gtEq(0));
    checkpointDir = new Param<>(owner, "checkpointDir",
        "Directory on any Hadoop file system for checkpoints of the training state; a fit with"
            + " the same directory resumes from its newest complete checkpoint. Empty for none."
            + " One fit at a time per directory. Example: 'hdfs:///runs/7/checkpoints'.");
    checkpointInterval = new IntParam(owner, "checkpointInterval",
        "Epochs (>= 1) between checkpoints; the last epoch is always checkpointed. Example: 5.",
        ParamValidators.gtEq(1));
    keepCheckpoints = new IntParam(owner, "keepCheckpoints",
        "How many of the newest checkpoints (>= 1) stay in checkpointDir. Example: 2.",
        ParamValidators.gtEq(1));
    initialModel = new Param<>(owner, "initialModel",
        "Path of a saved model of the same network to continue training from (warm start);"
            + " empty for none. Example: '/models/last-week'.");
    localSteps = new IntParam(owner, "localSteps",
        "Mini-batch steps (>= 1) per Spark job. With 1 every step is exact mini-batch descent;"
            + " with more, each task takes that many steps on its own share of each mini-batch,"
            + " starting from the broadcast weights, and the driver averages the tasks' weights"
            + " and optimizer states: fewer jobs, so less of Spark's fixed cost per job, but the"
            + " result depends on the partitioning. Example: 8.", ParamValidators.gtEq(1));
  }

  /** The defaults of these Params. */
  ParamMap defaults() {
    return new ParamMap()
        .put(validationFraction, 0.0)
        .put(validationIndicatorCol, "")
        .put(patience, 0)
        .put(minDelta, 0.0)
        .put(restoreBestWeights, false)
        .put(learningRateSchedule, "constant")
        .put(weightDecay, 0.0)
        .put(clipNorm, 0.0)
        .put(bpttLength, 0)
        .put(checkpointDir, "")
        .put(checkpointInterval, 1)
        .put(keepCheckpoints, 2)
        .put(initialModel, "")
        .put(localSteps, 1);
  }

  private static boolean isValidSchedule(String value) {
    try {
      LearningRateSchedules.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
