package io.github.sparkbackprop.nn;

import io.github.sparkbackprop.nn.activation.Activation;
import io.github.sparkbackprop.nn.activation.Activations;
import io.github.sparkbackprop.nn.activation.Elu;
import io.github.sparkbackprop.nn.activation.LeakyRelu;
import java.util.List;
import java.util.Locale;

/**
 * Batch normalisation (Ioffe and Szegedy, "Batch Normalization: Accelerating Deep Network
 * Training by Reducing Internal Covariate Shift", ICML 2015) and its activation, written
 * {@code batchnorm(activation=identity, momentum=0.9, epsilon=1e-5)}, for example
 * {@code conv(16, 3, padding=same), batchnorm(relu), maxpool(2)}.
 *
 * <p>After a convolution it normalises each channel over the rows and positions of the batch,
 * after a dense layer each feature over the rows. Each channel then gets a learned scale and
 * shift. When scoring, and in validation, it uses running statistics: after every training step
 * {@code running = momentum * running + (1 - momentum) * batch}. The input must be a vector or an
 * image; the shape is kept. See {@link BatchNormLayer} for the maths and the parameter layout.
 */
public final class BatchNormSpec implements LayerSpec {
  private static final long serialVersionUID = 1L;

  /** The default share of the old running statistics kept at each step. */
  public static final float DEFAULT_MOMENTUM = 0.9f;
  /** The default constant added to the variance before its square root. */
  public static final float DEFAULT_EPSILON = 1e-5f;

  private final Activation activation;
  private final float momentum;
  private final float epsilon;

  public BatchNormSpec(Activation activation, float momentum, float epsilon) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "batchnorm: momentum must be in [0, 1) but was " + momentum);
    }
    if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "batchnorm: epsilon must be a finite number > 0 but was " + epsilon);
    }
    this.activation = activation;
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  /** Reads {@code activation, momentum, epsilon, alpha} from the parsed arguments. */
  static BatchNormSpec fromArgs(LayerArgs args) {
    String activationName = args.optionalWord("activation", 0);
    Float momentum = args.optionalFloat("momentum", 1);
    Float epsilon = args.optionalFloat("epsilon", 2);
    Float alpha = args.optionalFloat("alpha", 3);
    args.checkAllUsed();
    Activation activation =
        Activations.byName(activationName == null ? "identity" : activationName, alpha);
    if (alpha != null && !(activation instanceof LeakyRelu) && !(activation instanceof Elu)) {
      throw new IllegalArgumentException(
          "batchnorm: 'alpha' applies to leakyrelu and elu only, not " + activation.name());
    }
    return new BatchNormSpec(activation, momentum == null ? DEFAULT_MOMENTUM : momentum,
        epsilon == null ? DEFAULT_EPSILON : epsilon);
  }

  public Activation activation() {
    return activation;
  }

  public float momentum() {
    return momentum;
  }

  public float epsilon() {
    return epsilon;
  }

  @Override
  public List<Layer> build(Shape input) {
    if (input.rank() != 1 && input.rank() != 3) {
      throw new IllegalArgumentException("batchnorm needs a vector of features or an image of"
          + " channels x height x width, but its input has shape " + input);
    }
    BatchNormLayer norm = new BatchNormLayer(input, momentum, epsilon);
    return List.of(norm, new ActivationLayer(input, activation));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("batchnorm(")
        .append(activation.name().toLowerCase(Locale.ROOT));
    if (activation instanceof LeakyRelu) {
      sb.append(", alpha=").append(((LeakyRelu) activation).alpha());
    } else if (activation instanceof Elu) {
      sb.append(", alpha=").append(((Elu) activation).alpha());
    }
    if (momentum != DEFAULT_MOMENTUM) {
      sb.append(", momentum=").append(momentum);
    }
    if (epsilon != DEFAULT_EPSILON) {
      sb.append(", epsilon=").append(epsilon);
    }
    return sb.append(')').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchNormSpec && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
