package io.github.sparkbackprop.nn.recurrent;

import io.github.sparkbackprop.nn.Blas;
import io.github.sparkbackprop.nn.Layer;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.WeightInit;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The time loop that the recurrent layers share: the input projection of every step in one
 * matrix product, then per step one product with the recurrent weights and the cell's
 * element-wise maths; back-propagation through time in reverse, optionally truncated.
 *
 * <p>Input: {@code T x C} per example, where {@code C} is the number of features {@code F}, or
 * {@code F + 1} for a {@link Shape#maskedSequence}, whose last value per step is 1 for a real step
 * and 0 for padding. A padded step leaves the state as it was, outputs zeros (and its mask 0) when
 * the layer returns sequences, and receives and passes on no gradient, so it changes neither the
 * output nor any gradient.
 *
 * <p>Parameters, for {@code G} gate blocks of {@code H} units ({@code GH = G * H}): the input
 * weights {@code Wx} ({@code GH x F}, column-major), the recurrent weights {@code Wh}
 * ({@code GH x H}, column-major), then the {@code GH} biases.
 *
 * <p>Buffers, owned by the instance and grown to the largest batch seen: {@code states} holds
 * {@code h} for slots {@code 0..T} of every row ({@code (T + 1) x H} per row, slot 0 the zero
 * initial state, slot {@code t + 1} the state after step {@code t}); {@code gateValues} holds the
 * cell's gate activations per row and step ({@code T x GH} per row). With {@code bpttLength k > 0}
 * the gradient flowing back through the state is cut after every {@code k} real steps of a row,
 * counted from its end.
 */
abstract class RecurrentLayer implements Layer {
  protected final int steps;
  protected final int features;
  protected final int units;
  protected final int width;
  private final Shape inputShape;
  private final Shape outputShape;
  /** Floats per input step: the features, and the mask when masked. */
  private final int inStride;
  /** Floats per output step when returning sequences: the units, and the mask when masked. */
  private final int outStride;
  private final boolean masked;
  private final boolean sequences;
  private final int bpttLength;

  /** h per row and slot, {@code rows x (T + 1) x H}. */
  protected float[] states = new float[0];
  /** Gate pre-activations, then activations, {@code rows x T x GH}. */
  protected float[] gateValues = new float[0];
  /** {@code Wh h(t-1)} of the current step, {@code rows x GH}. */
  protected float[] recurrent = new float[0];
  /** Gradients with respect to the input projections, {@code rows x T x GH}. */
  protected float[] gateGradients = new float[0];
  /** Gradients with respect to the recurrent products of the current step, {@code rows x GH}. */
  protected float[] recurrentGradients = new float[0];
  /** The gradient with respect to h at the current step, {@code rows x H}. */
  protected float[] stateGradient = new float[0];
  /** The gradient with respect to h at the previous step, {@code rows x H}. */
  protected float[] previousStateGradient = new float[0];
  private int[] realSteps = new int[0];
  private int capacity;

  RecurrentLayer(Shape inputShape, int units, int gates, boolean sequences, int bpttLength,
      String name) {
    if (inputShape.rank() != 2) {
      throw new IllegalArgumentException(name + " takes sequences of shape steps x features"
          + " (Param inputShape, for example 28x28, or a column of array<vector>) but got shape "
          + inputShape);
    }
    this.inputShape = inputShape;
    this.masked = inputShape.masked();
    this.steps = inputShape.dim(0);
    this.inStride = inputShape.dim(1);
    this.features = masked ? inStride - 1 : inStride;
    this.units = units;
    this.width = gates * units;
    this.sequences = sequences;
    this.bpttLength = bpttLength;
    this.outStride = masked ? units + 1 : units;
    this.outputShape = !sequences ? Shape.vector(units)
        : masked ? Shape.maskedSequence(steps, units) : Shape.of(steps, units);
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return outputShape;
  }

  @Override
  public int parameterCount() {
    return width * features + width * units + width;
  }

  /** Where {@code Wh} starts, relative to the layer's offset. */
  protected final int recurrentOffset() {
    return width * features;
  }

  /** Where the biases start, relative to the layer's offset. */
  protected final int biasOffset() {
    return width * features + width * units;
  }

  @Override
  public void initialise(float[] params, int offset, SplittableRandom random) {
    WeightInit.XAVIER.fill(params, offset, width * features, features, units, random);
    WeightInit.XAVIER.fill(params, offset + recurrentOffset(), width * units, units, units,
        random);
    Arrays.fill(params, offset + biasOffset(), offset + biasOffset() + width, 0f);
  }

  /** Grows the buffers to {@code rows} examples; subclasses grow theirs in {@link #grow}. */
  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    states = new float[rows * (steps + 1) * units];
    gateValues = new float[rows * steps * width];
    recurrent = new float[rows * width];
    gateGradients = new float[rows * steps * width];
    recurrentGradients = new float[rows * width];
    stateGradient = new float[rows * units];
    previousStateGradient = new float[rows * units];
    realSteps = new int[rows];
    grow(rows);
    capacity = rows;
  }

  /** Allocates the subclass's own buffers for {@code rows} examples. */
  protected void grow(int rows) {}

  /** Offset of slot {@code slot} (0 = initial state) of row {@code r} in {@code states}. */
  protected final int slot(int r, int slot) {
    return (r * (steps + 1) + slot) * units;
  }

  /** Offset of step {@code t} of row {@code r} in {@code gateValues} and gateGradients. */
  protected final int gateOffset(int r, int t) {
    return (r * steps + t) * width;
  }

  private boolean real(float[] input, int r, int t) {
    return !masked || input[(r * steps + t) * inStride + features] > 0.5f;
  }

  @Override
  public void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training) {
    ensureCapacity(rows);
    int cells = rows * steps;
    for (int j = 0; j < cells; j++) {
      System.arraycopy(params, offset + biasOffset(), gateValues, j * width, width);
    }
    // All input projections at once: (GH x T*rows) += Wx (GH x F) X^T (F x T*rows).
    Blas.gemm(false, false, width, cells, features, 1f, params, offset, width, input, 0,
        inStride, 1f, gateValues, 0, width);
    for (int r = 0; r < rows; r++) {
      Arrays.fill(states, slot(r, 0), slot(r, 0) + units, 0f);
      resetRow(r);
    }
    for (int t = 0; t < steps; t++) {
      Blas.gemm(false, false, width, rows, units, 1f, params, offset + recurrentOffset(), width,
          states, t * units, (steps + 1) * units, 0f, recurrent, 0, width);
      for (int r = 0; r < rows; r++) {
        if (real(input, r, t)) {
          cellForward(r, t, r * width);
        } else {
          System.arraycopy(states, slot(r, t), states, slot(r, t + 1), units);
          carryRow(r, t);
        }
      }
    }
    writeOutput(input, output, rows);
  }

  private void writeOutput(float[] input, float[] output, int rows) {
    for (int r = 0; r < rows; r++) {
      if (!sequences) {
        System.arraycopy(states, slot(r, steps), output, r * units, units);
        continue;
      }
      for (int t = 0; t < steps; t++) {
        int out = (r * steps + t) * outStride;
        if (real(input, r, t)) {
          System.arraycopy(states, slot(r, t + 1), output, out, units);
        } else {
          Arrays.fill(output, out, out + units, 0f);
        }
        if (masked) {
          output[out + units] = real(input, r, t) ? 1f : 0f;
        }
      }
    }
  }

  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    Arrays.fill(stateGradient, 0, rows * units, 0f);
    Arrays.fill(realSteps, 0, rows, 0);
    startBackward(rows);
    if (!sequences) {
      System.arraycopy(gradOutput, 0, stateGradient, 0, rows * units);
    }
    for (int t = steps - 1; t >= 0; t--) {
      backwardStep(params, offset, input, gradOutput, gradient, rows, t);
      float[] swap = stateGradient;
      stateGradient = previousStateGradient;
      previousStateGradient = swap;
    }
    parameterGradients(input, gradient, offset, rows);
    if (gradInput != null) {
      inputGradient(params, offset, gradInput, rows);
    }
  }

  /** Back-propagates step {@code t}: fills its gate gradients and the previous state's. */
  private void backwardStep(float[] params, int offset, float[] input, float[] gradOutput,
      float[] gradient, int rows, int t) {
    for (int r = 0; r < rows; r++) {
      int h = r * units;
      int g = gateOffset(r, t);
      if (!real(input, r, t)) {
        Arrays.fill(gateGradients, g, g + width, 0f);
        Arrays.fill(recurrentGradients, r * width, (r + 1) * width, 0f);
        System.arraycopy(stateGradient, h, previousStateGradient, h, units);
        continue;
      }
      if (sequences) {
        int out = (r * steps + t) * outStride;
        for (int j = 0; j < units; j++) {
          stateGradient[h + j] += gradOutput[out + j];
        }
      }
      cellBackward(r, t, r * width);
      realSteps[r]++;
    }
    if (t == 0) {
      return;
    }
    int wh = offset + recurrentOffset();
    // dWh (GH x H) += E (GH x rows) h(t-1)^T (rows x H).
    Blas.gemm(false, true, width, units, rows, 1f, recurrentGradients, 0, width, states,
        t * units, (steps + 1) * units, 1f, gradient, wh, width);
    // dh(t-1) (H x rows) += Wh^T (H x GH) E (GH x rows).
    Blas.gemm(true, false, units, rows, width, 1f, params, wh, width, recurrentGradients, 0,
        width, 1f, previousStateGradient, 0, units);
    if (bpttLength > 0) {
      for (int r = 0; r < rows; r++) {
        if (real(input, r, t) && realSteps[r] % bpttLength == 0) {
          Arrays.fill(previousStateGradient, r * units, (r + 1) * units, 0f);
          cutRow(r);
        }
      }
    }
  }

  /** Adds the gradients of Wx and the biases, summed over every row and step. */
  private void parameterGradients(float[] input, float[] gradient, int offset, int rows) {
    int cells = rows * steps;
    // dWx (GH x F) += D (GH x T*rows) X (T*rows x F).
    Blas.gemm(false, true, width, features, cells, 1f, gateGradients, 0, width, input, 0,
        inStride, 1f, gradient, offset, width);
    int b = offset + biasOffset();
    for (int j = 0; j < cells; j++) {
      int base = j * width;
      for (int k = 0; k < width; k++) {
        gradient[b + k] += gateGradients[base + k];
      }
    }
  }

  private void inputGradient(float[] params, int offset, float[] gradInput, int rows) {
    int cells = rows * steps;
    // dX^T (F x T*rows) = Wx^T (F x GH) D (GH x T*rows); the mask gets no gradient.
    Blas.gemm(true, false, features, cells, width, 1f, params, offset, width, gateGradients, 0,
        width, 0f, gradInput, 0, inStride);
    if (masked) {
      for (int j = 0; j < cells; j++) {
        gradInput[j * inStride + features] = 0f;
      }
    }
  }

  /** Clears the cell's own state of row {@code r} before step 0 (the LSTM's memory). */
  protected void resetRow(int r) {}

  /** Copies the cell's own state of row {@code r} over padded step {@code t}. */
  protected void carryRow(int r, int t) {}

  /** Prepares the cell's own state gradients for a backward pass of {@code rows}. */
  protected void startBackward(int rows) {}

  /** Cuts the gradient of the cell's own state of row {@code r} (truncated BPTT). */
  protected void cutRow(int r) {}

  /**
   * Computes real step {@code t} of row {@code r}: reads the input projection at
   * {@code gateValues[gateOffset(r, t)]} and {@code recurrent[rec, rec + GH)}, writes the gate
   * activations back to gateValues and the new state to {@code states[slot(r, t + 1)]}.
   */
  protected abstract void cellForward(int r, int t, int rec);

  /**
   * Back-propagates real step {@code t} of row {@code r} from {@code stateGradient[r * H]}:
   * writes the input-projection gradients at {@code gateGradients[gateOffset(r, t)]}, the
   * recurrent-product gradients at {@code recurrentGradients[rec]} and the direct part of the
   * previous state's gradient at {@code previousStateGradient[r * H]}.
   */
  protected abstract void cellBackward(int r, int t, int rec);

  static float sigmoid(float x) {
    return 1f / (1f + (float) Math.exp(-x));
  }

  /**
   * {@code tanh(x) = 1 - 2 / (e^(2x) + 1)}: through {@link Math#exp}, which the JVM compiles to
   * a fast intrinsic, unlike {@link Math#tanh}; exact to float precision, and +-1 at the limits.
   */
  static float tanh(float x) {
    return 1f - 2f / ((float) Math.exp(2f * x) + 1f);
  }
}
