package io.github.sparkbackprop.data;

import io.github.sparkbackprop.testing.TestSpark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsCsvTest {

  /** The copy in the repository, relative to the project directory that Maven runs tests in. */
  private static final Path SAMPLE = Path.of("sample-data", "digits.csv.gz");

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }


  @Test
  void readsTheSampleCopy() {
    assertTrue(Files.isRegularFile(SAMPLE), SAMPLE.toAbsolutePath() + " must exist");

    Dataset<Row> digits = DigitsCsv.read(spark, SAMPLE.toString());
    List<Row> rows = digits.collectAsList();

    assertEquals(IdxReader.SCHEMA, digits.schema());
    assertEquals(1797, rows.size());
    List<Double> classes = rows.stream()
        .map(row -> row.getDouble(0))
        .distinct()
        .sorted()
        .collect(Collectors.toList());
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), classes);
    double max = 0;
    for (Row row : rows) {
      double[] pixels = ((Vector) row.get(1)).toArray();
      assertEquals(DigitsCsv.PIXELS, pixels.length);
      for (double p : pixels) {
        assertTrue(p >= 0.0 && p <= 1.0, "pixel " + p + " must be in [0, 1]");
        max = Math.max(max, p);
      }
    }
    assertEquals(1.0, max, "some pixel must reach the full count of 16");
  }

  @Test
  void scalesPixelsByTheirMaximum(@TempDir Path dir) throws IOException {
    int[] counts = new int[DigitsCsv.PIXELS];
    counts[0] = 16;
    counts[1] = 4;
    counts[63] = 1;
    String line = Arrays.stream(counts).mapToObj(Integer::toString)
        .collect(Collectors.joining(",")) + ",7\n";
    Path file = dir.resolve("one.csv");
    Files.write(file, line.getBytes(StandardCharsets.US_ASCII));

    List<Row> rows = DigitsCsv.read(spark, file.toString()).collectAsList();

    double[] expected = new double[DigitsCsv.PIXELS];
    expected[0] = 1.0;
    expected[1] = 0.25;
    expected[63] = 1.0 / 16;
    assertEquals(1, rows.size());
    assertEquals(7.0, rows.get(0).getDouble(0));
    assertArrayEquals(expected, ((Vector) rows.get(0).get(1)).toArray());
  }

  @Test
  void rejectsCountAboveSixteen(@TempDir Path dir) throws IOException {
    int[] counts = new int[DigitsCsv.PIXELS];
    counts[5] = 17;
    String line = Arrays.stream(counts).mapToObj(Integer::toString)
        .collect(Collectors.joining(",")) + ",3\n";
    Path file = dir.resolve("bad.csv");
    Files.write(file, line.getBytes(StandardCharsets.US_ASCII));
    Dataset<Row> digits = DigitsCsv.read(spark, file.toString());

    Exception e = assertThrows(Exception.class,
        () -> TestSpark.withoutTaskFailureLogs(digits::collectAsList));

    assertTrue(e.getMessage().contains("column pixel5 must be in 0..16 but was 17"),
        e.getMessage());
  }
}
