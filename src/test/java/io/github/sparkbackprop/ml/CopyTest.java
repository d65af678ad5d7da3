package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** copy(extra) of every estimator and model applies the extra Params and nothing else. */
class CopyTest {
  private static final Dataset<Row> DATA = TestSpark.session()
      .createDataFrame(PersistenceTest.rows(), PersistenceTest.SCHEMA);

  @Test
  void estimatorCopiesTakeTheExtraParamsAndLeaveTheOriginalAlone() {
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers("dense(3, softmax)").setMaxEpochs(4);
    List<Integer> epochs = new ArrayList<>();
    classifier.addTrainingListener(stats -> epochs.add(stats.epoch()));
    NeuralNetworkClassifier copy = classifier.copy(new ParamMap()
        .put(classifier.maxEpochs(), 1)
        .put(classifier.layers(), "dense(4, relu), dense(3, softmax)")
        .put(classifier.handleInvalid(), "skip"));
    assertEquals(classifier.uid(), copy.uid());
    assertEquals(1, copy.getMaxEpochs());
    assertEquals("dense(4, relu), dense(3, softmax)", copy.getLayers());
    assertEquals("skip", copy.getHandleInvalid());
    assertEquals(4, classifier.getMaxEpochs());
    assertEquals("dense(3, softmax)", classifier.getLayers());
    assertEquals("error", classifier.getHandleInvalid());
    copy.fit(DATA);
    assertEquals(List.of(1), epochs, "listeners come along with the copy");

    NeuralNetworkRegressor regressor = PersistenceTest.regressor();
    NeuralNetworkRegressor huber = regressor.copy(new ParamMap()
        .put(regressor.loss(), "huber").put(regressor.huberDelta(), 0.2));
    assertEquals("huber", huber.getLoss());
    assertEquals(0.2, huber.getHuberDelta());
    assertEquals("squaredError", regressor.getLoss());
    assertEquals(regressor.getLayers(), huber.getLayers());
  }

  @Test
  void modelCopiesTakeTheExtraParamsAndKeepTheirNetwork() {
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers("dense(4, tanh), dense(3, softmax)").setMaxEpochs(2);
    NeuralNetworkClassificationModel model = classifier.fit(DATA);
    NeuralNetworkClassificationModel copy = model.copy(new ParamMap()
        .put(model.predictionCol(), "klass")
        .put(model.thresholds(), new double[] {1, 1, 0.01}));
    assertNotSame(model, copy);
    assertEquals(model.uid(), copy.uid());
    assertSame(model.parent(), copy.parent());
    assertArrayEquals(model.weights(), copy.weights());
    assertEquals(2, copy.getMaxEpochs());
    assertEquals("prediction", model.getPredictionCol());
    List<Row> scored = copy.transform(DATA).select("klass").collectAsList();
    assertTrue(scored.stream().allMatch(r -> r.getDouble(0) == 2.0),
        "a tiny threshold for class 2 makes it the prediction of every row");

    NeuralNetworkRegressionModel regression = PersistenceTest.regressor().fit(DATA);
    NeuralNetworkRegressionModel renamed = regression.copy(new ParamMap()
        .put(regression.predictionCol(), "value")
        .put(regression.featuresCol(), "features"));
    assertEquals(DATA.count(), renamed.transform(DATA).select("value").count());
    assertEquals(regression.transform(DATA).select("prediction").collectAsList(),
        renamed.transform(DATA).select("value").collectAsList());
    assertEquals(regression.getLayers(), renamed.getLayers());
  }
}
