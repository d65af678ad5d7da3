package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns of Spark's image data source as features: PNG files written here with javax.imageio,
 * read with {@code spark.read().format("image")}, trained on and scored, the conversion to floats,
 * and the errors for images of the wrong size.
 */
class ImageSourceTest {
  private static final int SIDE = 8;
  private static final String BLOCK_MANAGER = "org.apache.spark.storage.BlockManager";
  private static final String LAYERS =
      "conv(4, 3, activation=relu), maxpool(2), flatten, dense(2, softmax)";

  @TempDir
  static Path dir;

  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static NeuralNetworkClassificationModel model;

  @BeforeAll
  static void fit() throws IOException {
    writeBars(dir.resolve("train"), 100, 21);
    writeBars(dir.resolve("test"), 40, 22);
    train = images(dir.resolve("train")).cache();
    test = images(dir.resolve("test")).cache();
    model = classifier().fit(train);
  }

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setFeaturesCol("image")
        .setLayers(LAYERS)
        .setMaxEpochs(20)
        .setBatchSize(32)
        .setLearningRate(0.01)
        .setSeed(5);
  }

  /** The image source's rows; the directories label=0 and label=1 give the label column. */
  private static Dataset<Row> images(Path path) {
    return TestSpark.session().read().format("image").load(path.toString());
  }

  /**
   * {@code perClass} grey PNGs of each class under {@code root/label=k}: a bright bar two pixels
   * wide on a noisy background, vertical for class 0 and horizontal for class 1.
   */
  private static void writeBars(Path root, int perClass, long seed) throws IOException {
    Random random = new Random(seed);
    for (int label = 0; label < 2; label++) {
      Path classDir = Files.createDirectories(root.resolve("label=" + label));
      for (int i = 0; i < perClass; i++) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        int at = random.nextInt(SIDE - 1);
        for (int y = 0; y < SIDE; y++) {
          for (int x = 0; x < SIDE; x++) {
            int across = label == 0 ? x : y;
            boolean bar = across == at || across == at + 1;
            int grey = (bar ? 200 : 0) + random.nextInt(50);
            image.getRaster().setSample(x, y, 0, grey);
          }
        }
        ImageIO.write(image, "png", classDir.resolve("bar-" + i + ".png").toFile());
      }
    }
  }

  private static double accuracy(NeuralNetworkClassificationModel m, Dataset<Row> data) {
    List<Row> scored = m.transform(data).select("label", "prediction").collectAsList();
    long right = scored.stream().filter(r -> r.getInt(0) == r.getDouble(1)).count();
    return (double) right / scored.size();
  }

  @Test
  void trainsOnImageColumnsAndScoresThem() {
    assertEquals(Shape.image(1, SIDE, SIDE), model.architecture().inputShape());
    Dataset<Row> scored = model.transform(test);

    assertTrue(List.of(scored.columns()).contains("image"), "the image column is kept");
    assertEquals(80, scored.count());
    double accuracy = accuracy(model, test);
    assertTrue(accuracy >= 0.9, "test accuracy " + accuracy);
  }

  /** Red, green and blue planes in that order, each byte divided by 255. */
  @Test
  void colourImagesBecomeRgbPlanesScaledToOne() throws IOException {
    Path colour = Files.createDirectories(dir.resolve("colour"));
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    int[][] rgb = {{255, 0, 0}, {0, 128, 0}, {0, 0, 64}, {10, 20, 30}, {1, 2, 3}, {250, 5, 9}};
    for (int p = 0; p < 6; p++) {
      image.setRGB(p % 3, p / 3, (rgb[p][0] << 16) | (rgb[p][1] << 8) | rgb[p][2]);
    }
    ImageIO.write(image, "png", colour.resolve("pixels.png").toFile());
    Row row = images(colour).first();

    float[] floats = new float[18];
    ImageFeatures.read(row, 0, "image", Shape.image(3, 2, 3), 0, floats, 0);

    float[] expected = new float[18];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < 6; p++) {
        expected[c * 6 + p] = rgb[p][c] / 255f;
      }
    }
    assertArrayEquals(expected, floats, 1e-7f);
  }

  @Test
  void imagesOfAnotherSizeAreRefusedNamingTheFileAndBothShapes() throws IOException {
    Path mixed = dir.resolve("mixed");
    writeBars(mixed, 3, 23);
    BufferedImage small = new BufferedImage(6, 6, BufferedImage.TYPE_BYTE_GRAY);
    ImageIO.write(small, "png", mixed.resolve("label=1").resolve("small.png").toFile());
    Dataset<Row> data = images(mixed);

    Throwable fitting = quietFailure(() -> classifier().setInputShape("1x8x8").fit(data));
    assertInstanceOf(IllegalArgumentException.class, fitting);
    assertMentions(fitting.getMessage(), "'image'", "small.png", "1x6x6", "1x8x8");

    Throwable scoring = quietFailure(() -> model.transform(data).collectAsList());
    assertMentions(scoring.getMessage(), "'image'", "small.png", "1x6x6", "1x8x8");
  }

  /** The same pixels as vectors of channel x height x width score as the images do. */
  @Test
  void vectorsOfTheImageLayoutScoreAsTheImages() {
    List<Row> rows = model.transform(test).select("image", "probability").collectAsList();
    List<Row> vectors = new ArrayList<>();
    for (Row row : rows) {
      float[] floats = new float[SIDE * SIDE];
      ImageFeatures.read(row, 0, "image", Shape.image(1, SIDE, SIDE), 0, floats, 0);
      double[] values = new double[floats.length];
      for (int i = 0; i < floats.length; i++) {
        values[i] = floats[i];
      }
      vectors.add(RowFactory.create(0.0, Vectors.dense(values)));
    }
    NeuralNetworkClassificationModel onVectors = model.copy(new ParamMap());
    onVectors.setFeaturesCol("features");
    List<Row> scored = onVectors.transform(
        TestSpark.session().createDataFrame(vectors, Datasets.SCHEMA))
        .select("probability").collectAsList();

    for (int i = 0; i < rows.size(); i++) {
      assertArrayEquals(((Vector) rows.get(i).get(1)).toArray(),
          ((Vector) scored.get(i).get(0)).toArray(), 1e-6, "image " + i);
    }
  }

  /** A file the source cannot decode is an invalid row: skipped, or refused by name. */
  @Test
  void undecodableFilesFollowHandleInvalid() throws IOException {
    Path broken = dir.resolve("broken");
    writeBars(broken, 2, 24);
    Files.writeString(broken.resolve("label=0").resolve("notes.png"), "not an image");
    Dataset<Row> data = images(broken);

    assertEquals(4, model.copy(new ParamMap()).setHandleInvalid("skip").transform(data).count());
    Throwable e = quietFailure(() -> model.transform(data).collectAsList());
    assertMentions(e.getMessage(), "notes.png", "not a decoded", "handleInvalid");
  }

  @Test
  void anInputShapeThatDiffersFromTheImagesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier().setInputShape("1x4x16").fit(train));

    assertMentions(e.getMessage(), "'image'", "1x8x8", "1x4x16", "bar-");
  }

  @Test
  void anotherStructIsNotAnImageColumn() {
    Dataset<Row> other = TestSpark.session().createDataFrame(
        List.of(RowFactory.create(0.0, RowFactory.create(1, 2))),
        new org.apache.spark.sql.types.StructType()
            .add("label", "double")
            .add("image", "struct<height:int,width:int>"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> classifier().fit(other));
    assertMentions(e.getMessage(), "'image'", "featuresCol", "struct<height:int,width:int>");
  }

  /** The failure of {@code action}, without Spark's logging of the failed tasks. */
  private static Throwable quietFailure(java.util.concurrent.Callable<?> action) {
    Configurator.setLevel(BLOCK_MANAGER, Level.ERROR);
    try {
      return assertThrows(Exception.class, () -> TestSpark.withoutTaskFailureLogs(action));
    } finally {
      Configurator.setLevel(BLOCK_MANAGER, Level.WARN);
    }
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
  }
}
