package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.activation.Activations;
import io.github.sparkbackprop.optim.Optimizers;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;

/**
 * The one place where each Param of the neural network stages gets its name, documentation,
 * validator and default. Every estimator and model creates its Param fields here, passing itself
 * as the owner, and installs {@link #defaults} in its constructor.
 */
final class ParamDefinitions {
  /** Values of Param handleInvalid. */
  static final List<String> HANDLE_INVALID = List.of("error", "skip");
  /** Values of the regressor's Param loss, spelt as Spark's LinearRegression spells them. */
  static final List<String> REGRESSION_LOSSES = List.of("squaredError", "huber");

  /**
   * Any fixed value would do; every stage shares this one, so that a classifier and a regressor
   * with default Params start a given network from the same weights.
   */
  static final long DEFAULT_SEED = NeuralNetworkParams.class.getName().hashCode();

  private ParamDefinitions() {}

  static Param<String> layers(Identifiable owner) {
    return new Param<>(owner, "layers",
        "The layers after the input, in order, separated by commas; the last is the output layer."
            + " A layer is dense(units, activation) with units > 0 and activation one of "
            + String.join(", ", Activations.NAMES) + " (identity when left out);"
            + " for images (see inputShape) also conv(filters, kernel, stride=1,"
            + " padding=valid|same,"
            + " activation=identity), maxpool(size, stride=size), avgpool(size, stride=size) and"
            + " flatten; for sequences (see inputShape) rnn(units), lstm(units) and gru(units),"
            + " with sequences=true to return every step's state for a following recurrent layer;"
            + " dropout(rate) with rate in [0, 1) drops values in training only;"
            + " batchnorm(activation=identity, momentum=0.9, epsilon=1e-5) normalises each"
            + " channel or feature, with batch statistics in training and running ones after;"
            + " the layer types are " + NetworkSpec.layerTypes() + "."
            + " A classifier ends in dense(k, softmax) for k classes or dense(1, sigmoid) for two;"
            + " a regressor ends in dense(1), one output for the one number of its label column."
            + " Example: 'dense(256, relu), dense(128, relu), dense(10, softmax)'.",
        ParamDefinitions::isValidLayers);
  }

  static Param<String> inputShape(Identifiable owner) {
    return new Param<>(owner, "inputShape",
        "How the values of a feature vector are laid out: sizes separated by 'x', such as"
            + " channels x height x width for images, the last varying fastest; their product must"
            + " equal the vector size. Convolution and pooling layers need an image shape. Empty"
            + " for a flat vector, or for a column of Spark's image data source the images' own"
            + " shape. Recurrent layers need steps x features: '28x28' reads a vector"
            + " of 784 as 28 time steps of 28; for a column of array<vector> it is optional and"
            + " gives the most steps and the features per step."
            + " Example: '1x28x28' for 28 x 28 grey images stored row by row.",
        ParamDefinitions::isValidInputShape);
  }

  static IntParam maxEpochs(Identifiable owner) {
    return new IntParam(owner, "maxEpochs",
        "Passes over the training data (> 0); each visits every row once. Example: 10.",
        ParamValidators.gt(0));
  }

  static IntParam batchSize(Identifiable owner) {
    return new IntParam(owner, "batchSize",
        "Rows per mini-batch over all partitions (> 0), one optimizer step each: 1 gives"
            + " stochastic gradient descent, at least the row count gives batch gradient descent,"
            + " anything between mini-batch descent. Example: 128.",
        ParamValidators.gt(0));
  }

  static Param<String> optimizer(Identifiable owner) {
    return new Param<>(owner, "optimizer",
        "The update rule, one of " + String.join(", ", Optimizers.NAMES) + ". Example: adam.",
        ParamValidators.<String>inArray(Optimizers.NAMES));
  }

  static DoubleParam learningRate(Identifiable owner) {
    return new DoubleParam(owner, "learningRate",
        "Step size of the optimizer (> 0). Example: 0.001 for adam, 0.05 for sgd.",
        ParamValidators.gt(0));
  }

  static DoubleParam momentum(Identifiable owner) {
    return new DoubleParam(owner, "momentum",
        "Fraction of the previous update kept by the momentum and nesterov optimizers, in [0, 1)."
            + " Example: 0.9.",
        ParamValidators.inRange(0, 1, true, false));
  }

  static LongParam seed(Identifiable owner) {
    return new LongParam(owner, "seed",
        "Random seed for the initial weights and the order of rows in each epoch. Example: 7.");
  }

