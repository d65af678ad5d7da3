package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ClassifierSmokeTest {
  @Test
  void learnsTwoBlobs() {
    SparkSession spark = TestSpark.session();
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int label = i % 3;
      rows.add(RowFactory.create((double) label,
          Vectors.dense(label + 0.3 * random.nextGaussian(), -label + 0.3 * random.nextGaussian())));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", new VectorUDT());
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setLayers("dense(16, relu), dense(3, softmax)")
        .setMaxEpochs(20).setBatchSize(32).setLearningRate(0.01)
        .addTrainingListener(s -> System.err.println(s))
        .fit(df);
    Dataset<Row> scored = model.transform(df);
    scored.show(3, false);
    long correct = scored.filter("prediction = label").count();
    assertTrue(correct > 380, "correct " + correct);
  }
}
