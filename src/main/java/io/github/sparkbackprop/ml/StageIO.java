package io.github.sparkbackprop.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The on-disk format of this project's stages, format version {@value #FORMAT_VERSION}.
 *
 * <p>A saved stage is a directory holding:
 * <ul>
 *   <li>{@code metadata/part-00000}: one line of JSON with the keys Spark's own stages write
 *       ({@code class}, {@code uid}, {@code timestamp}, {@code sparkVersion}, {@code paramMap},
 *       {@code defaultParamMap}), so that {@code Pipeline} and {@code PipelineModel} can load it,
 *       plus {@code formatVersion} and, for models, {@code model}: the network description,
 *       input shape, loss, parameter count and the CRC-32 of the weights;</li>
 *   <li>{@code weights/} (models only): Parquet with columns {@code chunk} (int) and
 *       {@code values} (array of float), the flat weight array cut into chunks.</li>
 * </ul>
 * Nothing is ever Java-serialised. A stage is written under a temporary name beside its target and
 * renamed into place, so a failed save leaves no partial directory at the target path.
 */
final class StageIO {
  static final int FORMAT_VERSION = 1;
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK = 1 << 16;

  private StageIO() {}

  /** Writes {@code body} into a fresh temporary directory beside {@code path}, then renames it. */
  static void writeAtomically(SparkSession spark, String path, DirectoryWriter body) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(conf);
      Path qualified = fs.makeQualified(target);
      Path temp = new Path(qualified.getParent(),
          "." + qualified.getName() + ".tmp-" + UUID.randomUUID());
      try {
        body.write(temp.toString());
        if (fs.exists(qualified)) {
          throw new IOException("Path " + qualified + " already exists; use write().overwrite()");
        }
        if (!fs.rename(temp, qualified)) {
          throw new IOException("Could not rename " + temp + " to " + qualified);
        }
      } finally {
        if (fs.exists(temp)) {
          fs.delete(temp, true);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not save to " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes into a directory that does not yet exist. */
  @FunctionalInterface
  interface DirectoryWriter {
    void write(String directory) throws IOException;
  }

  /** The metadata of {@code stage} with its set and default Param values. */
  static ObjectNode metadata(Params stage, SparkSession spark) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("class", stage.getClass().getName());
    node.put("timestamp", System.currentTimeMillis());
    node.put("sparkVersion", spark.version());
    node.put("uid", stage.uid());
    node.put("formatVersion", FORMAT_VERSION);
    ObjectNode set = node.putObject("paramMap");
    ObjectNode defaults = node.putObject("defaultParamMap");
    for (Param<?> param : stage.params()) {
      if (stage.isSet(param)) {
        set.set(param.name(), JSON.readTree(encode(param, stage.getOrDefault(param))));
      } else if (stage.hasDefault(param)) {
        defaults.set(param.name(), JSON.readTree(encode(param, stage.getOrDefault(param))));
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static String encode(Param<?> param, Object value) {
    return ((Param<Object>) param).jsonEncode(value);
  }

  static void writeMetadata(String directory, JsonNode metadata, Configuration conf)
      throws IOException {
    Path file = new Path(new Path(directory, "metadata"), "part-00000");
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(file, false)) {
      out.write(JSON.writeValueAsBytes(metadata));
      out.write('\n');
    }
  }

  /**
   * Reads the metadata of the stage saved at {@code path}, checking that it was saved from
   * {@code expected} in a format version this code reads.
   */
  static JsonNode readMetadata(String path, Class<?> expected, Configuration conf) {
    Path dir = new Path(path, "metadata");
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        throw new IllegalArgumentException(
            "No saved stage at " + path + ": " + dir + " does not exist");
      }
      StringBuilder text = new StringBuilder();
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          try (InputStream in = fs.open(status.getPath())) {
            text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
      JsonNode node;
      try {
        node = JSON.readTree(text.toString().trim());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "The metadata in " + dir + " is not valid JSON: " + e.getMessage(), e);
      }
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("The metadata in " + dir + " is empty");
      }
      String className = node.path("class").asText("");
      if (!className.equals(expected.getName())) {
        throw new IllegalArgumentException("The stage at " + path + " is a " + className
            + ", not a " + expected.getName());
      }
      int version = node.path("formatVersion").asInt(-1);
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("The stage at " + path + " has format version "
            + version + "; this version of spark-backprop reads format version "
            + FORMAT_VERSION);
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the stage at " + path + ": " + e.getMessage(), e);
    }
  }

