package io.github.sparkbackprop.nn.recurrent;

import io.github.sparkbackprop.nn.Shape;

/**
 * The Elman recurrent layer {@code h(t) = tanh(Wx x(t) + Wh h(t-1) + b)}, written
 * {@code rnn(units)}; one gate block.
 */
final class SimpleRecurrentLayer extends RecurrentLayer {

  SimpleRecurrentLayer(Shape input, int units, boolean sequences, int bpttLength) {
    super(input, units, 1, sequences, bpttLength, "rnn");
  }

  @Override
  protected void cellForward(int r, int t, int rec) {
    int g = gateOffset(r, t);
    int h = slot(r, t + 1);
    for (int j = 0; j < units; j++) {
      float value = tanh(gateValues[g + j] + recurrent[rec + j]);
      gateValues[g + j] = value;
      states[h + j] = value;
    }
  }

  @Override
  protected void cellBackward(int r, int t, int rec) {
    int g = gateOffset(r, t);
    int dh = r * units;
    for (int j = 0; j < units; j++) {
      float value = gateValues[g + j];
      float pre = stateGradient[dh + j] * (1f - value * value);
      gateGradients[g + j] = pre;
      recurrentGradients[rec + j] = pre;
      previousStateGradient[dh + j] = 0f;
    }
  }
}
