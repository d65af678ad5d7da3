package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.nn.Shape;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a partition of rows through a network in blocks: the rows of a block are stacked into
 * one matrix, so each layer costs one matrix product per block.
 *
 * <p>Output rows keep every input column, in order, and then the columns that an {@link Output}
 * fills from the network's raw output (what {@link Network#predictRaw} returns).
 */
final class BlockScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Rows scored together; large enough for efficient products, small enough for the cache. */
  static final int BLOCK_ROWS = 256;

  /** Turns the raw output of one row into the values of the added columns. */
  interface Output extends Serializable {
    /**
     * Writes the added columns of block row {@code r} into {@code values}, whose first
     * positions already hold the input columns; {@code raw} is {@code rows x outputSize}.
     */
    void write(float[] raw, int r, int outputSize, Object[] values);
  }

  private final Architecture architecture;
  private final Broadcast<float[]> weights;
  private final int featuresIndex;
  private final String featuresCol;
  /** The network's input shape when the features column holds images, otherwise null. */
  private final Shape imageShape;
  private final int inputColumns;
  private final int outputColumns;
  /** Whether rows with null, NaN or infinite features are dropped rather than refused. */
  private final boolean skipInvalid;
  private final Output output;
  /** Whether the features are sequences (array<vector>), scored by {@link #scoreSequences}. */
  private final boolean sequenceInput;

  BlockScorer(Architecture architecture, Broadcast<float[]> weights, StructType inputSchema,
      StructType outputSchema, String featuresCol, boolean skipInvalid, Output output) {
    this.architecture = architecture;
    this.weights = weights;
    this.featuresIndex = inputSchema.fieldIndex(featuresCol);
    this.featuresCol = featuresCol;
    this.imageShape = ImageFeatures.isImageColumn(inputSchema, featuresCol)
        ? architecture.inputShape() : null;
    this.inputColumns = inputSchema.size();
    this.outputColumns = outputSchema.size();
    this.skipInvalid = skipInvalid;
    this.output = output;
    this.sequenceInput = SequenceColumns.isSequence(inputSchema, featuresCol);
  }

  /** The position of column {@code name} in {@code schema}, or -1 for an empty name. */
  static int indexOf(StructType schema, String name) {
    return name.isEmpty() ? -1 : schema.fieldIndex(name);
  }

  /** Writes the features of {@code row}, a vector or an image, at {@code dest[offset]}. */
  private void readFeatures(Row row, long index, float[] dest, int offset) {
    if (imageShape != null) {
      ImageFeatures.read(row, featuresIndex, featuresCol, imageShape, index, dest, offset);
    } else {
      FeatureVectors.read(row, featuresIndex, featuresCol, architecture.inputShape().size(),
          index, dest, offset);
    }
  }

  /**
   * The raw output of {@code count} rows of sequences, padded to the longest of them; a bad row
   * is reported as {@link #call} reports one.
   */
  private float[] scoreSequences(SequenceColumns.Networks networks, float[] params, Row[] block,
      long[] indices, int count) {
    try {
      return networks.score(params, block, indices, count, featuresIndex, featuresCol);
    } catch (IllegalArgumentException e) {
      String hint = skipInvalid ? "" : " (Param handleInvalid = skip leaves out rows whose"
          + " sequence is null, empty or not finite)";
      throw new IllegalArgumentException("In partition " + TaskContext.getPartitionId()
          + ": " + e.getMessage() + hint, e);
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Network network = architecture.newNetwork(BLOCK_ROWS);
    float[] params = weights.value();
    int featureSize = architecture.inputShape().size();
    int outputSize = architecture.outputShape().size();
    float[] input = new float[BLOCK_ROWS * featureSize];
    Row[] block = new Row[BLOCK_ROWS];
    long[] indices = new long[BLOCK_ROWS];
    SequenceColumns.Networks sequences =
        sequenceInput ? new SequenceColumns.Networks(architecture) : null;
    return new Iterator<Row>() {
      private Row[] scored = new Row[0];
      private int next;
      private long rowNumber;

      @Override
      public boolean hasNext() {
        while (next == scored.length && rows.hasNext()) {
          scoreNextBlock();
        }
        return next < scored.length;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return scored[next++];
      }

      /** Scores up to a block of rows; with skipInvalid the block may come out empty. */
      private void scoreNextBlock() {
        int count = 0;
        while (count < BLOCK_ROWS && rows.hasNext()) {
          Row row = rows.next();
          long index = rowNumber++;
          if (skipInvalid && !FeatureVectors.usable(row, featuresIndex)) {
            continue;
          }
          if (sequences != null) {
            indices[count] = index;
            block[count++] = row;
            continue;
          }
          try {
            readFeatures(row, index, input, count * featureSize);
          } catch (IllegalArgumentException e) {
            // Rows are counted per partition here: name the partition too.
            String hint = FeatureVectors.usable(row, featuresIndex) ? ""
                : " (Param handleInvalid = skip leaves such rows out)";
            throw new IllegalArgumentException("In partition " + TaskContext.getPartitionId()
                + ": " + e.getMessage() + hint, e);
          }
          block[count++] = row;
        }
        float[] raw = count == 0 ? input
            : sequences != null ? scoreSequences(sequences, params, block, indices, count)
            : network.predictRaw(params, input, count);
        scored = new Row[count];
        next = 0;
        for (int r = 0; r < count; r++) {
          Object[] values = new Object[outputColumns];
          for (int i = 0; i < inputColumns; i++) {
            values[i] = block[r].get(i);
          }
          output.write(raw, r, outputSize, values);
          scored[r] = RowFactory.create(values);
          block[r] = null;
        }
      }
    };
  }
}
