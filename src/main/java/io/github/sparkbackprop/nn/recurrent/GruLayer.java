package io.github.sparkbackprop.nn.recurrent;

import io.github.sparkbackprop.nn.Shape;

/**
 * The gated recurrent unit (Cho et al., 2014), written {@code gru(units)}: three gate blocks in
 * the order update {@code z}, reset {@code r}, candidate {@code n}.
 *
 * <p>{@code n = tanh(Wn x + bn + r * (Un h(t-1)))} applies the reset gate after the recurrent
 * product, as cuDNN and Keras' {@code reset_after} do, so that one product per step serves all
 * three blocks; then {@code h(t) = (1 - z) * n + z * h(t-1)}.
 */
final class GruLayer extends RecurrentLayer {
  /** {@code Un h(t-1)} per row and step, {@code rows x T x H}, needed by the backward pass. */
  private float[] candidateRecurrent = new float[0];

  GruLayer(Shape input, int units, boolean sequences, int bpttLength) {
    super(input, units, 3, sequences, bpttLength, "gru");
  }

  @Override
  protected void grow(int rows) {
    candidateRecurrent = new float[rows * steps * units];
  }

  @Override
  protected void cellForward(int r, int t, int rec) {
    int g = gateOffset(r, t);
    int u = (r * steps + t) * units;
    int previous = slot(r, t);
    int next = slot(r, t + 1);
    for (int j = 0; j < units; j++) {
      float update = sigmoid(gateValues[g + j] + recurrent[rec + j]);
      float reset = sigmoid(gateValues[g + units + j] + recurrent[rec + units + j]);
      float hidden = recurrent[rec + 2 * units + j];
      float candidate = tanh(gateValues[g + 2 * units + j] + reset * hidden);
      gateValues[g + j] = update;
      gateValues[g + units + j] = reset;
      gateValues[g + 2 * units + j] = candidate;
      candidateRecurrent[u + j] = hidden;
      states[next + j] = (1f - update) * candidate + update * states[previous + j];
    }
  }

  @Override
  protected void cellBackward(int r, int t, int rec) {
    int g = gateOffset(r, t);
    int u = (r * steps + t) * units;
    int previous = slot(r, t);
    int dh = r * units;
    for (int j = 0; j < units; j++) {
      float update = gateValues[g + j];
      float reset = gateValues[g + units + j];
      float candidate = gateValues[g + 2 * units + j];
      float dState = stateGradient[dh + j];
      float dCandidate = dState * (1f - update) * (1f - candidate * candidate);
      float dUpdate = dState * (states[previous + j] - candidate) * update * (1f - update);
      float dReset = dCandidate * candidateRecurrent[u + j] * reset * (1f - reset);
      gateGradients[g + j] = dUpdate;
      gateGradients[g + units + j] = dReset;
      gateGradients[g + 2 * units + j] = dCandidate;
      recurrentGradients[rec + j] = dUpdate;
      recurrentGradients[rec + units + j] = dReset;
      recurrentGradients[rec + 2 * units + j] = dCandidate * reset;
      previousStateGradient[dh + j] = dState * update;
    }
  }
}
