package io.github.sparkbackprop.ml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Loads a saved PipelineModel in a JVM of its own and scores a Parquet file with it: what
 * PersistenceTest runs as a separate {@code java} process to show that a saved model needs
 * nothing from the JVM that saved it.
 *
 * <p>Arguments: the model directory, the Parquet input, the output file, and the names of the
 * columns to write after column {@code id}. Each output line is the row's id and those columns'
 * values, separated by spaces, in id order.
 */
public final class FreshJvmScoring {
  private FreshJvmScoring() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder()
        .master("local[1]")
        .appName("fresh-jvm-scoring")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      PipelineModel model = PipelineModel.load(args[0]);
      List<String> columns = new ArrayList<>(List.of("id"));
      for (int i = 3; i < args.length; i++) {
        columns.add(args[i]);
      }
      List<Row> rows = model.transform(spark.read().parquet(args[1]))
          .selectExpr(columns.toArray(new String[0]))
          .orderBy("id")
          .collectAsList();
      Files.write(Path.of(args[2]), lines(rows), StandardCharsets.UTF_8);
    } finally {
      spark.stop();
    }
  }

  /** One line per row: its values, separated by spaces. */
  static List<String> lines(List<Row> rows) {
    List<String> lines = new ArrayList<>();
    for (Row row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == 0 ? "" : " ").append(row.get(i));
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
