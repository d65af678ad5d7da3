package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Writes the models that StoredModelTest loads: a classifier and a regressor saved in the
 * current format version, and their predictions for a few fixed inputs. Run it once per format
 * version, into a new {@code src/test/resources/models/vN}, and keep the older folders:
 *
 * <pre>
 * mvn -B -q test-compile
 * java $(sed -n 's:.*&lt;spark.java.opens&gt;\(.*\)&lt;/spark.java.opens&gt;.*:\1:p' pom.xml) \
 *   -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *   io.github.sparkbackprop.ml.StoredModels src/test/resources/models/v1
 * </pre>
 *
 * ({@code target/classpath.txt} is written by any {@code jobs/*.sh} script.)
 */
public final class StoredModels {
  /** The inputs whose predictions are stored beside the models. */
  static final double[][] INPUTS = {
      {0, 0}, {2, 0}, {-1, 1.7}, {-1, -1.7}, {0.5, -3}, {4, 4}, {-0.3, 0.1}};
  static final String EXPECTED = "expected.csv";

  private StoredModels() {}

  public static void main(String[] args) throws IOException {
    generate(Path.of(args.length > 0 ? args[0] : "src/test/resources/models/v1"));
  }

  /** Fits, saves and scores both models into {@code dir}, replacing what is there. */
  static void generate(Path dir) throws IOException {
    Dataset<Row> data = TestSpark.session()
        .createDataFrame(PersistenceTest.rows(), PersistenceTest.SCHEMA).coalesce(1);
    NeuralNetworkClassificationModel classifier = new NeuralNetworkClassifier()
        .setLayers("dense(5, tanh), dense(3, softmax)")
        .setMaxEpochs(5)
        .setBatchSize(30)
        .setLearningRate(0.02)
        .setSeed(1)
        .fit(data);
    NeuralNetworkRegressionModel regressor = new NeuralNetworkRegressor()
        .setLabelCol("target")
        .setLayers("dense(6, tanh), dense(1)")
        .setLoss("huber")
        .setMaxEpochs(3)
        .setBatchSize(30)
        .setLearningRate(0.01)
        .setSeed(1)
        .fit(data);
    delete(dir);
    classifier.write().save(dir.resolve("classifier").toString());
    regressor.write().save(dir.resolve("regressor").toString());

    List<String> lines = new ArrayList<>();
    lines.add("x0,x1,class,p0,p1,p2,value");
    for (double[] x : INPUTS) {
      Vector features = Vectors.dense(x);
      Vector probability = classifier.predictProbability(features);
      lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s", x[0], x[1],
          classifier.predict(features), probability.apply(0), probability.apply(1),
          probability.apply(2), regressor.predict(features)));
    }
    Files.write(dir.resolve(EXPECTED), lines, StandardCharsets.UTF_8);
    removeChecksumsAndMarkers(dir);
  }

  /** Leaves the saved files alone: Hadoop's .crc files and _SUCCESS markers are not needed. */
  private static void removeChecksumsAndMarkers(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".crc") || name.equals("_SUCCESS")) {
          Files.delete(file);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** One scored row of {@value #EXPECTED}. */
  static Row parse(String line) {
    String[] fields = line.split(",");
    double[] values = new double[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = Double.parseDouble(fields[i]);
    }
    return RowFactory.create(Vectors.dense(values[0], values[1]), values[2],
        Vectors.dense(values[3], values[4], values[5]), values[6]);
  }
}
