package io.github.sparkbackprop.ml;

import java.util.function.UnaryOperator;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schema checks that the stages run on the driver before any Spark job, each naming the column,
 * the Param that names it, the expected and the actual type or size.
 */
final class InputChecks {
  private InputChecks() {}

  /** The field called {@code name}, which Param {@code param} names. */
  static StructField column(StructType schema, String name, String param) {
    for (StructField field : schema.fields()) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    throw new IllegalArgumentException("Column '" + name + "' (Param " + param
        + ") does not exist; the columns are " + String.join(", ", schema.fieldNames()));
  }

  /**
   * Runs Spark's own schema check {@code sparkCheck}, which wants a vector features column, on
   * {@code schema} with an image or sequence column shown to it as a vector column, and gives the
   * column back its own type in the result.
   */
  static StructType sparkSchema(StructType schema, String featuresCol,
      UnaryOperator<StructType> sparkCheck) {
    return ImageFeatures.sparkSchema(schema, featuresCol, s -> SequenceColumns.restore(
        sparkCheck.apply(SequenceColumns.asVectorColumn(s, featuresCol)), s, featuresCol));
  }

  /**
   * Refuses a features column that holds neither ml.linalg Vectors, nor sequences of them
   * ({@code array<vector>}, see {@link SequenceColumns}), nor the images of Spark's image data
   * source.
   */
  static void features(StructType schema, String featuresCol) {
    DataType type = column(schema, featuresCol, "featuresCol").dataType();
    if (!(type instanceof VectorUDT) && !SequenceColumns.isSequence(type)
        && !ImageFeatures.isImageType(type)) {
      throw new IllegalArgumentException("Column '" + featuresCol + "' (Param featuresCol) must"
          + " hold vectors (org.apache.spark.ml.linalg.Vector), array<vector> for sequences or"
          + " the images of Spark's image data source but has type " + type.catalogString()
          + "; assemble the feature columns into one vector column with"
          + " org.apache.spark.ml.feature.VectorAssembler");
    }
  }

  /**
   * Refuses a label column that is not numeric: strings with a pointer to StringIndexer for a
   * classifier, or to a cast for a regressor. Integer, long, float and decimal labels are fine:
   * Spark's Predictor casts them to double before training.
   */
  static void label(StructType schema, String labelCol, boolean classifier) {
    DataType type = column(schema, labelCol, "labelCol").dataType();
    if (type instanceof NumericType) {
      return;
    }
    String prefix = "Column '" + labelCol + "' (Param labelCol) ";
    if (type instanceof StringType && classifier) {
      throw new IllegalArgumentException(prefix + "holds strings but a classifier needs class"
          + " indices 0, 1, ..., k-1 in a numeric column; turn the strings into indices with"
          + " org.apache.spark.ml.feature.StringIndexer, for example new StringIndexer()"
          + ".setInputCol(\"" + labelCol + "\").setOutputCol(\"" + labelCol + "Index\"), and"
          + " train on setLabelCol(\"" + labelCol + "Index\")");
    }
    throw new IllegalArgumentException(prefix + "must be numeric (byte, short, integer, long,"
        + " float, double or decimal) but has type " + type.catalogString()
        + (type instanceof StringType ? "; cast it, for example col(\"" + labelCol
            + "\").cast(\"double\")" : ""));
  }

  /** Refuses a weight column that is missing or not numeric; an empty name means no weights. */
  static void weight(StructType schema, String weightCol) {
    if (weightCol.isEmpty()) {
      return;
    }
    DataType type = column(schema, weightCol, "weightCol").dataType();
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException("Column '" + weightCol + "' (Param weightCol) must be"
          + " numeric but has type " + type.catalogString());
    }
  }

  /** The vector size the features column's metadata records, or -1 when it records none. */
  static int metadataSize(StructType schema, String featuresCol) {
    StructField field = column(schema, featuresCol, "featuresCol");
    if (!(field.dataType() instanceof VectorUDT)) {
      return -1;
    }
    return AttributeGroup.fromStructField(field).size();
  }

  /**
   * Refuses a features column whose metadata records vectors of another size than the
   * {@code expected} features of a fitted network; without metadata the rows are checked as
   * they are scored, as are images.
   */
  static void featureSize(StructType schema, String featuresCol, int expected) {
    if (ImageFeatures.isImageColumn(schema, featuresCol)) {
      return;
    }
    int size = metadataSize(schema, featuresCol);
    if (size >= 0 && size != expected) {
      throw new IllegalArgumentException("Column '" + featuresCol + "' (Param featuresCol)"
          + " holds vectors of size " + size + " according to its metadata but the network"
          + " takes " + expected + " features");
    }
  }
}
