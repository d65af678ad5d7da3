package io.github.sparkbackprop.ml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The diabetes regression set kept in sample-data/ (442 patients, 10 raw baseline measurements,
 * a disease progression score from 25 to 346); sample-data/README.md says where it came from.
 */
final class Diabetes {
  static final StructType SCHEMA = new StructType()
      .add("row", DataTypes.IntegerType)
      .add("label", DataTypes.DoubleType)
      .add("features", new VectorUDT());
  static final int ROWS = 442;

  private Diabetes() {}

  /** Rows of (row number, progression score, the 10 measurements unscaled). */
  static List<Row> rows() {
    List<String> features = lines(Path.of("sample-data/diabetes_data_raw.csv.gz"));
    List<String> targets = lines(Path.of("sample-data/diabetes_target.csv.gz"));
    if (features.size() != ROWS || targets.size() != ROWS) {
      throw new IllegalStateException("Expected " + ROWS + " lines in each diabetes file but got "
          + features.size() + " and " + targets.size());
    }
    List<Row> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      String[] fields = features.get(i).trim().split("\\s+");
      double[] values = new double[fields.length];
      for (int j = 0; j < fields.length; j++) {
        values[j] = Double.parseDouble(fields[j]);
      }
      rows.add(RowFactory.create(i, Double.parseDouble(targets.get(i).trim()),
          Vectors.dense(values)));
    }
    return rows;
  }

  private static List<String> lines(Path file) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
      List<String> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
