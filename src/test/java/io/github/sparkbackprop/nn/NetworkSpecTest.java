package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.activation.Elu;
import io.github.sparkbackprop.nn.activation.LeakyRelu;
import io.github.sparkbackprop.nn.activation.Relu;
import io.github.sparkbackprop.nn.activation.Softmax;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading network descriptions: the canonical form, the round trip and the error messages. */
class NetworkSpecTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "dense(10)                             | dense(10, identity)",
      "dense(256, relu), dense(128, relu), dense(10, softmax) "
          + "| dense(256, relu), dense(128, relu), dense(10, softmax)",
      "\"  dense( 64 ,tanh )->dense(1,sigmoid)  \" | dense(64, tanh), dense(1, sigmoid)",
      "dense(units=32, activation=relu) -> dense(activation=softmax, units=3) "
          + "| dense(32, relu), dense(3, softmax)",
      "dense(4, relu); dense(2, softmax)     | dense(4, relu), dense(2, softmax)",
      "DENSE(4, ReLU) -> Dense(2, SoftMax)   | dense(4, relu), dense(2, softmax)",
      "dense(16, leakyrelu, alpha=0.2)       | dense(16, leakyrelu, alpha=0.2)",
      "dense(16, leakyrelu, 0.05)            | dense(16, leakyrelu, alpha=0.05)",
      "dense(16, leakyrelu)                  | dense(16, leakyrelu, alpha=0.01)",
      "dense(2, leakyrelu, alpha=0.0001)     | dense(2, leakyrelu, alpha=1.0E-4)",
      "dense(8, elu, alpha=0.5)              | dense(8, elu, alpha=0.5)",
      "dense(8, elu)                         | dense(8, elu, alpha=1.0)",
      "dense(8, relu, init=xavier)           | dense(8, relu, init=xavier)",
      "dense(8, tanh, init=he)               | dense(8, tanh, init=he)",
      "dense(8, relu, init=he)               | dense(8, relu)",
      "dense(8, sigmoid, init=GLOROT)        | dense(8, sigmoid)",
      "dense(4,softplus)->dense(3, sigmoid , init = he) "
          + "| dense(4, softplus), dense(3, sigmoid, init=he)",
      "dense(64, leakyrelu, alpha=0.1), dense(1, sigmoid) "
          + "| dense(64, leakyrelu, alpha=0.1), dense(1, sigmoid)",
      "dense(units=32, activation=tanh, init=xavier) -> dense(3, softmax) "
          + "| dense(32, tanh), dense(3, softmax)"})
  void parsesToACanonicalFormThatReadsBackEqual(String text, String canonical) {
    NetworkSpec spec = NetworkSpec.parse(text);

    assertEquals(canonical, spec.toString());
    NetworkSpec again = NetworkSpec.parse(spec.toString());
    assertEquals(spec, again);
    assertEquals(spec.hashCode(), again.hashCode());
    assertEquals(canonical, again.toString());
  }

  @Test
  void readsUnitsActivationsAndAlpha() {
    NetworkSpec spec = NetworkSpec.parse(
        "dense(64, leakyrelu, alpha=0.25) -> dense(units=32, activation=elu, alpha=2), "
            + "dense(16, relu), dense(3, softmax)");

    List<LayerSpec> layers = spec.layers();
    assertEquals(4, layers.size());
    DenseSpec first = (DenseSpec) layers.get(0);
    assertEquals(64, first.units());
    assertEquals(0.25f, assertInstanceOf(LeakyRelu.class, first.activation()).alpha());
    DenseSpec second = (DenseSpec) layers.get(1);
    assertEquals(32, second.units());
    assertEquals(2f, assertInstanceOf(Elu.class, second.activation()).alpha());
    assertInstanceOf(Relu.class, ((DenseSpec) layers.get(2)).activation());
    assertInstanceOf(Softmax.class, ((DenseSpec) spec.outputLayer()).activation());
  }

  @Test
  void differentDescriptionsAreNotEqual() {
    NetworkSpec relu = NetworkSpec.parse("dense(8, relu)");

    assertTrue(!relu.equals(NetworkSpec.parse("dense(8, relu, init=xavier)")));
    assertTrue(!relu.equals(NetworkSpec.parse("dense(9, relu)")));
    assertTrue(!relu.equals(NetworkSpec.parse("dense(8, leakyrelu, alpha=0)")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "attention(3) | unknown layer type 'attention'; known types are [avgpool, batchnorm,",
      "dense(4, relu), pool(2)         | unknown layer type 'pool'",
      "dense(4, swish)                 | Unknown activation 'swish'; expected one of identity,",
      "dense(0, relu)                  | dense: 'units' must be positive but was 0",
      "dense(-3, relu)                 | dense: 'units' must be positive but was -3",
      "dense(ten, relu)                | dense: 'units' must be a whole number but was 'ten'",
      "dense(2.5)                      | dense: 'units' must be a whole number but was '2.5'",
      "dense(units=, relu)             | expected a name or a number",
      "dense                           | dense needs the argument 'units'",
      "dense()                         | dense needs the argument 'units'",
      "dense(4, relu                   | missing ')'",
      "dense(4, relu), dense(2, softmax | missing ')'",
      "dense(4, relu))                 | unmatched ')'",
      "dense((4, relu))                | expected a name or a number",
      "dense(4 relu)                   | expected ',' or ')'",
      "dense(4) dense(2)               | expected ',' between layers",
      "dense(4, relu, dropout=0.5)     | dense has no argument 'dropout'; "
          + "it takes units, activation, alpha, init",
      "dense(4, relu, 0.1, he, 7)      | dense takes at most 4 arguments",
      "dense(4, units=5)               | argument 'units' is given both by position and by name",
      "dense(units=4, relu)            | positional argument 'relu' after a named one",
      "dense(4, init=he, INIT=xavier)  | argument 'init' is given twice",
      "dense(4, relu, init=orthogonal) | Unknown weight initialisation 'orthogonal'; "
          + "expected one of he, xavier",
      "dense(4, leakyrelu, alpha=2)    | leakyrelu alpha must be in [0, 1) but was 2.0",
      "dense(4, leakyrelu, alpha=steep) | dense: 'alpha' must be a number but was 'steep'",
      "dense(4, elu, alpha=-1)         | elu alpha must be positive but was -1.0",
      "dense(4, relu, alpha=0.1)       | 'alpha' applies to leakyrelu and elu only, not relu",
      "dense(4, relu, 0.1)             | 'alpha' applies to leakyrelu and elu only, not relu"})
  void refusesMistakesWithAMessageSayingWhatIsWrong(String text, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse(text));

    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("'" + text + "'"), "quotes the text: " + e.getMessage());
  }

  @Test
  void anEmptyDescriptionShowsAnExample() {
    for (String empty : new String[] {null, "", "   "}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse(empty));
      assertTrue(e.getMessage().contains("empty"), e.getMessage());
      assertTrue(e.getMessage().contains("dense(10, softmax)"), e.getMessage());
    }
  }

  @Test
  void aParseErrorGivesTheCharacterPosition() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse("dense(4) dense(2)"));

    assertTrue(e.getMessage().contains("at character 10"), e.getMessage());
  }

  @Test
  void aSpecNeedsALayer() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(List.of()));

    assertTrue(e.getMessage().contains("at least one layer"), e.getMessage());
  }

  @Test
  void listsTheLayerTypes() {
    assertTrue(NetworkSpec.layerTypes().contains("dense"), NetworkSpec.layerTypes().toString());
  }
}
