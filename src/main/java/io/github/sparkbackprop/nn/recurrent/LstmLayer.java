package io.github.sparkbackprop.nn.recurrent;

import io.github.sparkbackprop.nn.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Long short-term memory (Hochreiter and Schmidhuber, 1997, with the forget gate of Gers et al.,
 * 2000), written {@code lstm(units)}: four gate blocks in the order input {@code i}, forget
 * {@code f}, candidate {@code g}, output {@code o}.
 *
 * <p>{@code c(t) = f * c(t-1) + i * g}, {@code h(t) = o * tanh(c(t))}, with sigmoid gates and a
 * tanh candidate. The forget-gate biases start at 1, so that memory is kept early in training.
 */
final class LstmLayer extends RecurrentLayer {
  /** The memory c per row and slot, laid out like {@code states}. */
  private float[] cells = new float[0];
  /** tanh(c) per row and slot, kept from the forward pass for the backward one. */
  private float[] cellTanh = new float[0];
  /** The gradient with respect to c at the current step, {@code rows x H}. */
  private float[] cellGradient = new float[0];

  LstmLayer(Shape input, int units, boolean sequences, int bpttLength) {
    super(input, units, 4, sequences, bpttLength, "lstm");
  }

  @Override
  public void initialise(float[] params, int offset, SplittableRandom random) {
    super.initialise(params, offset, random);
    int forget = offset + biasOffset() + units;
    Arrays.fill(params, forget, forget + units, 1f);
  }

  @Override
  protected void grow(int rows) {
    cells = new float[states.length];
    cellTanh = new float[states.length];
    cellGradient = new float[rows * units];
  }

  @Override
  protected void resetRow(int r) {
    Arrays.fill(cells, slot(r, 0), slot(r, 0) + units, 0f);
  }

  @Override
  protected void carryRow(int r, int t) {
    System.arraycopy(cells, slot(r, t), cells, slot(r, t + 1), units);
  }

  @Override
  protected void startBackward(int rows) {
    Arrays.fill(cellGradient, 0, rows * units, 0f);
  }

  @Override
  protected void cutRow(int r) {
    Arrays.fill(cellGradient, r * units, (r + 1) * units, 0f);
  }

  @Override
  protected void cellForward(int r, int t, int rec) {
    int g = gateOffset(r, t);
    int previous = slot(r, t);
    int next = slot(r, t + 1);
    for (int j = 0; j < units; j++) {
      float in = sigmoid(gateValues[g + j] + recurrent[rec + j]);
      float forget = sigmoid(gateValues[g + units + j] + recurrent[rec + units + j]);
      float candidate = tanh(gateValues[g + 2 * units + j] + recurrent[rec + 2 * units + j]);
      float out = sigmoid(gateValues[g + 3 * units + j] + recurrent[rec + 3 * units + j]);
      gateValues[g + j] = in;
      gateValues[g + units + j] = forget;
      gateValues[g + 2 * units + j] = candidate;
      gateValues[g + 3 * units + j] = out;
      float c = forget * cells[previous + j] + in * candidate;
      float tanhC = tanh(c);
      cells[next + j] = c;
      cellTanh[next + j] = tanhC;
      states[next + j] = out * tanhC;
    }
  }

  @Override
  protected void cellBackward(int r, int t, int rec) {
    int g = gateOffset(r, t);
    int previous = slot(r, t);
    int next = slot(r, t + 1);
    int dh = r * units;
    for (int j = 0; j < units; j++) {
      float in = gateValues[g + j];
      float forget = gateValues[g + units + j];
      float candidate = gateValues[g + 2 * units + j];
      float out = gateValues[g + 3 * units + j];
      float tanhC = cellTanh[next + j];
      float dState = stateGradient[dh + j];
      float dCell = cellGradient[dh + j] + dState * out * (1f - tanhC * tanhC);
      float dIn = dCell * candidate * in * (1f - in);
      float dForget = dCell * cells[previous + j] * forget * (1f - forget);
      float dCandidate = dCell * in * (1f - candidate * candidate);
      float dOut = dState * tanhC * out * (1f - out);
      gateGradients[g + j] = dIn;
      gateGradients[g + units + j] = dForget;
      gateGradients[g + 2 * units + j] = dCandidate;
      gateGradients[g + 3 * units + j] = dOut;
      cellGradient[dh + j] = dCell * forget;
      previousStateGradient[dh + j] = 0f;
    }
    System.arraycopy(gateGradients, g, recurrentGradients, rec, width);
  }
}
