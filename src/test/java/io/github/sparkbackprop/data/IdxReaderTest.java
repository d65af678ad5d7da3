package io.github.sparkbackprop.data;

import io.github.sparkbackprop.testing.TestSpark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdxReaderTest {

  private static final int HEIGHT = 3;
  private static final int WIDTH = 2;
  private static final int COUNT = 7;

  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }


  /** Pixels that cover 0 and 255 and differ between images and positions. */
  private static int[][] images() {
    int[][] images = new int[COUNT][HEIGHT * WIDTH];
    for (int i = 0; i < COUNT; i++) {
      for (int p = 0; p < HEIGHT * WIDTH; p++) {
        images[i][p] = (i * 37 + p * 101) % 256;
      }
    }
    images[2][3] = 255;
    return images;
  }

  /** Labels out of order, so that a row order mistake shows. */
  private static int[] labels() {
    return new int[] {3, 0, 9, 1, 7, 7, 2};
  }

  private Path writeImages(String name, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    IdxWriter.writeImages(file, HEIGHT, WIDTH, images(), gzip);
    return file;
  }

  private Path writeLabels(String name, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    IdxWriter.writeLabels(file, labels(), gzip);
    return file;
  }

  private static List<Row> read(Path images, Path labels, int partitions) {
    return IdxReader.read(spark, images.toString(), labels.toString(), partitions)
        .collectAsList();
  }

  private static void assertRowsExact(List<Row> rows) {
    int[][] images = images();
    int[] labels = labels();
    assertEquals(COUNT, rows.size());
    for (int i = 0; i < COUNT; i++) {
      double[] expected = new double[HEIGHT * WIDTH];
      for (int p = 0; p < expected.length; p++) {
        expected[p] = images[i][p] / 255.0;
      }
      Row row = rows.get(i);
      assertEquals(labels[i], row.getDouble(0), "label of row " + i);
      assertArrayEquals(expected, ((Vector) row.get(1)).toArray(), "pixels of row " + i);
    }
  }

  @ParameterizedTest(name = "images gzip={0}, labels gzip={1}, {2} partitions")
  @CsvSource({
      "false, false, 1", "false, false, 3", "false, false, 10",
      "true, true, 1", "true, true, 3", "true, true, 10",
      "true, false, 3", "false, true, 2"})
  void readsEveryPixelAndLabelInFileOrder(boolean imagesGzip, boolean labelsGzip, int partitions)
      throws IOException {
    Path images = writeImages("images.idx", imagesGzip);
    Path labels = writeLabels("labels.idx", labelsGzip);

    Dataset<Row> frame = IdxReader.read(spark, images.toString(), labels.toString(), partitions);

    assertEquals(IdxReader.SCHEMA, frame.schema());
    assertEquals(partitions, frame.rdd().getNumPartitions());
    assertRowsExact(frame.collectAsList());
  }

  @Test
  void acceptsFileUris() throws IOException {
    Path images = writeImages("images.gz", true);
    Path labels = writeLabels("labels.gz", true);

    List<Row> rows = IdxReader.read(spark, images.toUri().toString(), labels.toUri().toString(), 2)
        .collectAsList();

    assertRowsExact(rows);
  }

  @Test
  void readsEmptyFiles() throws IOException {
    Path images = dir.resolve("images");
    Path labels = dir.resolve("labels");
    IdxWriter.writeImages(images, HEIGHT, WIDTH, new int[0][], true);
    IdxWriter.writeLabels(labels, new int[0], false);

    assertEquals(0, read(images, labels, 3).size());
  }

  @Test
  void rejectsWrongMagicNumber() throws IOException {
    Path labels = writeLabels("labels.idx", false);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdxReader.read(spark, labels.toString(), labels.toString(), 1));

    assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("must be 0x00000803"), e.getMessage());
    assertTrue(e.getMessage().contains("but was 0x00000801"), e.getMessage());
  }

  @Test
  void rejectsNonUnsignedByteType() throws IOException {
    Path file = dir.resolve("floats.idx");
    IdxWriter.write(file, 0x00000d01, new int[] {1}, new byte[4], false);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdxReader.readHeader(spark, file.toString()));

    assertTrue(e.getMessage().contains("element type must be 0x08"), e.getMessage());
    assertTrue(e.getMessage().contains("but was 0x0d"), e.getMessage());
  }

  @Test
  void rejectsDifferentImageAndLabelCounts() throws IOException {
    Path images = writeImages("images.gz", true);
    Path labels = dir.resolve("labels.gz");
    IdxWriter.writeLabels(labels, Arrays.copyOf(labels(), COUNT - 1), true);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read(images, labels, 2));

    assertTrue(e.getMessage().contains("holds 7 images"), e.getMessage());
    assertTrue(e.getMessage().contains("holds 6 labels"), e.getMessage());
    assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
  }

  @Test
  void rejectsTruncatedPlainFileOnTheDriver() throws IOException {
    Path images = writeImages("images.idx", false);
    Path labels = writeLabels("labels.idx", false);
    byte[] whole = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(whole, whole.length - 2));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read(images, labels, 2));

    assertTrue(e.getMessage().contains(images.toString() + " is truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("need 58 bytes but the file has 56"), e.getMessage());
    assertTrue(e.getMessage().contains("record 6"), e.getMessage());
  }

  @Test
  void rejectsPlainFileLongerThanItsHeader() throws IOException {
    Path images = writeImages("images.idx", false);
    Path labels = dir.resolve("labels.idx");
    IdxWriter.write(labels, IdxHeader.LABELS_MAGIC, new int[] {COUNT}, new byte[COUNT + 1],
        false);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read(images, labels, 2));

    assertTrue(e.getMessage().contains(labels + " holds more data than its header declares"),
        e.getMessage());
  }

  @Test
  void failsTheJobNamingFileAndRecordWhenGzipDataIsShort() throws IOException {
    Path images = dir.resolve("images.gz");
    Path labels = writeLabels("labels.gz", true);
    byte[] pixels = new byte[(COUNT - 1) * HEIGHT * WIDTH + 1];
    IdxWriter.write(images, IdxHeader.IMAGES_MAGIC, new int[] {COUNT, HEIGHT, WIDTH}, pixels,
        true);
    Dataset<Row> frame = IdxReader.read(spark, images.toString(), labels.toString(), 3);

    Exception e = assertThrows(Exception.class,
        () -> TestSpark.withoutTaskFailureLogs(frame::collectAsList));

    String expected = "IDX file " + images + " is truncated: it ends inside record 6 of 7";
    assertTrue(e instanceof SparkException, e.toString());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(taskCause(e).getMessage().startsWith(expected), taskCause(e).getMessage());
  }

  /** The task's own exception, which Spark attaches as the cause of the job's failure. */
  private static IllegalArgumentException taskCause(Throwable jobFailure) {
    for (Throwable t = jobFailure; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return (IllegalArgumentException) t;
      }
    }
    throw new AssertionError("no IllegalArgumentException among the causes of " + jobFailure,
        jobFailure);
  }

  @Test
  void failsTheJobNamingFileWhenGzipStreamIsCut() throws IOException {
    int count = 200;
    byte[] pixels = new byte[count * HEIGHT * WIDTH];
    int state = 1;
    for (int i = 0; i < pixels.length; i++) {
      state = state * 1103515245 + 12345;
      pixels[i] = (byte) (state >>> 24);
    }
    Path images = dir.resolve("images.gz");
    IdxWriter.write(images, IdxHeader.IMAGES_MAGIC, new int[] {count, HEIGHT, WIDTH}, pixels,
        true);
    byte[] whole = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(whole, whole.length - 100));
    Path labels = dir.resolve("labels.idx");
    IdxWriter.writeLabels(labels, new int[count], false);
    Dataset<Row> frame = IdxReader.read(spark, images.toString(), labels.toString(), 2);

    Exception e = assertThrows(Exception.class,
        () -> TestSpark.withoutTaskFailureLogs(frame::collectAsList));

    assertTrue(e.getMessage().contains("IDX file " + images + " is truncated: it ends inside "
        + "record "), e.getMessage());
  }

  @Test
  void failsTheJobWhenGzipDataIsLongerThanItsHeader() throws IOException {
    Path images = dir.resolve("images.gz");
    Path labels = writeLabels("labels.gz", true);
    IdxWriter.write(images, IdxHeader.IMAGES_MAGIC, new int[] {COUNT, HEIGHT, WIDTH},
        new byte[COUNT * HEIGHT * WIDTH + 5], true);
    Dataset<Row> frame = IdxReader.read(spark, images.toString(), labels.toString(), 2);

    Exception e = assertThrows(Exception.class,
        () -> TestSpark.withoutTaskFailureLogs(frame::collectAsList));

    assertTrue(e.getMessage().contains(images + " holds more data than its header declares"),
        e.getMessage());
  }

  @Test
  void rejectsMissingFile() throws IOException {
    Path labels = writeLabels("labels.gz", true);
    Path images = dir.resolve("no-such-images.gz");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read(images, labels, 1));

    assertTrue(e.getMessage().contains("IDX image file not found"), e.getMessage());
    assertTrue(e.getMessage().contains("no-such-images.gz"), e.getMessage());
  }

  @Test
  void rejectsNonPositivePartitionCount() throws IOException {
    Path images = writeImages("images.gz", true);
    Path labels = writeLabels("labels.gz", true);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read(images, labels, 0));

    assertEquals("numPartitions must be at least 1 but was 0", e.getMessage());
  }

  @Test
  void readsHeaderOfGzippedAndPlainStreams() throws IOException {
    for (boolean gzip : new boolean[] {false, true}) {
      Path images = writeImages("images-" + gzip, gzip);
      try (InputStream in = Files.newInputStream(images)) {
        IdxHeader header = IdxReader.readHeader(in, images.toString());

        assertEquals(IdxHeader.IMAGES_MAGIC, header.magic(), "gzip=" + gzip);
        assertArrayEquals(new int[] {COUNT, HEIGHT, WIDTH}, header.dimensions());
        assertEquals(HEIGHT * WIDTH, header.recordSize());
        assertEquals(16, header.headerLength());
      }
    }
  }

  @Test
  void rejectsHeaderCutShort() {
    InputStream in = new ByteArrayInputStream(new byte[] {0, 0, 8, 3, 0, 0, 0, 7, 0});

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdxReader.readHeader(in, "short.idx"));

    assertEquals("IDX file short.idx ends inside its header, while reading the size of "
        + "dimension 1", e.getMessage());
  }

  @Test
  void namesEveryMissingFashionMnistFile() throws IOException {
    Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES), new byte[0]);
    Files.write(dir.resolve(FashionMnist.TEST_LABELS), new byte[0]);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.checkPresent(dir.toString()));

    String message = e.getMessage();
    assertTrue(message.contains("lacks train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz."),
        message);
    assertTrue(message.contains("sudo apt-get install dataset-fashion-mnist"), message);
    assertTrue(message.contains("/usr/share/datasets/fashion-mnist"), message);
    assertTrue(message.contains("train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
        + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"), message);
  }

  @Test
  void fashionMnistTrainNeedsOnlyItsTwoFiles() throws IOException {
    IdxWriter.writeImages(dir.resolve(FashionMnist.TRAIN_IMAGES), HEIGHT, WIDTH, images(), true);
    IdxWriter.writeLabels(dir.resolve(FashionMnist.TRAIN_LABELS), labels(), true);

    assertRowsExact(FashionMnist.train(spark, dir.toString(), 2).collectAsList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.test(spark, dir.toString(), 2));
    assertTrue(e.getMessage().contains("lacks t10k-images-idx3-ubyte.gz, "
        + "t10k-labels-idx1-ubyte.gz."), e.getMessage());
  }

  @Test
  void readsRealFashionMnistTestSet() {
    assumeTrue(Files.isDirectory(Path.of(FashionMnist.DEFAULT_DIR)),
        "Fashion-MNIST is not installed under " + FashionMnist.DEFAULT_DIR
            + ": sudo apt-get install dataset-fashion-mnist to run this test");
    FashionMnist.checkPresent(FashionMnist.DEFAULT_DIR);

    Dataset<Row> test = FashionMnist.test(spark, FashionMnist.DEFAULT_DIR, 4);
    List<Row> rows = test.collectAsList();

    assertEquals(10_000, rows.size());
    List<Double> classes = rows.stream()
        .map(row -> row.getDouble(0))
        .distinct()
        .sorted()
        .collect(Collectors.toList());
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), classes);
    for (Row row : rows) {
      double[] pixels = ((Vector) row.get(1)).toArray();
      assertEquals(784, pixels.length);
      assertTrue(Arrays.stream(pixels).allMatch(p -> p >= 0.0 && p <= 1.0));
    }
    assertEquals(60_000, IdxReader.readHeader(spark,
        FashionMnist.DEFAULT_DIR + "/" + FashionMnist.TRAIN_IMAGES).count());
  }

  @Test
  void gzipDetectionIgnoresFileName() throws IOException {
    Path images = writeImages("images.gz", false);
    Path labels = dir.resolve("labels.plain");
    IdxWriter.writeLabels(labels, labels(), true);

    assertRowsExact(read(images, labels, 2));
  }
}
