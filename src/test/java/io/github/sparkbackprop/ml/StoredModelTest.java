package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkbackprop.testing.TestSpark;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Models saved by earlier format versions, kept under src/test/resources/models/, still load and
 * predict what they predicted when they were saved. StoredModels wrote them.
 */
class StoredModelTest {
  /**
   * Predictions are compared within this relative tolerance: the BLAS found at run time
   * (native or Java) may round the float products differently from the one that saved them.
   */
  private static final double TOLERANCE = 1e-5;

  private static Path stored(String version) throws URISyntaxException {
    return Path.of(StoredModelTest.class.getResource("/models/" + version + "/expected.csv")
        .toURI()).getParent();
  }

  @Test
  void formatVersionOneModelsLoadAndPredictWhatTheyDidWhenSaved()
      throws IOException, URISyntaxException {
    TestSpark.session();
    Path dir = stored("v1");
    NeuralNetworkClassificationModel classifier =
        NeuralNetworkClassificationModel.load(dir.resolve("classifier").toString());
    NeuralNetworkRegressionModel regressor =
        NeuralNetworkRegressionModel.load(dir.resolve("regressor").toString());
    assertEquals(3, classifier.numClasses());
    assertEquals("huber", regressor.getLoss());
    List<String> lines = Files.readAllLines(dir.resolve(StoredModels.EXPECTED),
        StandardCharsets.UTF_8);
    assertEquals(StoredModels.INPUTS.length + 1, lines.size());
    for (String line : lines.subList(1, lines.size())) {
      Row expected = StoredModels.parse(line);
      Vector x = (Vector) expected.get(0);
      assertEquals(expected.getDouble(1), classifier.predict(x), "class of " + x);
      double[] probability = classifier.predictProbability(x).toArray();
      double[] stored = ((Vector) expected.get(2)).toArray();
      for (int j = 0; j < 3; j++) {
        assertEquals(stored[j], probability[j], TOLERANCE, "probability " + j + " of " + x);
      }
      double value = expected.getDouble(3);
      assertEquals(value, regressor.predict(x), TOLERANCE * Math.max(1, Math.abs(value)),
          "regression of " + x);
    }
  }
}
