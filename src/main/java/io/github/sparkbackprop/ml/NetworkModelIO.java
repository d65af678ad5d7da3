package io.github.sparkbackprop.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.NetworkSpec;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.loss.Losses;
import io.github.sparkbackprop.train.EpochStats;
import io.github.sparkbackprop.train.TrainingSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.SparkSession;

/**
 * Saves and loads the network of a model in the format {@link StageIO} describes: the
 * {@code model} section of the metadata and the weights beside it. docs/model-format.md gives
 * the full layout.
 */
final class NetworkModelIO {
  /** The training summary inside a model directory (since format version 1, optional). */
  static final String SUMMARY_FILE = "summary.json";

  private NetworkModelIO() {}

  /**
   * Saves {@code model}'s Params, network, weights and training summary (null for none) at
   * {@code path}; {@code extra} adds the model's own keys (number of classes, skipped rows) to the
   * {@code model} section.
   */
  static void save(SparkSession spark, String path, Params model, Architecture architecture,
      float[] weights, TrainingSummary summary, Consumer<ObjectNode> extra) {
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
      if (summary != null) {
        writeSummary(dir, summary, network, spark.sparkContext().hadoopConfiguration());
      }
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
    /** The training summary, or null for a model saved without one. */
    final TrainingSummary summary;

    private Saved(JsonNode metadata, Architecture architecture, float[] weights,
        TrainingSummary summary) {
      this.metadata = metadata;
      this.network = metadata.path("model");
      this.architecture = architecture;
      this.weights = weights;
      this.summary = summary;
    }

    /** The epochs of the summary, or none. */
    List<EpochStats> history() {
      return summary == null ? List.of() : summary.epochs();
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
    return new Saved(metadata, architecture, weights, readSummary(path, network, conf));
  }

  /**
   * Writes {@code summary} as {@value #SUMMARY_FILE} in {@code dir}, its own format version
   * inside, and records the file's name and CRC-32 in the {@code model} section.
   */
  private static void writeSummary(String dir, TrainingSummary summary, ObjectNode network,
      Configuration conf) throws IOException {
    byte[] json = summary.toJson().getBytes(StandardCharsets.UTF_8);
    Path file = new Path(dir, SUMMARY_FILE);
    try (OutputStream out = file.getFileSystem(conf).create(file, false)) {
      out.write(json);
    }
    CRC32 crc = new CRC32();
    crc.update(json);
    network.put("summary", SUMMARY_FILE);
    network.put("summaryCrc32", crc.getValue());
  }

  /** The summary a model section names, checked against its CRC-32; null when it names none. */
  private static TrainingSummary readSummary(String path, JsonNode network, Configuration conf) {
    if (!network.hasNonNull("summary")) {
      return null;
    }
    Path file = new Path(path, network.path("summary").asText());
    byte[] json;
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      json = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalArgumentException("The model at " + path + " names the training summary "
          + file + " but it cannot be read: " + e.getMessage(), e);
    }
    CRC32 crc = new CRC32();
    crc.update(json);
    long recorded = network.path("summaryCrc32").asLong(-1);
    if (crc.getValue() != recorded) {
      throw new IllegalArgumentException("The training summary " + file + " does not match its"
          + " checksum (" + crc.getValue() + " instead of " + recorded + "); the file was edited"
          + " or damaged");
    }
    return TrainingSummary.fromJson(new String(json, StandardCharsets.UTF_8), file.toString());
  }
}
