package io.github.sparkbackprop.ml

import java.nio.file.Files

import io.github.sparkbackprop.testing.TestSpark
import org.apache.spark.ml.{Pipeline, PipelineModel}
import org.apache.spark.ml.evaluation.{MulticlassClassificationEvaluator, RegressionEvaluator}
import org.apache.spark.ml.feature.{StandardScaler, StringIndexer, VectorAssembler}
import org.apache.spark.ml.tuning.{CrossValidator, CrossValidatorModel, ParamGridBuilder}
import org.apache.spark.sql.{DataFrame, SparkSession}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite
import org.scalatest.matchers.should.Matchers

/**
 * The stages used from Scala the way a Scala user would: plain columns assembled in a Pipeline,
 * tuned with CrossValidator, saved and loaded. Nothing here needs a cast or a Java collection.
 */
class NeuralNetworkSpec extends AnyFunSuite with Matchers with BeforeAndAfterAll {
  private lazy val spark: SparkSession = TestSpark.session()
  private lazy val dir = Files.createTempDirectory("nn-spec")

  /** Points on two rings, named inner and outer, with a value x - 2y + noise to predict. */
  private lazy val rings: DataFrame = {
    val session = spark
    import session.implicits._
    val random = new scala.util.Random(12)
    val rows = (0 until 120).map { i =>
      val inner = i % 2 == 0
      val radius = (if (inner) 1.0 else 2.0) + 0.1 * random.nextGaussian()
      val angle = 2 * math.Pi * random.nextDouble()
      val (x, y) = (radius * math.cos(angle), radius * math.sin(angle))
      (x, y, if (inner) "inner" else "outer", x - 2 * y + 0.1 * random.nextGaussian())
    }
    rows.toDF("x", "y", "ring", "value").repartition(2).cache()
  }

  override def afterAll(): Unit = {
    org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile)
  }

  private def prepare = Array(
    new VectorAssembler().setInputCols(Array("x", "y")).setOutputCol("raw"),
    new StandardScaler().setInputCol("raw").setOutputCol("features"))

  test("a classifier in a Pipeline learns string labels indexed by StringIndexer") {
    val classifier = new NeuralNetworkClassifier()
      .setLayers("dense(16, tanh), dense(2, softmax)")
      .setMaxEpochs(40)
      .setBatchSize(120)
      .setLearningRate(0.1)
    val pipeline = new Pipeline().setStages(
      prepare :+ new StringIndexer().setInputCol("ring").setOutputCol("label") :+ classifier)
    val model = pipeline.fit(rings)
    val accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
      .evaluate(model.transform(rings))
    withClue(s"training accuracy $accuracy: ") { accuracy should be > 0.9 }

    val network = model.stages.last.asInstanceOf[NeuralNetworkClassificationModel]
    network.numClasses shouldBe 2
    val epochs: Int = network.getMaxEpochs
    epochs shouldBe 40
    network.trainingHistory.size shouldBe 40
  }

  test("a regressor tuned by CrossValidator saves and loads with its best Params") {
    val regressor = new NeuralNetworkRegressor()
      .setLabelCol("value")
      .setLayers("dense(8, tanh), dense(1)")
      .setMaxEpochs(20)
      .setBatchSize(200)
    val grid = new ParamGridBuilder()
      .addGrid(regressor.learningRate, Array(0.01, 0.1))
      .addGrid(regressor.loss, Seq("squaredError", "huber"))
      .build()
    val cv = new CrossValidator()
      .setEstimator(new Pipeline().setStages(prepare :+ regressor))
      .setEstimatorParamMaps(grid)
      .setEvaluator(new RegressionEvaluator().setLabelCol("value"))
      .setNumFolds(2)
      .setSeed(1)
    val fitted = cv.fit(rings)
    val rmse = fitted.avgMetrics.min
    val spread = rings.selectExpr("stddev_pop(value)").first().getDouble(0)
    withClue(s"RMSE ${fitted.avgMetrics.mkString(", ")} against spread $spread: ") {
      rmse should be < 0.3 * spread
    }

    val path = dir.resolve("cv").toString
    fitted.write.overwrite().save(path)
    val loaded = CrossValidatorModel.load(path)
    loaded.avgMetrics shouldBe fitted.avgMetrics
    val best = loaded.bestModel.asInstanceOf[PipelineModel].stages.last
      .asInstanceOf[NeuralNetworkRegressionModel]
    val original = fitted.bestModel.asInstanceOf[PipelineModel].stages.last
      .asInstanceOf[NeuralNetworkRegressionModel]
    best.extractParamMap().toString shouldBe original.extractParamMap().toString
    val winner = grid(fitted.avgMetrics.indexOf(rmse))
    best.getLearningRate shouldBe winner(regressor.learningRate)
    best.getLoss shouldBe winner(regressor.loss)
    best.weights.toSeq shouldBe original.weights.toSeq
    loaded.transform(rings).select("prediction").collect() shouldBe
      fitted.transform(rings).select("prediction").collect()
  }

  test("bad input is refused with a message naming the column") {
    val error = intercept[IllegalArgumentException] {
      new NeuralNetworkClassifier()
        .setLayers("dense(2, softmax)")
        .setLabelCol("ring")
        .fit(new Pipeline().setStages(prepare).fit(rings).transform(rings))
    }
    error.getMessage should (include("'ring'") and include("StringIndexer"))
  }
}
