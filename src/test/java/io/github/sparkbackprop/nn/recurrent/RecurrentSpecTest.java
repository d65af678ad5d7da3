package io.github.sparkbackprop.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Descriptions of recurrent layers, their shapes and parameter counts, and the masked shape. */
class RecurrentSpecTest {

  @ParameterizedTest
  @ValueSource(strings = {"rnn(8)", "lstm(8, sequences=true)", "gru(4, bptt=5)",
      "lstm(16, sequences=true, bptt=10), gru(8), dense(3, softmax)"})
  void descriptionsRoundTrip(String text) {
    NetworkSpec spec = NetworkSpec.parse(text);
    assertEquals(text, spec.toString());
    assertEquals(spec, NetworkSpec.parse(spec.toString()));
  }

  @Test
  void namedAndDefaultArgumentsReadTheSame() {
    assertEquals(NetworkSpec.parse("lstm(8)"),
        NetworkSpec.parse("lstm(units=8, sequences=false, bptt=0)"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "lstm(0)               | lstm: 'units' must be positive but was 0",
      "gru(4, sequences=yes) | gru: 'sequences' must be true or false but was 'yes'",
      "rnn(4, bptt=-2)       | rnn: bptt must be 0 (full back-propagation through time)",
      "rnn(4, bptt=x)        | rnn: 'bptt' must be a whole number but was 'x'",
      "lstm(4, depth=2)      | lstm has no argument 'depth'"})
  void badArgumentsAreRefused(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void parameterCountsFollowTheGates() {
    Shape input = Shape.of(7, 3);
    assertEquals(5 * 3 + 5 * 5 + 5, count("rnn(5)", input));
    assertEquals(4 * (5 * 3 + 5 * 5 + 5), count("lstm(5)", input));
    assertEquals(3 * (5 * 3 + 5 * 5 + 5), count("gru(5)", input));
    assertEquals(count("lstm(5)", input), count("lstm(5)", Shape.maskedSequence(40, 3)));
  }

  @Test
  void sequencesOutputKeepsStepsAndMask() {
    Architecture plain = architecture("gru(5, sequences=true), lstm(2), dense(2, softmax)",
        Shape.of(7, 3));
    Architecture masked = architecture("gru(5, sequences=true), lstm(2), dense(2, softmax)",
        Shape.maskedSequence(7, 3));
    assertEquals(plain.parameterCount(), masked.parameterCount());
    assertEquals(Shape.of(7, 5), NetworkSpec.parse("gru(5, sequences=true)").layers().get(0)
        .build(Shape.of(7, 3)).get(0).outputShape());
    assertEquals(Shape.maskedSequence(7, 5), NetworkSpec.parse("gru(5, sequences=true)")
        .layers().get(0).build(Shape.maskedSequence(7, 3)).get(0).outputShape());
  }

  @Test
  void recurrentLayerNeedsStepsTimesFeatures() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> architecture("lstm(4), dense(2, softmax)", Shape.vector(784)));
    assertTrue(e.getMessage().contains("lstm takes sequences of shape steps x features"),
        e.getMessage());
    assertTrue(e.getMessage().contains("but got shape 784"), e.getMessage());
  }

  @Test
  void maskedShapeRoundTripsThroughText() {
    Shape masked = Shape.maskedSequence(20, 3);
    assertEquals("20x3+mask", masked.toString());
    assertEquals(masked, Shape.parse("20x3+mask"));
    assertEquals(20 * 4, masked.size());
    assertTrue(!masked.equals(Shape.of(20, 4)));
    assertThrows(IllegalArgumentException.class, () -> Shape.parse("3+mask"));
  }

  @Test
  void truncatedSetsEveryRecurrentLayer() {
    NetworkSpec spec = NetworkSpec.parse("lstm(4, sequences=true), gru(3), dense(2, softmax)");
    assertEquals("lstm(4, sequences=true, bptt=6), gru(3, bptt=6), dense(2, softmax)",
        RecurrentSpec.truncated(spec, 6).toString());
    assertEquals(spec, RecurrentSpec.truncated(RecurrentSpec.truncated(spec, 6), 0));
  }

  private static int count(String layers, Shape input) {
    return NetworkSpec.parse(layers).layers().get(0).build(input).get(0).parameterCount();
  }

  private static Architecture architecture(String layers, Shape input) {
    return new Architecture(NetworkSpec.parse(layers), input, new SoftmaxCrossEntropy());
  }

  @Test
  void dropoutRefusesAMaskedSequence() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkSpec.parse(
            "lstm(4, sequences=true), dropout(0.5), lstm(3), dense(2, softmax)")
            .build(Shape.maskedSequence(6, 2)));
    assertTrue(e.getMessage().contains("dropout") && e.getMessage().contains("masked"),
        e.getMessage());
  }
}
