package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.sparkbackprop.testing.TestSpark;
import io.github.sparkbackprop.train.PartitionBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The perceptron: what it learns, what it cannot, its summary, errors and persistence. */
class PerceptronClassifierTest {
  private static final int MAX_EPOCHS = 100;
  /** 300 points of the square [-1, 1]^2, at least 0.15 from the line 0.8 x - 0.6 y + 0.1 = 0. */
  private static final List<Row> SEPARABLE = separable(300, 0.15, 3);
  private static final List<Row> XOR = List.of(
      row(0, 0, 0), row(0, 1, 1), row(1, 0, 1), row(1, 1, 0));

  @TempDir
  Path dir;

  @Test
  void learnsSeparableDataPerfectlyAndStopsEarly() {
    assertLearnsAndStops(false, 120, 180);
    assertLearnsAndStops(false, 150, 0, 150);
  }

  @Test
  void averagedPerceptronAlsoSeparatesSeparableData() {
    assertLearnsAndStops(true, 150, 0, 150);
  }

  private static void assertLearnsAndStops(boolean averaged, int... layout) {
    String what = Arrays.toString(layout) + (averaged ? ", averaged" : "");
    Dataset<Row> data = Datasets.partitioned(SEPARABLE, layout);
    PerceptronClassificationModel model = perceptron().setAveraged(averaged).fit(data);
    long[] mistakes = model.mistakesPerEpoch();
    assertEquals(PerceptronClassificationModel.StopReason.NO_MISTAKES, model.stopReason(), what);
    assertTrue(model.epochsRun() < MAX_EPOCHS, what + ": ran " + model.epochsRun());
    assertEquals(model.epochsRun(), mistakes.length, what);
    assertEquals(0, mistakes[mistakes.length - 1], what + ": " + Arrays.toString(mistakes));
    for (int e = 0; e < mistakes.length - 1; e++) {
      assertTrue(mistakes[e] > 0, what + ": epoch " + (e + 1) + " of "
          + Arrays.toString(mistakes) + " made no mistake but training went on");
    }
    assertEquals(SEPARABLE.size(), correct(model, data), what);
    assertEquals(averaged, model.isAveraged(), what);
  }

  @Test
  void neverLearnsXor() {
    int[][] layouts = {{4}, {2, 2}};
    for (int[] layout : layouts) {
      Dataset<Row> data = Datasets.partitioned(XOR, layout);
      for (long seed = 1; seed <= 3; seed++) {
        boolean averaged = seed % 2 == 0;
        String what = Arrays.toString(layout) + ", seed " + seed + (averaged ? ", averaged" : "");
        PerceptronClassificationModel model = perceptron().setMaxEpochs(10).setSeed(seed)
            .setAveraged(averaged).fit(data);
        assertEquals(PerceptronClassificationModel.StopReason.MAX_EPOCHS, model.stopReason(),
            what);
        assertEquals(10, model.epochsRun(), what);
        assertTrue(Arrays.stream(model.mistakesPerEpoch()).allMatch(m -> m > 0),
            what + ": " + Arrays.toString(model.mistakesPerEpoch()));
        long correct = correct(model, data);
        assertTrue(correct <= 3, what + ": " + correct + " of 4");
      }
    }
  }

  @Test
  void sameSeedAndPartitioningGiveTheSameModel() {
    Dataset<Row> data = Datasets.partitioned(SEPARABLE, 100, 200);
    PerceptronClassificationModel first = perceptron().setSeed(5).fit(data);
    PerceptronClassificationModel second = perceptron().setSeed(5).fit(data);
    assertArrayEquals(first.weights(), second.weights());
    assertEquals(first.bias(), second.bias());
    assertArrayEquals(first.mistakesPerEpoch(), second.mistakesPerEpoch());
    PerceptronClassificationModel otherSeed = perceptron().setSeed(6).fit(data);
    assertFalse(Arrays.equals(first.weights(), otherSeed.weights())
        && first.bias() == otherSeed.bias(), "another seed visits the rows in another order");
  }

