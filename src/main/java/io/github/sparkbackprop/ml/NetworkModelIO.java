package io.github.sparkbackprop.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.Losses;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.SparkSession;

/**
 * Saves and loads the network of a model in the format {@link StageIO} describes: the
 * {@code model} section of the metadata and the weights beside it. docs/model-format.md gives
 * the full layout.
 */
final class NetworkModelIO {
  private NetworkModelIO() {}

  /**
   * Saves {@code model}'s Params, network and weights at {@code path}; {@code extra} adds the
   * model's own keys (number of classes, skipped rows) to the {@code model} section.
   */
  static void save(SparkSession spark, String path, Params model, Architecture architecture,
      float[] weights, Consumer<ObjectNode> extra) {
    StageIO.writeAtomically(spark, path, dir -> {
      ObjectNode metadata = StageIO.metadata(model, spark);
      ObjectNode network = metadata.putObject("model");
      network.put("layers", architecture.spec().toString());
      network.put("inputShape", architecture.inputShape().toString());
      network.put("loss", architecture.loss().name());
      extra.accept(network);
      network.put("parameterCount", weights.length);
      network.put("weightsCrc32", StageIO.crc32(weights));
      StageIO.writeWeights(spark, dir, weights);
      StageIO.writeMetadata(dir, metadata, spark.sparkContext().hadoopConfiguration());
    });
  }

  /** A model's metadata, network and weights, checked against each other and their checksums. */
  static final class Saved {
    final JsonNode metadata;
    /** The {@code model} section. */
    final JsonNode network;
    final Architecture architecture;
    final float[] weights;

    private Saved(JsonNode metadata, Architecture architecture, float[] weights) {
      this.metadata = metadata;
      this.network = metadata.path("model");
      this.architecture = architecture;
      this.weights = weights;
    }

    String uid() {
      return metadata.path("uid").asText();
    }
  }

  /**
   * Reads the model of class {@code type} saved at {@code path}. Refuses, naming what is wrong,
   * another class, another format version, a network that cannot be built, a parameter count
   * that does not fit the network, missing, extra or changed weights, and edited metadata.
   */
  static Saved load(SparkSession spark, String path, Class<?> type) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    JsonNode metadata = StageIO.readMetadata(path, type, conf);
    JsonNode network = metadata.path("model");
    Architecture architecture;
    try {
      architecture = new Architecture(NetworkSpec.parse(network.path("layers").asText()),
          Shape.parse(network.path("inputShape").asText()),
          Losses.byName(network.path("loss").asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The model at " + path
          + " describes a network that cannot be built: " + e.getMessage(), e);
    }
    int count = network.path("parameterCount").asInt(-1);
    if (count != architecture.parameterCount()) {
      throw new IllegalArgumentException("The model at " + path + " records " + count
          + " parameters but its network " + architecture.spec() + " has "
          + architecture.parameterCount());
    }
    float[] weights = StageIO.readWeights(spark, path, count,
        network.path("weightsCrc32").asLong(-1));
    StageIO.verifyMetadataChecksum(path, conf);
    return new Saved(metadata, architecture, weights);
  }
}