  /** Sets on {@code stage} every Param value recorded in {@code metadata}'s paramMap. */
  static void applyParams(Params stage, JsonNode metadata) {
    Iterator<Map.Entry<String, JsonNode>> fields = metadata.path("paramMap").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!stage.hasParam(field.getKey())) {
        throw new IllegalArgumentException("The saved stage has a Param '" + field.getKey()
            + "' that " + stage.getClass().getSimpleName() + " does not have");
      }
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) stage.getParam(field.getKey());
      stage.set(param, param.jsonDecode(field.getValue().toString()));
    }
  }

  /** Writes {@code weights} as Parquet under {@code directory/weights}. */
  static void writeWeights(SparkSession spark, String directory, float[] weights) {
    List<Row> rows = new ArrayList<>();
    for (int chunk = 0, start = 0; start < weights.length || chunk == 0; chunk++, start += CHUNK) {
      int end = Math.min(weights.length, start + CHUNK);
      Float[] values = new Float[end - start];
      for (int i = start; i < end; i++) {
        values[i - start] = weights[i];
      }
      rows.add(RowFactory.create(chunk, values));
    }
    StructType schema = new StructType()
        .add("chunk", DataTypes.IntegerType, false)
        .add("values", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(directory + "/weights");
  }

  /**
   * Reads the weights saved under {@code path/weights}, refusing them unless they have exactly
   * {@code expectedLength} values and the recorded checksum.
   */
  static float[] readWeights(SparkSession spark, String path, int expectedLength, long expectedCrc) {
    List<Row> rows;
    try {
      rows = spark.read().parquet(path + "/weights").orderBy("chunk").collectAsList();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read the weights of the model at " + path + ": " + e.getMessage(), e);
    }
    float[] weights = new float[expectedLength];
    int filled = 0;
    for (int k = 0; k < rows.size(); k++) {
      Row row = rows.get(k);
      if (row.getInt(0) != k) {
        throw new IllegalArgumentException("The weights of the model at " + path
            + " are damaged: chunk " + k + " is missing");
      }
      List<Object> values = row.getList(1);
      if (filled + values.size() > expectedLength) {
        throw new IllegalArgumentException("The weights of the model at " + path
            + " have more values than the " + expectedLength + " its network needs");
      }
      for (Object v : values) {
        weights[filled++] = (Float) v;
      }
    }
    if (filled != expectedLength) {
      throw new IllegalArgumentException("The weights of the model at " + path + " have "
          + filled + " values but its network needs " + expectedLength);
    }
    long crc = crc32(weights);
    if (crc != expectedCrc) {
      throw new IllegalArgumentException("The weights of the model at " + path
          + " do not match the checksum in its metadata (" + crc + " instead of " + expectedCrc
          + "); the files were changed or damaged");
    }
    return weights;
  }

  /** CRC-32 of the IEEE bits of {@code values}, in order. */
  static long crc32(float[] values) {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[4 * 1024];
    int n = 0;
    for (float value : values) {
      int bits = Float.floatToRawIntBits(value);
      buffer[n++] = (byte) (bits >>> 24);
      buffer[n++] = (byte) (bits >>> 16);
      buffer[n++] = (byte) (bits >>> 8);
      buffer[n++] = (byte) bits;
      if (n == buffer.length) {
        crc.update(buffer, 0, n);
        n = 0;
      }
    }
    crc.update(buffer, 0, n);
    return crc.getValue();
  }
}