  @Test
  void driverTakesTheMeanOfThePartitionsThatHoldRows() {
    // One row per partition, so the order does not matter. Epoch 1 from zero: each partition
    // misclassifies its row and moves to (1, 0, 1) and (0, 1, 1); their mean (0.5, 0.5, 1)
    // classifies both rows, so epoch 2 makes no mistakes. The empty partition has no say.
    Dataset<Row> data = Datasets.partitioned(List.of(row(1, 0, 1), row(0, 1, 1)), 1, 0, 1);
    for (boolean averaged : new boolean[] {false, true}) {
      PerceptronClassificationModel model = perceptron().setAveraged(averaged).fit(data);
      assertArrayEquals(new long[] {2, 0}, model.mistakesPerEpoch());
      assertArrayEquals(new float[] {0.5f, 0.5f}, model.weights(), "averaged " + averaged);
      assertEquals(1f, model.bias(), "averaged " + averaged);
    }
  }

  @Test
  void modelScoresTheMarginOfItsWeights() {
    Dataset<Row> data = Datasets.partitioned(SEPARABLE, 300);
    PerceptronClassificationModel model = perceptron().fit(data);
    float[] w = model.weights();
    assertEquals(2, w.length);
    w[0] = Float.NaN;
    assertFalse(Float.isNaN(model.weights()[0]), "weights() must return a copy");
    List<Row> scored = model.transform(data).select("features", "rawPrediction", "prediction")
        .collectAsList();
    for (Row r : scored) {
      double[] x = ((Vector) r.get(0)).toArray();
      double margin = (double) model.weights()[0] * (float) x[0]
          + (double) model.weights()[1] * (float) x[1] + model.bias();
      double[] raw = ((Vector) r.get(1)).toArray();
      assertEquals(margin, raw[1], 1e-9 * (1 + Math.abs(margin)));
      assertEquals(-raw[1], raw[0]);
      assertEquals(raw[1] > 0 ? 1.0 : 0.0, r.getDouble(2));
    }
    assertFalse(Arrays.asList(model.transform(data).columns()).contains("probability"));
  }

  @Test
  void averagingSumsTheWeightsAfterEveryStep() {
    // Three equal rows x = (1, 0), label 1: the first step is the only mistake, whatever the
    // order, and leaves w = (1, 0), b = 1 for all three steps.
    PartitionBlock block = new PartitionBlock(0, 3, 2, 1,
        new float[] {1, 0, 1, 0, 1, 0}, new float[] {1, 1, 1}, null);
    PerceptronPass pass = PerceptronPass.run(block, new float[3], 1.0, true, 7);
    assertEquals(1, pass.mistakes);
    assertArrayEquals(new float[] {1, 0, 1}, pass.params);
    assertArrayEquals(new double[] {3, 0, 3}, pass.stepSum);
    PerceptronPass plain = PerceptronPass.run(block, new float[3], 1.0, false, 7);
    assertArrayEquals(pass.params, plain.params, "averaging must not change the trajectory");
  }

  @Test
  void lazilyKeptStepSumEqualsTheSumOfTheWeightsAfterEachStep() {
    // Integer inputs and learning rate 1 keep every value exact, so the sums must agree exactly
    // with a step-by-step run of the rule in the order the pass uses.
    Random random = new Random(4);
    int n = 30;
    float[] features = new float[2 * n];
    float[] labels = new float[n];
    for (int r = 0; r < n; r++) {
      features[2 * r] = random.nextInt(5) - 2;
      features[2 * r + 1] = random.nextInt(5) - 2;
      labels[r] = random.nextInt(2);
    }
    float[] start = {1, -1, 0};
    PartitionBlock block = new PartitionBlock(0, n, 2, 1, features, labels, null);
    PerceptronPass pass = PerceptronPass.run(block, start, 1.0, true, 7);

    double[] w = {start[0], start[1], start[2]};
    double[] sum = new double[3];
    long mistakes = 0;
    for (int r : PerceptronPass.order(n, 7)) {
      double x0 = features[2 * r];
      double x1 = features[2 * r + 1];
      int predicted = w[0] * x0 + w[1] * x1 + w[2] > 0 ? 1 : 0;
      if (predicted != labels[r]) {
        double sign = labels[r] == 1 ? 1 : -1;
        w[0] += sign * x0;
        w[1] += sign * x1;
        w[2] += sign;
        mistakes++;
      }
      for (int i = 0; i < 3; i++) {
        sum[i] += w[i];
      }
    }
    assertTrue(mistakes > 0, "the rows must make the rule work");
    assertEquals(mistakes, pass.mistakes);
    assertArrayEquals(new float[] {(float) w[0], (float) w[1], (float) w[2]}, pass.params);
    assertArrayEquals(sum, pass.stepSum);
  }

