package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The regressor on real data and with outliers, and its Transformer. */
class RegressorTest {
  /**
   * Test RMSE bound on the diabetes set, in score points. Predicting the training mean scores
   * 76.4 on the held-out rows; small networks and a linear fit score 52-56 here.
   */
  private static final double MAX_DIABETES_RMSE = 62;

  static final StructType XY = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("features", new VectorUDT());

  private static SparkSession spark() {
    return TestSpark.session();
  }

  @Test
  void predictsDiabetesProgressionOfHeldOutPatients() {
    // Every fifth patient is held out; the label is standardised with the training rows' mean
    // and deviation, since the network's output starts near zero.
    Dataset<Row> all = spark().createDataFrame(Diabetes.rows(), Diabetes.SCHEMA);
    Dataset<Row> train = all.where("row % 5 != 0").repartition(2).cache();
    Dataset<Row> test = all.where("row % 5 = 0");
    Row moments = train.selectExpr("avg(label)", "stddev_pop(label)").first();
    double mean = moments.getDouble(0);
    double sd = moments.getDouble(1);
    String standardised = "(label - " + mean + ") / " + sd + " AS z";
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithMean(true),
        new NeuralNetworkRegressor()
            .setFeaturesCol("scaled")
            .setLabelCol("z")
            .setLayers("dense(8, tanh), dense(1)")
            .setBatchSize(400)
            .setMaxEpochs(40)
            .setLearningRate(0.05)});
    PipelineModel model = pipeline.fit(train.selectExpr("features", standardised));

    List<Row> scored = model.transform(test.selectExpr("features", "label"))
        .select("label", "prediction").collectAsList();
    double squares = 0;
    for (Row row : scored) {
      double error = mean + sd * row.getDouble(1) - row.getDouble(0);
      squares += error * error;
    }
    double rmse = Math.sqrt(squares / scored.size());
    assertEquals(89, scored.size());
    assertTrue(rmse < MAX_DIABETES_RMSE, "test RMSE " + rmse);
    train.unpersist();
  }

  @Test
  void huberLossIsPulledLessByOutliersThanSquaredError() {
    // y = 2x + 0.5 with small noise; every tenth row is shifted up by 8.
    Random random = new Random(4);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double x = random.nextDouble() * 2 - 1;
      double y = 2 * x + 0.5 + 0.05 * random.nextGaussian() + (i % 10 == 0 ? 8 : 0);
      rows.add(RowFactory.create(y, Vectors.dense(x)));
    }
    Dataset<Row> data = spark().createDataFrame(rows, XY).repartition(2);
    NeuralNetworkRegressor line = new NeuralNetworkRegressor()
        .setLayers("dense(1)")
        .setBatchSize(200)
        .setMaxEpochs(40)
        .setLearningRate(0.1);
    double squared = cleanRmse(line.fit(data));
    double huber = cleanRmse(line.copy(new ParamMap())
        .setLoss("huber").setHuberDelta(0.5).fit(data));
    assertTrue(squared > 0.5, "squared error should be pulled towards the outliers: " + squared);
    assertTrue(huber < 0.4 * squared, "Huber " + huber + " against squared error " + squared);
  }

  /** RMSE of the model against the clean line on a grid of x in [-1, 1]. */
  private static double cleanRmse(NeuralNetworkRegressionModel model) {
    double squares = 0;
    for (int i = 0; i <= 20; i++) {
      double x = -1 + i / 10.0;
      double error = model.predict(Vectors.dense(x)) - (2 * x + 0.5);
      squares += error * error;
    }
    return Math.sqrt(squares / 21);
  }

  @Test
  void transformEqualsTheCoreForwardPassAndSingleRowPredictions() {
    List<Row> rows = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 300; i++) {
      double x = random.nextGaussian();
      rows.add(RowFactory.create(x * x, Vectors.dense(x, 1 - x, 0.5)));
    }
    Dataset<Row> data = spark().createDataFrame(rows, XY).repartition(2).cache();
    NeuralNetworkRegressionModel model = new NeuralNetworkRegressor()
        .setLayers("dense(5, relu), dense(1)").setMaxEpochs(2).setBatchSize(50).fit(data);
    List<Row> scored = model.transform(data).select("features", "prediction").collectAsList();
    assertEquals(300, scored.size());
    float[] input = new float[300 * 3];
    for (int r = 0; r < 300; r++) {
      double[] x = ((Vector) scored.get(r).get(0)).toArray();
      for (int j = 0; j < 3; j++) {
        input[3 * r + j] = (float) x[j];
      }
    }
    Network network = model.architecture().newNetwork(300);
    float[] expected = network.predict(model.weights(), input, 300);
    for (int r = 0; r < 300; r++) {
      assertEquals(expected[r], (float) scored.get(r).getDouble(1), "row " + r);
      assertEquals(scored.get(r).getDouble(1), model.predict((Vector) scored.get(r).get(0)),
          "single-row prediction of row " + r);
    }
    String text = model.toString();
    assertTrue(text.contains(model.uid()) && text.contains("numFeatures=3")
        && text.contains("dense(1, identity)") && !text.contains("\n"), text);
  }
}
