package io.github.sparkbackprop.ml;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/** Copies feature vectors into float blocks, checking each value on the way. */
final class FeatureVectors {
  private FeatureVectors() {}

  /**
   * Writes the vector at {@code position} of {@code row} into {@code dest[offset, offset + size)},
   * checking that it has {@code size} values and that every value is finite. {@code index} and
   * {@code column} only name the row in error messages.
   */
  static void read(Row row, int position, String column, int size, long index, float[] dest,
      int offset) {
    if (row.isNullAt(position)) {
      throw new IllegalArgumentException("Row " + index + ": column '" + column + "' is null");
    }
    Vector vector = (Vector) row.get(position);
    if (vector.size() != size) {
      throw new IllegalArgumentException("Row " + index + ": column '" + column
          + "' holds a vector of size " + vector.size() + " but the network takes " + size
          + " features");
    }
    if (vector instanceof DenseVector) {
      double[] values = ((DenseVector) vector).values();
      for (int i = 0; i < size; i++) {
        dest[offset + i] = finite(values[i], i, row, column, index);
      }
    } else {
      SparseVector sparse = (SparseVector) vector;
      java.util.Arrays.fill(dest, offset, offset + size, 0f);
      int[] indices = sparse.indices();
      double[] values = sparse.values();
      for (int k = 0; k < indices.length; k++) {
        dest[offset + indices[k]] = finite(values[k], indices[k], row, column, index);
      }
    }
  }

  /**
   * Whether the vector at {@code position} of {@code row} is set and holds finite values only:
   * what Param handleInvalid calls a valid row. Its size is checked later, by {@link #read}. An
   * image of Spark's image data source is valid when {@link ImageFeatures#usable} says so.
   */
  static boolean usable(Row row, int position) {
    if (row.isNullAt(position)) {
      return false;
    }
    if (row.get(position) instanceof Row) {
      return ImageFeatures.usable(row.getStruct(position));
    }
    if (!(row.get(position) instanceof Vector)) {
      return SequenceColumns.usable(row, position);
    }
    Vector vector = (Vector) row.get(position);
    double[] values = vector instanceof SparseVector
        ? ((SparseVector) vector).values() : ((DenseVector) vector).values();
    for (double value : values) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  private static float finite(double value, int i, Row row, String column, long index) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Row " + index + ": column '" + column + "' holds "
          + value + " at index " + i + "; features must be finite numbers");
    }
    return (float) value;
  }
}
