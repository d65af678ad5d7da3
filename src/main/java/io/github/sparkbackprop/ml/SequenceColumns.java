package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Network;
import io.github.sparkbackprop.nn.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Features given as sequences: a column of {@code array<vector>}, one vector per time step, of
 * any length from one step. A fit pads every sequence to the longest one and stores a mask
 * value after each step (see {@link Shape#maskedSequence}), which the recurrent layers read;
 * scoring pads each block of rows to its own longest sequence, so a model predicts on sequences
 * of any length. See docs/sequences.md.
 */
final class SequenceColumns {
  private SequenceColumns() {}

  /** Whether {@code type} is {@code array<vector>}. */
  static boolean isSequence(DataType type) {
    return type instanceof ArrayType && ((ArrayType) type).elementType() instanceof VectorUDT;
  }

  /** Whether column {@code name} of {@code schema} holds sequences. */
  static boolean isSequence(StructType schema, String name) {
    return isSequence(InputChecks.column(schema, name, "featuresCol").dataType());
  }

  /**
   * {@code schema} with the sequence column {@code name} shown as a vector column, for Spark's
   * own schema checks, which know vectors only; {@link #restore} undoes it.
   */
  static StructType asVectorColumn(StructType schema, String name) {
    if (!isSequence(schema, name)) {
      return schema;
    }
    StructField[] fields = schema.fields().clone();
    int i = schema.fieldIndex(name);
    fields[i] = new StructField(name, new VectorUDT(), fields[i].nullable(),
        fields[i].metadata());
    return new StructType(fields);
  }

  /** {@code output} with column {@code name} given back its type in {@code input}. */
  static StructType restore(StructType output, StructType input, String name) {
    if (!isSequence(input, name)) {
      return output;
    }
    StructField[] fields = output.fields().clone();
    fields[output.fieldIndex(name)] = input.apply(name);
    return new StructType(fields);
  }

  /**
   * Refuses a features column that does not suit a fitted network of {@code input} shape:
   * sequences for a network that does not take steps x features, or plain vectors for a network
   * trained on sequences.
   */
  static void checkScoringColumn(StructType schema, String name, Shape input) {
    boolean sequences = isSequence(schema, name);
    if (sequences && input.rank() != 2) {
      throw new IllegalArgumentException("Column '" + name + "' (Param featuresCol) holds"
          + " sequences (array<vector>) but the network takes inputs of shape " + input
          + ", not steps x features");
    }
    if (!sequences && input.masked()) {
      throw new IllegalArgumentException("Column '" + name + "' (Param featuresCol) holds"
          + " vectors but the network was trained on sequences (array<vector>) of "
          + features(input) + " features per step");
    }
  }

  /**
   * Refuses to score one vector with a network trained on sequences.
   *
   * <p>TODO: read the vector as the steps of one sequence (features per step each) with every
   * step real, so that Spark's single-row predict works on sequence models too.
   */
  static void checkSingleVector(Shape input) {
    if (input.masked()) {
      throw new UnsupportedOperationException("This network was trained on sequences"
          + " (array<vector>); score them with transform, which reads a column of sequences");
    }
  }

  /** Features per time step of a network input of steps x features, masked or not. */
  static int features(Shape input) {
    return input.masked() ? input.dim(1) - 1 : input.dim(1);
  }

  /**
   * The input shape of a fit on sequences: Param inputShape, steps x features, when set (rows
   * with more steps are refused), otherwise the longest sequence and the first vector's size,
   * measured with one Spark job each.
   */
  // TODO: warm start (Param initialModel) compares input shapes and layers exactly, so a retrain
  // whose longest sequence or bpttLength differs is refused unless Param inputShape fixes the
  // steps; the fix is for WarmStart to compare masked sequences by their features per step and
  // recurrent layers without their truncation.
  static Shape measure(Dataset<Row> rows, String column, String inputShape) {
    if (!inputShape.isEmpty()) {
      Shape shape = Shape.parse(inputShape);
      if (shape.rank() != 2) {
        throw new IllegalArgumentException("Param inputShape " + shape + " must be steps x"
            + " features, for example 28x28, because column '" + column + "' holds sequences");
      }
      return Shape.maskedSequence(shape.dim(0), shape.dim(1));
    }
    Row longest = rows.agg(functions.max(functions.size(functions.col(column)))).first();
    if (longest.isNullAt(0) || longest.getInt(0) <= 0) {
      throw new IllegalArgumentException("Column '" + column + "' (Param featuresCol) holds no"
          + " sequence with a time step; a sequence needs at least one vector");
    }
    // The features per step come from the first time step that is set; a null step is refused
    // later, by the row that holds it, with handleInvalid deciding.
    List<Row> step = rows.select(functions.explode(functions.col(column)).as("step"))
        .where(functions.col("step").isNotNull())
        .limit(1)
        .collectAsList();
    if (step.isEmpty()) {
      throw new IllegalArgumentException("Column '" + column + "' (Param featuresCol) holds no"
          + " time step that is set; every step of every sequence is null");
    }
    return Shape.maskedSequence(longest.getInt(0), ((Vector) step.get(0).get(0)).size());
  }

  /** The number of time steps of the sequence at {@code position}, or 0 when it is null. */
  static int length(Row row, int position) {
    return row.isNullAt(position) ? 0 : row.getList(position).size();
  }

  /**
   * Writes the sequence at {@code position} of {@code row} into {@code dest[offset, ...)} as
   * {@code steps} steps of {@code features} values and a mask value each, padding after its
   * last step. Refuses a null or empty sequence, one of more than {@code steps} steps, and a
   * step whose vector is null, not of {@code features} values or not finite, naming the row
   * {@code index}, the column, the step and both sizes.
   */
  static void read(Row row, int position, String column, int steps, int features, long index,
      float[] dest, int offset) {
    String where = "Row " + index + ": column '" + column + "'";
    if (row.isNullAt(position)) {
      throw new IllegalArgumentException(where + " is null");
    }
    List<Object> sequence = row.getList(position);
    if (sequence.isEmpty()) {
      throw new IllegalArgumentException(where + " holds an empty sequence; a sequence needs"
          + " at least one time step");
    }
    if (sequence.size() > steps) {
      throw new IllegalArgumentException(where + " holds a sequence of " + sequence.size()
          + " steps but the network takes at most " + steps + " (Param inputShape)");
    }
    int stride = features + 1;
    for (int t = 0; t < steps; t++) {
      int base = offset + t * stride;
      if (t >= sequence.size()) {
        java.util.Arrays.fill(dest, base, base + stride, 0f);
        continue;
      }
      Object step = sequence.get(t);
      if (step == null) {
        throw new IllegalArgumentException(where + " holds null at time step " + t);
      }
      Row single = org.apache.spark.sql.RowFactory.create(step);
      try {
        FeatureVectors.read(single, 0, column, features, index, dest, base);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " at time step " + t + ": "
            + stepProblem((Vector) step, features), e);
      }
      dest[base + features] = 1f;
    }
  }

  private static String stepProblem(Vector step, int features) {
    if (step.size() != features) {
      return "holds a vector of size " + step.size() + " but the network takes " + features
          + " features per step";
    }
    return "holds a value that is not finite; features must be finite numbers";
  }

  /** Whether the sequence at {@code position} is set, not empty, and every step usable. */
  static boolean usable(Row row, int position) {
    if (row.isNullAt(position)) {
      return false;
    }
    List<Object> sequence = row.getList(position);
    if (sequence.isEmpty()) {
      return false;
    }
    for (Object step : sequence) {
      if (step == null || !FeatureVectors.usable(org.apache.spark.sql.RowFactory.create(step),
          0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Networks for scoring sequences of any length with the weights of one fitted network, one per
   * padded length, built when first needed. Belongs to one task.
   */
  static final class Networks {
    private final Architecture trained;
    private final int features;
    private final Map<Integer, Network> bySteps = new HashMap<>();
    /** The padded sequences of the block being scored. */
    private float[] input = new float[0];

    Networks(Architecture trained) {
      this.trained = trained;
      this.features = features(trained.inputShape());
    }

    /**
     * The raw output of the sequences at {@code position} of {@code block[0, count)}, padded to
     * the longest of them; {@code indices} number the rows in error messages.
     */
    float[] score(float[] params, Row[] block, long[] indices, int count, int position,
        String column) {
      int steps = 1;
      for (int r = 0; r < count; r++) {
        steps = Math.max(steps, length(block[r], position));
      }
      int size = steps * (features + 1);
      if (input.length < count * size) {
        input = new float[count * size];
      }
      for (int r = 0; r < count; r++) {
        read(block[r], position, column, steps, features, indices[r], input, r * size);
      }
      return forSteps(steps, count).predictRaw(params, input, count);
    }

    /** The network for sequences padded to {@code steps}, sized for {@code rows}. */
    Network forSteps(int steps, int rows) {
      return bySteps.computeIfAbsent(steps, s -> build(s, rows));
    }

    private Network build(int steps, int rows) {
      Architecture architecture = new Architecture(trained.spec(),
          Shape.maskedSequence(steps, features), trained.loss());
      if (architecture.parameterCount() != trained.parameterCount()) {
        throw new IllegalArgumentException("The network " + trained.spec() + " has "
            + trained.parameterCount() + " parameters for its training input "
            + trained.inputShape() + " but " + architecture.parameterCount() + " for sequences"
            + " of " + steps + " steps, so it cannot score them; end the recurrent layers with"
            + " one that returns its last state (without sequences=true)");
      }
      return architecture.newNetwork(rows);
    }
  }
}
