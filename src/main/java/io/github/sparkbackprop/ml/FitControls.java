package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.recurrent.RecurrentSpec;
import io.github.sparkbackprop.optim.LearningRateSchedules;
import io.github.sparkbackprop.optim.Optimizers;
import io.github.sparkbackprop.train.CheckpointSettings;
import io.github.sparkbackprop.train.EarlyStopping;
import io.github.sparkbackprop.train.ExampleReader;
import io.github.sparkbackprop.train.TrainingConfig;
import io.github.sparkbackprop.train.ValidationSplit;
import io.github.sparkbackprop.train.WarmStart;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the Params of {@link TrainingControlParams} change in a fit: the trainer's settings, the
 * validation rows and the starting weights. Stages without those Params train as before.
 */
final class FitControls {
  private FitControls() {}

  /** {@code base} with the schedule, weight decay, clipping, early stopping and checkpoints. */
  static TrainingConfig config(NeuralNetworkParams stage, TrainingConfig base) {
    if (!(stage instanceof TrainingControlParams)) {
      return base;
    }
    TrainingControlParams<?> c = (TrainingControlParams<?>) stage;
    String directory = c.getCheckpointDir().isEmpty() ? null : c.getCheckpointDir();
    return base
        .withUpdateRule(Optimizers.updateRule(stage.getOptimizer(), stage.getMomentum(),
            c.getWeightDecay(), c.getClipNorm()))
        .withSchedule(LearningRateSchedules.parse(c.getLearningRateSchedule()))
        .withEarlyStopping(new EarlyStopping(c.getPatience(), c.getMinDelta(),
            c.getRestoreBestWeights()))
        .withLocalSteps(c.getLocalSteps())
        .withCheckpoints(directory == null ? CheckpointSettings.none()
            : new CheckpointSettings(directory, c.getCheckpointInterval(),
                c.getKeepCheckpoints()));
  }

  /**
   * {@code spec} with its recurrent layers truncated to Param bpttLength when that is above 0;
   * otherwise each layer keeps the {@code bptt=k} of its own description.
   */
  static NetworkSpec truncated(NeuralNetworkParams stage, NetworkSpec spec) {
    if (!(stage instanceof TrainingControlParams)) {
      return spec;
    }
    int length = ((TrainingControlParams<?>) stage).getBpttLength();
    return length > 0 ? RecurrentSpec.truncated(spec, length) : spec;
  }

  /**
   * The column of Param validationIndicatorCol, or null when it is empty. Refuses it together with
   * validationFraction, and a column that is not boolean.
   */
  static String indicatorColumn(NeuralNetworkParams stage, StructType schema) {
    if (!(stage instanceof TrainingControlParams)) {
      return null;
    }
    TrainingControlParams<?> c = (TrainingControlParams<?>) stage;
    String column = c.getValidationIndicatorCol();
    if (column.isEmpty()) {
      return null;
    }
    if (c.getValidationFraction() > 0) {
      throw new IllegalStateException("Params validationFraction (" + c.getValidationFraction()
          + ") and validationIndicatorCol ('" + column + "') are both set; set one of them");
    }
    if (!InputChecks.column(schema, column, "validationIndicatorCol").dataType()
        .equals(DataTypes.BooleanType)) {
      throw new IllegalArgumentException("Column '" + column + "' (Param validationIndicatorCol)"
          + " must be of type boolean but was actually "
          + schema.apply(column).dataType().catalogString());
    }
    return column;
  }

  /**
   * The training and validation blocks when the stage asks for validation, or null. The
   * indicator, when used, is the column at {@code indicatorIndex} of {@code rows}.
   */
  static ValidationSplit split(NeuralNetworkParams stage, Dataset<Row> rows,
      ExampleReader reader, String indicatorCol, int indicatorIndex) {
    if (indicatorCol != null) {
      return ValidationSplit.byIndicator(rows, reader, indicatorIndex, indicatorCol);
    }
    if (stage instanceof TrainingControlParams
        && ((TrainingControlParams<?>) stage).getValidationFraction() > 0) {
      return ValidationSplit.byFraction(rows, reader,
          ((TrainingControlParams<?>) stage).getValidationFraction(), stage.getSeed());
    }
    return null;
  }

  /**
   * The weights to start from: the model of Param initialModel (or of setInitialModel) checked
   * against {@code architecture}, otherwise {@code fallback}'s.
   */
  static float[] initialWeights(NeuralNetworkParams stage, Architecture architecture,
      Supplier<float[]> fallback, SparkSession spark, Class<?> modelClass) {
    if (!(stage instanceof TrainingControlParams)) {
      return fallback.get();
    }
    TrainingControls controls = ((TrainingControlParams<?>) stage).trainingControls();
    String path = ((TrainingControlParams<?>) stage).getInitialModel();
    if (!path.isEmpty()) {
      if (stage.isSet(stage.initialWeights())) {
        throw new IllegalStateException("Params initialModel ('" + path + "') and"
            + " initialWeights are both set; set one of them");
      }
      NetworkModelIO.Saved saved = NetworkModelIO.load(spark, path, modelClass);
      return WarmStart.weights(architecture, saved.architecture, saved.weights, path);
    }
    NeuralNetworkModel model = controls.initialModelObject;
    if (model != null) {
      return WarmStart.weights(architecture, model.architecture(), model.weights(), model.uid());
    }
    return fallback.get();
  }
}
