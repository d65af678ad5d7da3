package io.github.sparkbackprop.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.Losses;
import io.github.sparkbackprop.train.EpochStats;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A trained neural network classifier: a Transformer that runs the forward pass only and adds the
 * {@code rawPrediction} (the output layer's input to softmax or sigmoid), {@code probability} and
 * {@code prediction} columns.
 *
 * <p>{@link #transform} scores each partition in blocks of {@value BlockScorer#BLOCK_ROWS} rows,
 * one matrix product per layer, instead of one row at a time.
 */
public class NeuralNetworkClassificationModel
    extends ProbabilisticClassificationModel<Vector, NeuralNetworkClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Architecture architecture;
  private final float[] weights;
  private final int numClasses;
  private final List<EpochStats> history;

  private NeuralNetworkClassificationModel(String uid, Architecture architecture, float[] weights,
      int numClasses, List<EpochStats> history) {
    this.uid = uid;
    PendingUid.clear();
    this.architecture = architecture;
    this.weights = weights;
    this.numClasses = numClasses;
    this.history = List.copyOf(history);
  }

  static NeuralNetworkClassificationModel create(String uid, Architecture architecture,
      float[] weights, int numClasses, List<EpochStats> history) {
    return new NeuralNetworkClassificationModel(PendingUid.publish(uid), architecture, weights,
        numClasses, history);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  /** The network's layers, input shape and loss. */
  public Architecture architecture() {
    return architecture;
  }

  /** The network description this model was trained with, as Param layers takes it. */
  public String getLayers() {
    return architecture.spec().toString();
  }

  /** A copy of the flat weight array, in the layout the network's layers define. */
  public float[] weights() {
    return weights.clone();
  }

  /** Per-epoch training statistics of the fit that produced this model; empty after loading. */
  public List<EpochStats> trainingHistory() {
    return history;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int numFeatures() {
    return architecture.inputShape().size();
  }

  /** Scores one row; {@link #transform} is much faster for many rows. */
  @Override
  public Vector predictRaw(Vector features) {
    float[] input = new float[numFeatures()];
    FeatureVectors.read(org.apache.spark.sql.RowFactory.create(features), 0, getFeaturesCol(),
        numFeatures(), 0, input, 0);
    float[] raw = architecture.newNetwork(1).predictRaw(weights, input, 1);
    return Vectors.dense(BlockScorer.rawVector(raw, 0, architecture.outputShape().size(), numClasses));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] values = ((DenseVector) rawPrediction).values();
    BlockScorer.rawToProbability(values, values);
    return rawPrediction;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema());
    SparkSession spark = dataset.sparkSession();
    Broadcast<float[]> broadcast = spark.sparkContext()
        .broadcast(weights, scala.reflect.ClassTag$.MODULE$.apply(float[].class));
    BlockScorer scorer = new BlockScorer(architecture, broadcast, numClasses,
        dataset.schema(), outputSchema, getFeaturesCol(), getRawPredictionCol(),
        getProbabilityCol(), getPredictionCol(), isDefined(thresholds()) ? getThresholds() : null);
    return dataset.toDF().mapPartitions(scorer, Encoders.row(outputSchema));
  }

  /**
   * Required by Spark's summary machinery; Java must resolve the clash between the two inherited
   * declarations, which differ only in their generic return types.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return new scala.Tuple3(this, getProbabilityCol(), getPredictionCol());
  }

  @Override
  public NeuralNetworkClassificationModel copy(ParamMap extra) {
    NeuralNetworkClassificationModel copy =
        create(uid, architecture, weights, numClasses, history);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public String toString() {
    return "NeuralNetworkClassificationModel: uid=" + uid + ", layers=" + getLayers()
        + ", numFeatures=" + numFeatures() + ", numClasses=" + numClasses + ", parameters="
        + weights.length;
  }

  @Override
  public MLWriter write() {
    return new ModelWriter(this);
  }

  public static MLReader<NeuralNetworkClassificationModel> read() {
    return new ModelReader();
  }

  public static NeuralNetworkClassificationModel load(String path) {
    return read().load(path);
  }

  private static final class ModelWriter extends MLWriter {
    private final NeuralNetworkClassificationModel model;

    ModelWriter(NeuralNetworkClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      StageIO.writeAtomically(spark, path, dir -> {
        ObjectNode metadata = StageIO.metadata(model, spark);
        ObjectNode network = metadata.putObject("model");
        network.put("layers", model.getLayers());
        network.put("inputShape", model.architecture.inputShape().toString());
        network.put("loss", model.architecture.loss().name());
        network.put("numClasses", model.numClasses);
        network.put("parameterCount", model.weights.length);
        network.put("weightsCrc32", StageIO.crc32(model.weights));
        StageIO.writeWeights(spark, dir, model.weights);
        StageIO.writeMetadata(dir, metadata, spark.sparkContext().hadoopConfiguration());
      });
    }
  }

  private static final class ModelReader extends MLReader<NeuralNetworkClassificationModel> {
    @Override
    public NeuralNetworkClassificationModel load(String path) {
      SparkSession spark = sparkSession();
      JsonNode metadata = StageIO.readMetadata(path, NeuralNetworkClassificationModel.class,
          spark.sparkContext().hadoopConfiguration());
      JsonNode network = metadata.path("model");
      Architecture architecture;
      try {
        architecture = new Architecture(NetworkSpec.parse(network.path("layers").asText()),
            Shape.parse(network.path("inputShape").asText()),
            Losses.byName(network.path("loss").asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "The model at " + path + " describes a network that cannot be built: " + e.getMessage(), e);
      }
      int count = network.path("parameterCount").asInt(-1);
      if (count != architecture.parameterCount()) {
        throw new IllegalArgumentException("The model at " + path + " records " + count
            + " parameters but its network " + architecture.spec() + " has "
            + architecture.parameterCount());
      }
      float[] weights = StageIO.readWeights(spark, path, count,
          network.path("weightsCrc32").asLong(-1));
      NeuralNetworkClassificationModel model = create(
          metadata.path("uid").asText(), architecture, weights,
          network.path("numClasses").asInt(), List.of());
      StageIO.applyParams(model, metadata);
      return model;
    }
  }
}