  @Test
  void savedAndLoadedModelPredictsExactlyTheSame() throws IOException {
    Dataset<Row> data = Datasets.partitioned(SEPARABLE, 150, 150);
    PerceptronClassificationModel model = perceptron().setAveraged(true).fit(data);
    String path = dir.resolve("model").toString();
    model.write().save(path);
    PerceptronClassificationModel loaded = PerceptronClassificationModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertArrayEquals(model.weights(), loaded.weights());
    assertEquals(model.bias(), loaded.bias());
    assertTrue(loaded.isAveraged());
    assertArrayEquals(model.mistakesPerEpoch(), loaded.mistakesPerEpoch());
    assertEquals(model.stopReason(), loaded.stopReason());
    assertEquals(scores(model, data), scores(loaded, data));
    assertThrows(IOException.class, () -> model.write().save(path), "saving over a model");
    model.write().overwrite().save(path);
    assertEquals(scores(model, data), scores(PerceptronClassificationModel.load(path), data));
    IllegalArgumentException wrongClass = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetworkClassificationModel.load(path));
    assertTrue(wrongClass.getMessage().contains(PerceptronClassificationModel.class.getName()),
        wrongClass.getMessage());
  }

  @Test
  void pipelineModelHoldingThePerceptronSavesAndLoads() throws IOException {
    Dataset<Row> data = Datasets.partitioned(SEPARABLE, 150, 150);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        new PerceptronClassifier().setFeaturesCol("scaled").setMaxEpochs(40).setSeed(3)});
    PipelineModel fitted = pipeline.fit(data);
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(scores(fitted, data), scores(loaded, data));
    assertEquals(SEPARABLE.size(), loaded.transform(data).filter("prediction = label").count());

    String unfitted = dir.resolve("unfitted").toString();
    pipeline.write().save(unfitted);
    PerceptronClassifier stage = (PerceptronClassifier) Pipeline.load(unfitted).getStages()[1];
    assertEquals(40, stage.getMaxEpochs());
    assertEquals(3, stage.getSeed());
    assertEquals("scaled", stage.getFeaturesCol());
  }

  @Test
  void estimatorKeepsItsParamsThroughSaveAndLoad() throws IOException {
    PerceptronClassifier estimator = new PerceptronClassifier().setMaxEpochs(7)
        .setLearningRate(0.25).setSeed(99).setAveraged(true).setLabelCol("y");
    String path = dir.resolve("estimator").toString();
    estimator.write().save(path);
    PerceptronClassifier loaded = PerceptronClassifier.load(path);
    assertEquals(estimator.uid(), loaded.uid());
    assertEquals(estimator.extractParamMap().toString(), loaded.extractParamMap().toString());
  }

  @Test
  void labelsOtherThanZeroOrOneAreRefusedWithTheRow() throws Exception {
    List<Row> rows = new ArrayList<>(SEPARABLE.subList(0, 10));
    rows.set(6, RowFactory.create(2.0, Vectors.dense(0.5, 0.5)));
    Dataset<Row> data = Datasets.partitioned(rows, 5, 5);
    Exception e = assertThrows(Exception.class,
        () -> TestSpark.withoutTaskFailureLogs(() -> perceptron().fit(data)));
    IllegalArgumentException cause = illegalArgumentIn(e);
    assertTrue(cause.getMessage().contains("Row 6")
        && cause.getMessage().contains("column 'label' holds 2.0")
        && cause.getMessage().contains("labels 0 or 1"), cause.getMessage());

    rows.set(6, RowFactory.create(null, Vectors.dense(0.5, 0.5)));
    Dataset<Row> withNull = Datasets.partitioned(rows, 10);
    Exception nullLabel = assertThrows(Exception.class,
        () -> TestSpark.withoutTaskFailureLogs(() -> perceptron().fit(withNull)));
    assertTrue(illegalArgumentIn(nullLabel).getMessage().contains("column 'label' is null"),
        illegalArgumentIn(nullLabel).getMessage());
  }

  @Test
  void labelMetadataWithMoreThanTwoClassesIsRefusedBeforeTraining() {
    Dataset<Row> data = Datasets.partitioned(SEPARABLE, 300);
    Dataset<Row> threeClasses = data.withColumn("label", data.col("label"),
        NominalAttribute.defaultAttr().withNumValues(3).toMetadata());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> perceptron().fit(threeClasses));
    assertTrue(e.getMessage().contains("'label' has 3 classes"), e.getMessage());
  }

  @Test
  void featureVectorsOfTheWrongSizeAreRefused() throws Exception {
    PerceptronClassificationModel model = perceptron().fit(Datasets.partitioned(SEPARABLE, 300));
    Dataset<Row> wide = TestSpark.session().createDataFrame(
        List.of(RowFactory.create(1.0, Vectors.dense(1, 2, 3))), Datasets.SCHEMA);
    Exception e = assertThrows(Exception.class,
        () -> TestSpark.withoutTaskFailureLogs(() -> model.transform(wide).collectAsList()));
    String message = illegalArgumentIn(e).getMessage();
    assertTrue(message.contains("'features' holds a vector of size 3")
        && message.contains("takes 2 features"), message);
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
        () -> model.predictRaw(Vectors.sparse(5, new int[] {1}, new double[] {1})));
    assertTrue(single.getMessage().contains("size 5"), single.getMessage());
  }

  @Test
  void paramsRefuseValuesOutsideTheirRange() {
    PerceptronClassifier p = new PerceptronClassifier();
    assertThrows(IllegalArgumentException.class, () -> p.setMaxEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> p.setLearningRate(0));
    assertThrows(IllegalArgumentException.class, () -> p.setLearningRate(Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> p.setLearningRate(Double.POSITIVE_INFINITY));
    assertEquals(100, p.getMaxEpochs());
    assertEquals(1.0, p.getLearningRate());
    assertFalse(p.getAveraged());
    assertTrue(p.explainParam(p.maxEpochs()).contains("Example"));
  }

  @Test
  void modelDescribesItselfInOneLine() {
    PerceptronClassificationModel model =
        perceptron().setMaxEpochs(2).fit(Datasets.partitioned(XOR, 4));
    String text = model.toString();
    assertTrue(text.contains(model.uid()) && text.contains("numFeatures=2")
        && !text.contains("\n"), text);
  }

  private static PerceptronClassifier perceptron() {
    return new PerceptronClassifier().setMaxEpochs(MAX_EPOCHS).setSeed(11);
  }

  private static long correct(Transformer model, Dataset<Row> data) {
    return model.transform(data).filter("prediction = label").count();
  }

  private static List<Row> scores(Transformer model, Dataset<Row> data) {
    return model.transform(data).select("rawPrediction", "prediction").collectAsList();
  }

  private static IllegalArgumentException illegalArgumentIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return (IllegalArgumentException) t;
      }
    }
    return fail("no IllegalArgumentException in the causes of " + e);
  }

  private static Row row(double x1, double x2, double label) {
    return RowFactory.create(label, Vectors.dense(x1, x2));
  }

  /** {@code n} points of [-1, 1]^2 at least {@code margin} from a fixed line, labelled by side. */
  private static List<Row> separable(int n, double margin, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    while (rows.size() < n) {
      double x = 2 * random.nextDouble() - 1;
      double y = 2 * random.nextDouble() - 1;
      double distance = 0.8 * x - 0.6 * y + 0.1;
      if (Math.abs(distance) >= margin) {
        rows.add(row(x, y, distance > 0 ? 1 : 0));
      }
    }
    return rows;
  }

  static {
    TestSpark.session();
  }
}
