package io.github.sparkbackprop.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.ClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A trained perceptron: a Transformer that adds {@code rawPrediction}, {@code [-m, m]} for the
 * margin {@code m = w . x + b}, and {@code prediction}, 1 when the margin is positive, else 0.
 *
 * <p>A perceptron is a step function: it has no calibrated probability, so the model adds no
 * probability column. It also keeps what its training did: {@link #epochsRun()},
 * {@link #mistakesPerEpoch()} and {@link #stopReason()}; these are saved with the model.
 */
public class PerceptronClassificationModel
    extends ClassificationModel<Vector, PerceptronClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** Why training stopped. */
  public enum StopReason {
    /** An epoch made no mistakes: the weights classify every training row correctly. */
    NO_MISTAKES("an epoch made no mistakes"),
    /** Param maxEpochs epochs ran, each with at least one mistake. */
    MAX_EPOCHS("reached maxEpochs");

    private final String description;

    StopReason(String description) {
      this.description = description;
    }

    /** A few words for logs and reports. */
    public String description() {
      return description;
    }
  }

  private final String uid;
  /** The weights of the features, then the bias. */
  private final float[] params;
  private final boolean averaged;
  private final long[] mistakesPerEpoch;
  private final StopReason stopReason;

  private PerceptronClassificationModel(String uid, float[] params, boolean averaged,
      long[] mistakesPerEpoch, StopReason stopReason) {
    this.uid = uid;
    PendingUid.clear();
    this.params = params;
    this.averaged = averaged;
    this.mistakesPerEpoch = mistakesPerEpoch;
    this.stopReason = stopReason;
  }

  /** A model over {@code params}, the feature weights then the bias; it keeps the arrays. */
  static PerceptronClassificationModel create(String uid, float[] params, boolean averaged,
      long[] mistakesPerEpoch, StopReason stopReason) {
    if (params.length < 1) {
      throw new IllegalArgumentException("A perceptron needs at least its bias, got no parameters");
    }
    return new PerceptronClassificationModel(PendingUid.publish(uid), params, averaged,
        mistakesPerEpoch, stopReason);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  /** A copy of the weights, one per feature. */
  public float[] weights() {
    return Arrays.copyOf(params, numFeatures());
  }

  /** The bias: the margin of an all-zero feature vector. */
  public float bias() {
    return params[numFeatures()];
  }

  /** Whether the weights are the averaged perceptron's mean over all steps of training. */
  public boolean isAveraged() {
    return averaged;
  }

  /** Epochs that training ran, the last one included. */
  public int epochsRun() {
    return mistakesPerEpoch.length;
  }

  /**
   * A copy of the number of training rows misclassified during each epoch, each counted with the
   * running weights as they were when the row was visited (also when the model is averaged); the
   * last is 0 when training stopped for {@link StopReason#NO_MISTAKES}.
   */
  public long[] mistakesPerEpoch() {
    return mistakesPerEpoch.clone();
  }

  public StopReason stopReason() {
    return stopReason;
  }

  @Override
  public int numClasses() {
    return 2;
  }

  @Override
  public int numFeatures() {
    return params.length - 1;
  }

  /** {@code [-m, m]} for the margin {@code m} of {@code features}. */
  @Override
  public Vector predictRaw(Vector features) {
    double m = PerceptronPass.margin(params, toFloats(features), 0, numFeatures());
    return Vectors.dense(-m, m);
  }

  /** 1 when the margin, the second value of {@code rawPrediction}, is positive, else 0. */
  @Override
  public double raw2prediction(Vector rawPrediction) {
    return rawPrediction.apply(1) > 0 ? 1 : 0;
  }

  /** Also refuses a features column whose metadata gives a vector size other than the model's. */
  @Override
  public StructType transformSchema(StructType schema) {
    StructType output = super.transformSchema(schema);
    int size = AttributeGroup.fromStructField(schema.apply(getFeaturesCol())).size();
    if (size >= 0 && size != numFeatures()) {
      throw new IllegalArgumentException("Column '" + getFeaturesCol() + "' holds vectors of size "
          + size + " by its metadata but the perceptron takes " + numFeatures() + " features");
    }
    return output;
  }

  /** The values of {@code features} as floats, as training saw them, after checking them. */
  private float[] toFloats(Vector features) {
    int d = numFeatures();
    if (features == null) {
      throw new IllegalArgumentException("Column '" + getFeaturesCol() + "' is null");
    }
    if (features.size() != d) {
      throw new IllegalArgumentException("Column '" + getFeaturesCol() + "' holds a vector of size "
          + features.size() + " but the perceptron takes " + d + " features");
    }
    float[] x = new float[d];
    if (features instanceof DenseVector) {
      double[] values = ((DenseVector) features).values();
      for (int i = 0; i < d; i++) {
        x[i] = finite(values[i], i);
      }
    } else {
      SparseVector sparse = (SparseVector) features;
      int[] indices = sparse.indices();
      double[] values = sparse.values();
      for (int k = 0; k < indices.length; k++) {
        x[indices[k]] = finite(values[k], indices[k]);
      }
    }
    return x;
  }

  private float finite(double value, int index) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Column '" + getFeaturesCol() + "' holds " + value
          + " at index " + index + "; features must be finite numbers");
    }
    return (float) value;
  }

  @Override
  public PerceptronClassificationModel copy(ParamMap extra) {
    PerceptronClassificationModel copy =
        create(uid, params, averaged, mistakesPerEpoch, stopReason);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public String toString() {
    return "PerceptronClassificationModel: uid=" + uid + ", numFeatures=" + numFeatures()
        + ", averaged=" + averaged + ", epochsRun=" + epochsRun() + ", stopped: "
        + stopReason.description();
  }

  @Override
  public MLWriter write() {
    return new ModelWriter(this);
  }

  public static MLReader<PerceptronClassificationModel> read() {
    return new ModelReader();
  }

  public static PerceptronClassificationModel load(String path) {
    return read().load(path);
  }

  /** Writes the metadata with a {@code model} object and the parameters as weights Parquet. */
  private static final class ModelWriter extends MLWriter {
    private final PerceptronClassificationModel model;

    ModelWriter(PerceptronClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      StageIO.writeAtomically(spark, path, dir -> {
        ObjectNode metadata = StageIO.metadata(model, spark);
        ObjectNode saved = metadata.putObject("model");
        saved.put("numFeatures", model.numFeatures());
        saved.put("parameterCount", model.params.length);
        saved.put("weightsCrc32", StageIO.crc32(model.params));
        saved.put("averaged", model.averaged);
        saved.put("stopReason", model.stopReason.name());
        ArrayNode mistakes = saved.putArray("mistakesPerEpoch");
        for (long count : model.mistakesPerEpoch) {
          mistakes.add(count);
        }
        StageIO.writeWeights(spark, dir, model.params);
        StageIO.writeMetadata(dir, metadata, spark.sparkContext().hadoopConfiguration());
      });
    }
  }

  private static final class ModelReader extends MLReader<PerceptronClassificationModel> {
    @Override
    public PerceptronClassificationModel load(String path) {
      SparkSession spark = sparkSession();
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      JsonNode metadata = StageIO.readMetadata(path, PerceptronClassificationModel.class, conf);
      JsonNode saved = metadata.path("model");
      int numFeatures = saved.path("numFeatures").asInt(-1);
      int count = saved.path("parameterCount").asInt(-1);
      if (numFeatures < 0 || count != numFeatures + 1) {
        throw new IllegalArgumentException("The model at " + path + " records " + count
            + " parameters for " + numFeatures + " features; a perceptron has one per feature"
            + " and a bias");
      }
      float[] params = StageIO.readWeights(spark, path, count,
          saved.path("weightsCrc32").asLong(-1));
      StageIO.verifyMetadataChecksum(path, conf);
      String reason = saved.path("stopReason").asText("");
      StopReason stopReason = Arrays.stream(StopReason.values())
          .filter(r -> r.name().equals(reason))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("The model at " + path
              + " records stopReason '" + reason + "'; known reasons are "
              + Arrays.toString(StopReason.values())));
      JsonNode mistakes = saved.path("mistakesPerEpoch");
      long[] mistakesPerEpoch = new long[mistakes.size()];
      for (int i = 0; i < mistakesPerEpoch.length; i++) {
        mistakesPerEpoch[i] = mistakes.get(i).asLong();
      }
      PerceptronClassificationModel model = create(metadata.path("uid").asText(), params,
          saved.path("averaged").asBoolean(), mistakesPerEpoch, stopReason);
      StageIO.applyParams(model, metadata);
      return model;
    }
  }
}