  static BooleanParam shuffle(Identifiable owner) {
    return new BooleanParam(owner, "shuffle",
        "Whether each epoch visits the rows in a fresh order drawn from the seed. Example: true.");
  }

  static Param<String> weightCol(Identifiable owner) {
    return new Param<>(owner, "weightCol",
        "Name of a numeric column of row weights, each finite and >= 0, that scale each row's"
            + " loss and gradient (a weight of 2 counts the row twice); empty for weight 1 on"
            + " every row. Example: 'weight'.");
  }

  static Param<String> handleInvalid(Identifiable owner) {
    return new Param<>(owner, "handleInvalid",
        "What to do with rows whose feature vector is null or holds NaN or an infinity, one of "
            + String.join(", ", HANDLE_INVALID) + ": 'error' fails naming the row, 'skip' leaves"
            + " such rows out of training (the model records how many) and out of the output of"
            + " transform. Labels and weights are always checked. Example: skip.",
        ParamValidators.<String>inArray(HANDLE_INVALID));
  }

  static Param<Vector> initialWeights(Identifiable owner) {
    return new Param<>(owner, "initialWeights",
        "Weights to start training from instead of drawing them from the seed: the flat"
            + " parameter array of the network, as a trained model's weights() returns it, whose"
            + " length must equal the network's parameter count. Example: a model's weights, to"
            + " train it further.");
  }

  static Param<String> loss(Identifiable owner) {
    return new Param<>(owner, "loss",
        "The regression loss, one of " + String.join(", ", REGRESSION_LOSSES) + ": squaredError"
            + " for the mean squared error, huber for Huber's loss, quadratic for residuals up to"
            + " huberDelta and linear beyond, which outliers pull less. Example: huber.",
        ParamValidators.<String>inArray(REGRESSION_LOSSES));
  }

  static DoubleParam huberDelta(Identifiable owner) {
    return new DoubleParam(owner, "huberDelta",
        "The residual size (> 0, in label units) where Huber's loss turns from quadratic to"
            + " linear; used when loss is huber. Example: 1.0.",
        ParamValidators.gt(0));
  }

  /** The default of every Param that has one; layers and initialWeights have none. */
  static ParamMap defaults(NeuralNetworkParams stage) {
    ParamMap defaults = new ParamMap()
        .put(stage.maxEpochs(), 10)
        .put(stage.batchSize(), 128)
        .put(stage.optimizer(), "adam")
        .put(stage.learningRate(), 0.001)
        .put(stage.momentum(), 0.9)
        .put(stage.seed(), DEFAULT_SEED)
        .put(stage.shuffle(), true)
        .put(stage.weightCol(), "")
        .put(stage.handleInvalid(), "error")
        .put(stage.inputShape(), "");
    if (stage instanceof RegressionParams) {
      RegressionParams regression = (RegressionParams) stage;
      defaults.put(regression.loss(), "squaredError").put(regression.huberDelta(), 1.0);
    }
    if (stage instanceof TrainingControlParams) {
      defaults.put(((TrainingControlParams<?>) stage).trainingControls().defaults().toList());
    }
    return defaults;
  }

  private static boolean isValidInputShape(String value) {
    try {
      if (!value.isEmpty()) {
        Shape.parse(value);
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The shape of one example from Param inputShape, or a vector of {@code featureSize} when it is
   * empty.
   *
   * @throws IllegalArgumentException when the shape does not hold {@code featureSize} values
   */
  static Shape inputShape(NeuralNetworkParams stage, int featureSize) {
    String value = stage.getInputShape();
    if (value.isEmpty()) {
      return Shape.vector(featureSize);
    }
    Shape shape = Shape.parse(value);
    if (shape.size() != featureSize) {
      throw new IllegalArgumentException("Param inputShape " + shape + " holds " + shape.size()
          + " values but the feature vectors have " + featureSize);
    }
    return shape;
  }

  /** Parses a value for Param inputShape, naming the Param when it does not parse. */
  static void parseInputShape(String value) {
    try {
      if (!value.isEmpty()) {
        Shape.parse(value);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Param inputShape: " + e.getMessage(), e);
    }
  }

  private static boolean isValidLayers(String value) {
    try {
      NetworkSpec.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Parses a value for Param layers, naming the Param when it does not parse. */
  static NetworkSpec parseLayers(String value) {
    try {
      return NetworkSpec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Param layers: " + e.getMessage(), e);
    }
  }
}
