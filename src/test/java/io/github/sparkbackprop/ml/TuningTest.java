package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.PersistenceTest.assertSameParams;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** CrossValidator and TrainValidationSplit over our Params, with save and load of the result. */
class TuningTest {
  private static Dataset<Row> data;

  @TempDir
  Path dir;

  @BeforeAll
  static void data() {
    data = TestSpark.session().createDataFrame(PersistenceTest.rows(), PersistenceTest.SCHEMA)
        .repartition(2).cache();
  }

  @Test
  void crossValidatorTunesTheClassifierAndItsModelSavesAndLoadsWithEveryParam()
      throws IOException {
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers("dense(4, tanh), dense(3, softmax)")
        .setMaxEpochs(3)
        .setBatchSize(100);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.learningRate(), new double[] {0.001, 0.05})
        .addGrid(classifier.layers(), CollectionConverters.asScala(List.of(
            "dense(4, tanh), dense(3, softmax)", "dense(8, relu), dense(3, softmax)")))
        .build();
    CrossValidator cv = new CrossValidator()
        .setEstimator(classifier)
        .setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .setNumFolds(2)
        .setSeed(3);
    CrossValidatorModel fitted = cv.fit(data);
    assertEquals(4, fitted.avgMetrics().length);
    NeuralNetworkClassificationModel best = (NeuralNetworkClassificationModel) fitted.bestModel();
    assertBestModelCarriesTheBestParams(classifier, grid, fitted.avgMetrics(), best);

    String path = dir.resolve("cv").toString();
    fitted.write().save(path);
    CrossValidatorModel loaded = CrossValidatorModel.load(path);
    assertArrayEquals(fitted.avgMetrics(), loaded.avgMetrics());
    assertSameParams(fitted.bestModel(), loaded.bestModel());
    assertSameParams(classifier, loaded.getEstimator());
    assertEquals(grid.length, loaded.getEstimatorParamMaps().length);
    for (int i = 0; i < grid.length; i++) {
      assertEquals(grid[i].toString(), loaded.getEstimatorParamMaps()[i].toString());
    }
    assertEquals(fitted.transform(data).select("probability").collectAsList(),
        loaded.transform(data).select("probability").collectAsList());

    String unfitted = dir.resolve("cv-estimator").toString();
    cv.write().save(unfitted);
    assertSameParams(classifier, CrossValidator.load(unfitted).getEstimator());
  }

  @Test
  void trainValidationSplitTunesTheRegressorAndItsModelSavesAndLoads() throws IOException {
    NeuralNetworkRegressor regressor = PersistenceTest.regressor().setMaxEpochs(4);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(regressor.batchSize(), new int[] {20, 100})
        .addGrid(regressor.learningRate(), new double[] {0.003, 0.03})
        .build();
    TrainValidationSplit split = new TrainValidationSplit()
        .setEstimator(regressor)
        .setEstimatorParamMaps(grid)
        .setEvaluator(new RegressionEvaluator().setLabelCol("target"))
        .setTrainRatio(0.7)
        .setSeed(5);
    TrainValidationSplitModel fitted = split.fit(data);
    NeuralNetworkRegressionModel best = (NeuralNetworkRegressionModel) fitted.bestModel();
    // RMSE: lower is better.
    double[] negated = fitted.validationMetrics().clone();
    for (int i = 0; i < negated.length; i++) {
      negated[i] = -negated[i];
    }
    assertBestModelCarriesTheBestParams(regressor, grid, negated, best);

    String path = dir.resolve("tvs").toString();
    fitted.write().save(path);
    TrainValidationSplitModel loaded = TrainValidationSplitModel.load(path);
    assertArrayEquals(fitted.validationMetrics(), loaded.validationMetrics());
    assertSameParams(fitted.bestModel(), loaded.bestModel());
    assertSameParams(regressor, loaded.getEstimator());
    assertEquals(fitted.transform(data).select("prediction").collectAsList(),
        loaded.transform(data).select("prediction").collectAsList());
  }

  /**
   * The best model's Params are those of the estimator with the grid point of the highest
   * metric applied: the model records how it was trained.
   */
  private static void assertBestModelCarriesTheBestParams(Params estimator, ParamMap[] grid,
      double[] metrics, Model<?> best) {
    int top = 0;
    for (int i = 1; i < metrics.length; i++) {
      top = metrics[i] > metrics[top] ? i : top;
    }
    ParamMap expected = estimator.extractParamMap(grid[top]);
    ParamMap actual = best.extractParamMap();
    for (Param<?> param : estimator.params()) {
      assertTrue(best.hasParam(param.name()), "the model lacks Param " + param.name());
      assertEquals(String.valueOf(expected.get(param)),
          String.valueOf(actual.get(best.getParam(param.name()))), "Param " + param.name());
    }
  }

  @Test
  void aFoldWithoutTheTopClassStillGivesModelsOfEveryClass() {
    // Every row of class 2 is in fold 0, so the models trained for fold 0 never see class 2.
    List<Row> rows = new ArrayList<>();
    for (Row row : Datasets.blobs(60, 3, 9)) {
      int fold = row.getDouble(0) == 2.0 ? 0 : rows.size() % 2;
      rows.add(RowFactory.create(row.get(0), row.get(1), fold));
    }
    Dataset<Row> folded = TestSpark.session().createDataFrame(rows,
        Datasets.SCHEMA.add("fold", DataTypes.IntegerType));
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setLayers("dense(4, tanh), dense(3, softmax)").setMaxEpochs(2).setBatchSize(100);
    CrossValidatorModel fitted = new CrossValidator()
        .setEstimator(classifier)
        .setEstimatorParamMaps(new ParamGridBuilder()
            .addGrid(classifier.learningRate(), new double[] {0.01}).build())
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .setNumFolds(2)
        .setFoldCol("fold")
        .setCollectSubModels(true)
        .fit(folded);
    NeuralNetworkClassificationModel withoutClass2 =
        (NeuralNetworkClassificationModel) fitted.subModels()[0][0];
    assertEquals(0, folded.where("fold = 1 AND label = 2").count());
    assertEquals(3, withoutClass2.numClasses());
    Row scored = withoutClass2.transform(folded.where("label = 2")).select("probability")
        .first();
    assertEquals(3, ((Vector) scored.get(0)).size());
  }
}
