package io.github.sparkbackprop.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/** The Params of {@link NeuralNetworkRegressor} and its model beyond the shared ones. */
public interface RegressionParams extends NeuralNetworkParams {

  /** {@code squaredError} (the default) or {@code huber}. */
  Param<String> loss();

  /** Where Huber's loss turns from quadratic to linear, in label units. */
  DoubleParam huberDelta();

  default String getLoss() {
    return getOrDefault(loss());
  }

  default double getHuberDelta() {
    return (Double) getOrDefault(huberDelta());
  }
}
