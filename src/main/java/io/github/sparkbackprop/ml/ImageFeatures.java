package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Shape;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of Spark's image data source ({@code spark.read().format("image")}) as features: a
 * struct of origin, height, width, nChannels, mode and data, the bytes row by row, pixel by pixel,
 * in Spark's BGR (or BGRA) channel order.
 *
 * <p>An image becomes the network's channels x height x width floats, channel after channel, each
 * byte divided by 255 so that values lie in [0, 1]. Colour images are turned to RGB order (RGBA
 * with an alpha channel): channel 0 is red, 1 green, 2 blue. Only 8-bit images are read, the modes
 * CV_8UC1, CV_8UC3 and CV_8UC4 that the data source produces.
 */
final class ImageFeatures {
  // TODO: images of different sizes are refused; an option to scale each image to inputShape
  // while reading (bilinear, as users now do by hand beforehand) would accept them.

  /** OpenCV's depth code of unsigned 8-bit values, the low three bits of a mode. */
  private static final int DEPTH_8U = 0;

  private ImageFeatures() {}

  /** Whether {@code type} is the struct of Spark's image data source. */
  static boolean isImageType(DataType type) {
    if (!(type instanceof StructType)) {
      return false;
    }
    StructField[] fields = ((StructType) type).fields();
    StructField[] expected = ImageSchema.columnSchema().fields();
    if (fields.length != expected.length) {
      return false;
    }
    for (int i = 0; i < fields.length; i++) {
      if (!fields[i].name().equals(expected[i].name())
          || !fields[i].dataType().equals(expected[i].dataType())) {
        return false;
      }
    }
    return true;
  }

  /** Whether column {@code column} of {@code schema} holds images. */
  static boolean isImageColumn(StructType schema, String column) {
    return isImageType(InputChecks.column(schema, column, "featuresCol").dataType());
  }

  /**
   * Runs Spark's own schema check {@code sparkCheck}, which expects a vector features column, on
   * a copy of {@code schema} whose image column poses as one, and puts the image column back into
   * the result. Other schemas go to {@code sparkCheck} unchanged.
   */
  static StructType sparkSchema(StructType schema, String column,
      UnaryOperator<StructType> sparkCheck) {
    if (!isImageColumn(schema, column)) {
      return sparkCheck.apply(schema);
    }
    StructField image = schema.apply(column);
    StructField asVector =
        new StructField(column, new VectorUDT(), image.nullable(), image.metadata());
    return replace(sparkCheck.apply(replace(schema, asVector)), image);
  }

  private static StructType replace(StructType schema, StructField field) {
    StructField[] fields = schema.fields().clone();
    fields[schema.fieldIndex(field.name())] = field;
    return new StructType(fields);
  }

  /** Whether {@code image} is set, decoded and 8-bit: what Param handleInvalid calls valid. */
  static boolean usable(Row image) {
    if (image == null) {
      return false;
    }
    int height = ImageSchema.getHeight(image);
    int width = ImageSchema.getWidth(image);
    int channels = ImageSchema.getNChannels(image);
    byte[] data = ImageSchema.getData(image);
    return height > 0 && width > 0 && channels > 0 && data != null
        && (ImageSchema.getMode(image) & 7) == DEPTH_8U
        && data.length == (long) height * width * channels;
  }

  /** The image's channels x height x width. */
  static Shape shapeOf(Row image) {
    return Shape.image(ImageSchema.getNChannels(image), ImageSchema.getHeight(image),
        ImageSchema.getWidth(image));
  }

  /**
   * The input shape of a fit on the images of column {@code column} (position 0 of
   * {@code rows}): the first usable image's, which Param inputShape, when set, must equal.
   * Later images are checked against it as they are read.
   */
  static Shape fitShape(NeuralNetworkParams stage, Dataset<Row> rows, String column) {
    List<Row> first = rows.select(column)
        .where(functions.col(column).isNotNull()
            .and(functions.col(column + ".height").gt(0)))
        .limit(1)
        .collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("Column '" + column + "' (Param featuresCol) holds no"
          + " decoded image: every value is null or an image the data source could not read");
    }
    Row image = first.get(0).getStruct(0);
    Shape shape = shapeOf(image);
    if (!stage.getInputShape().isEmpty() && !Shape.parse(stage.getInputShape()).equals(shape)) {
      throw new IllegalArgumentException("Column '" + column + "' (Param featuresCol) holds"
          + " images of " + shape + " (channels x height x width), for example "
          + ImageSchema.getOrigin(image) + ", but Param inputShape is "
          + stage.getInputShape() + "; clear inputShape to take the images' shape");
    }
    return shape;
  }

  /**
   * Writes the image at {@code position} of {@code row} into {@code dest[offset, ...)} as
   * {@code shape} floats (see the class comment), refusing an image of another shape or one that
   * is not usable. {@code index} and {@code column} only name the row in error messages.
   */
  static void read(Row row, int position, String column, Shape shape, long index, float[] dest,
      int offset) {
    if (row.isNullAt(position)) {
      throw new IllegalArgumentException("Row " + index + ": column '" + column + "' is null");
    }
    Row image = row.getStruct(position);
    String prefix = "Row " + index + ": column '" + column + "' holds the image "
        + ImageSchema.getOrigin(image);
    if (!usable(image)) {
      throw new IllegalArgumentException(prefix + ", which is not a decoded 8-bit image (height "
          + ImageSchema.getHeight(image) + ", width " + ImageSchema.getWidth(image)
          + ", mode " + ImageSchema.getMode(image) + ")");
    }
    Shape actual = shapeOf(image);
    if (!actual.equals(shape)) {
      throw new IllegalArgumentException(prefix + " of " + actual + " (channels x height x width)"
          + " but the network takes images of " + shape + "; every image must have the same"
          + " size and number of channels");
    }
    convert(ImageSchema.getData(image), shape, dest, offset);
  }

  /** Interleaved BGR(A) bytes to planar RGB(A) floats in [0, 1]. */
  private static void convert(byte[] data, Shape shape, float[] dest, int offset) {
    int channels = shape.dim(0);
    int pixels = shape.dim(1) * shape.dim(2);
    for (int c = 0; c < channels; c++) {
      // Spark stores blue, green, red (then alpha); the network sees red, green, blue.
      int source = channels >= 3 && c < 3 ? 2 - c : c;
      int plane = offset + c * pixels;
      for (int p = 0; p < pixels; p++) {
        dest[plane + p] = (data[p * channels + source] & 0xFF) / 255f;
      }
    }
  }
}
