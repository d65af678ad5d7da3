package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.train.ExampleReader;
import org.apache.spark.sql.Row;

/**
 * Reads the training rows of a classifier or a regressor: features as floats, the label as a
 * class index (classifier) or as the target value (regressor), and the row weight when a weight
 * column is set. Rows hold the features at position 0, the label (a double) at 1 and the weight
 * (a double) at 2.
 */
final class LabeledRows implements ExampleReader {
  private static final long serialVersionUID = 1L;

  private final String featuresCol;
  private final String labelCol;
  /** Null when every row weighs one. */
  private final String weightCol;
  private final int featureSize;
  /** The classes of a classifier, or 0 for a regressor's real-valued target. */
  private final int numClasses;
  /** The shape of the images in the features column, or null when it holds vectors. */
  private final Shape imageShape;
  /** Steps x features of sequence features (array<vector>), or null for plain vectors. */
  private final Shape sequenceShape;

  private LabeledRows(String featuresCol, String labelCol, String weightCol, int featureSize,
      int numClasses, Shape imageShape, Shape sequenceShape) {
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.weightCol = weightCol;
    this.featureSize = featureSize;
    this.numClasses = numClasses;
    this.imageShape = imageShape;
    this.sequenceShape = sequenceShape;
  }

  /** Labels are class indices {@code 0 .. numClasses - 1}; {@code weightCol} may be null. */
  static LabeledRows classes(String featuresCol, String labelCol, String weightCol,
      int featureSize, int numClasses) {
    return new LabeledRows(featuresCol, labelCol, weightCol, featureSize, numClasses, null,
        null);
  }

  /** Labels are finite real targets; {@code weightCol} may be null. */
  static LabeledRows targets(String featuresCol, String labelCol, String weightCol,
      int featureSize) {
    return new LabeledRows(featuresCol, labelCol, weightCol, featureSize, 0, null, null);
  }

  /**
   * This reader for a features column of Spark's image data source, whose images must all be of
   * {@code shape}.
   */
  LabeledRows images(Shape shape) {
    return new LabeledRows(featuresCol, labelCol, weightCol, shape.size(), numClasses, shape,
        null);
  }

  /**
   * This reader for features that are sequences of up to {@code shape.dim(0)} steps, stored
   * padded with their mask as {@link Shape#maskedSequence} describes.
   */
  LabeledRows withSequences(Shape shape) {
    return new LabeledRows(featuresCol, labelCol, weightCol, shape.size(), numClasses, null,
        shape);
  }

  @Override
  public int featureSize() {
    return featureSize;
  }

  @Override
  public int targetWidth() {
    return 1;
  }

  @Override
  public boolean weighted() {
    return weightCol != null;
  }

  @Override
  public float read(Row row, long index, float[] features, int featureOffset, float[] targets,
      int targetOffset) {
    readFeatures(row, index, features, featureOffset);
    targets[targetOffset] = (float) label(row, index);
    return weightCol == null ? 1f : weight(row, index);
  }

  private void readFeatures(Row row, long index, float[] features, int offset) {
    try {
      if (sequenceShape != null) {
        SequenceColumns.read(row, 0, featuresCol, sequenceShape.dim(0),
            SequenceColumns.features(sequenceShape), index, features, offset);
        return;
      }
      if (imageShape != null) {
        ImageFeatures.read(row, 0, featuresCol, imageShape, index, features, offset);
      } else {
        FeatureVectors.read(row, 0, featuresCol, featureSize, index, features, offset);
      }
    } catch (IllegalArgumentException e) {
      if (FeatureVectors.usable(row, 0)) {
        throw e;
      }
      throw new IllegalArgumentException(
          e.getMessage() + " (Param handleInvalid = skip leaves such rows out)", e);
    }
  }

  private double label(Row row, long index) {
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException("Row " + index + ": column '" + labelCol
          + "' (the label) is null; every training row needs a label");
    }
    double label = row.getDouble(1);
    if (numClasses == 0) {
      if (!Float.isFinite((float) label)) {
        throw new IllegalArgumentException("Row " + index + ": column '" + labelCol + "' holds "
            + label + " but a regression label must be a finite number of float range");
      }
    } else if (!(label >= 0 && label < numClasses && label == Math.rint(label))) {
      throw new IllegalArgumentException("Row " + index + ": column '" + labelCol + "' holds "
          + label + " but labels must be whole numbers from 0 to " + (numClasses - 1)
          + " for a network with " + numClasses + " classes");
    }
    return label;
  }

  private float weight(Row row, long index) {
    if (row.isNullAt(2)) {
      throw new IllegalArgumentException("Row " + index + ": column '" + weightCol
          + "' (Param weightCol) is null; weights must be finite numbers >= 0");
    }
    double weight = row.getDouble(2);
    if (!(weight >= 0) || Float.isInfinite((float) weight)) {
      throw new IllegalArgumentException("Row " + index + ": column '" + weightCol
          + "' (Param weightCol) holds " + weight + " but weights must be finite numbers >= 0");
    }
    return (float) weight;
  }
}
