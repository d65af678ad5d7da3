package io.github.sparkbackprop.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
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
 *       plus {@code formatVersion}, for models {@code model}: the network description, input
 *       shape, loss, parameter count and the CRC-32 of the weights, and last
 *       {@code metadataCrc32}, the CRC-32 of the line before it;</li>
 *   <li>{@code weights/} (models only): Parquet with columns {@code chunk} (int) and
 *       {@code values} (array of float), the flat weight array cut into chunks.</li>
 * </ul>
 * Nothing is ever Java-serialised. A stage is written under a temporary name beside its target and
 * renamed into place, so a failed save leaves no partial directory at the target path.
 * docs/model-format.md describes every key and what loading checks.
 */
final class StageIO {
  static final int FORMAT_VERSION = 1;
  static final ObjectMapper JSON = new ObjectMapper();
  /** The last key of every metadata line: the CRC-32 of the UTF-8 text before it, closed. */
  static final String CHECKSUM_KEY = "metadataCrc32";
  private static final Pattern CHECKSUM =
      Pattern.compile("(\\{.*),\"" + CHECKSUM_KEY + "\":(\\d+)\\}", Pattern.DOTALL);
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
    String body = JSON.writeValueAsString(metadata);
    // The checksum covers the exact text before it, so that any edit is seen on load.
    String line = body.substring(0, body.length() - 1) + ",\"" + CHECKSUM_KEY + "\":"
        + crc32(body) + "}\n";
    try (OutputStream out = fs.create(file, false)) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Refuses the stage at {@code path} unless its metadata still carries the checksum that
   * {@link #writeMetadata} put at its end and the text before the checksum matches it.
   */
  static void verifyMetadataChecksum(String path, Configuration conf) {
    String text = metadataText(path, conf).trim();
    Matcher matcher = CHECKSUM.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("The metadata of the stage at " + path + " has no "
          + CHECKSUM_KEY + " at its end; it was not written by spark-backprop or was cut short");
    }
    long expected = Long.parseLong(matcher.group(2));
    long actual = crc32(matcher.group(1) + "}");
    if (actual != expected) {
      throw new IllegalArgumentException("The metadata of the stage at " + path + " does not"
          + " match its checksum (" + actual + " instead of " + expected + "); the file was"
          + " edited or damaged");
    }
  }

  private static long crc32(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** The text of the metadata files of the stage at {@code path}, in name order. */
  private static String metadataText(String path, Configuration conf) {
    Path dir = new Path(path, "metadata");
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        throw new IllegalArgumentException(
            "No saved stage at " + path + ": " + dir + " does not exist");
      }
      FileStatus[] statuses = fs.listStatus(dir);
      java.util.Arrays.sort(statuses);
      StringBuilder text = new StringBuilder();
      for (FileStatus status : statuses) {
        String name = status.getPath().getName();
        if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          try (InputStream in = fs.open(status.getPath())) {
            text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
      return text.toString();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the stage at " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the metadata of the stage saved at {@code path}, checking that it was saved from
   * {@code expected} in a format version this code reads.
   */
  static JsonNode readMetadata(String path, Class<?> expected, Configuration conf) {
    Path dir = new Path(path, "metadata");
    String text = metadataText(path, conf);
    JsonNode node;
    try {
      node = JSON.readTree(text.trim());
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
  }

  /** Sets on {@code stage} every Param value recorded in {@code metadata}'s paramMap. */
  static void applyParams(Params stage, JsonNode metadata) {
    // TODO(saved-defaults): defaults come from the code, not from defaultParamMap, so a default
    // changed in a later release would change loaded stages; the fix is to set the saved
    // defaults too (as Spark's DefaultParamsReader does) before a default is ever changed.
    for (Map.Entry<String, JsonNode> field : metadata.path("paramMap").properties()) {
      if (!stage.hasParam(field.getKey())) {
        throw new IllegalArgumentException("The saved stage has a Param '" + field.getKey()
            + "' that " + stage.getClass().getSimpleName() + " does not have");
      }
      Param<Object> param = stage.getParam(field.getKey());
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
  static float[] readWeights(SparkSession spark, String path, int expectedLength,
      long expectedCrc) {
    List<Row> rows;
    try {
      rows = spark.read().parquet(path + "/weights").orderBy("chunk").collectAsList();
    } catch (Exception e) {
      // Spark reports an unreadable file as a SparkException, which Java sees as checked.
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

  /** Saves a stage that has Params only, such as an estimator. */
  static final class ParamsWriter extends MLWriter {
    private final Params stage;

    ParamsWriter(Params stage) {
      this.stage = stage;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      StageIO.writeAtomically(spark, path, dir -> StageIO.writeMetadata(dir,
          StageIO.metadata(stage, spark), spark.sparkContext().hadoopConfiguration()));
    }
  }

  /** Loads a stage saved by {@link ParamsWriter}, built by its {@code (String uid)} constructor. */
  static final class ParamsReader<T extends Params> extends MLReader<T> {
    private final Class<T> type;
    private final Function<String, T> create;

    ParamsReader(Class<T> type, Function<String, T> create) {
      this.type = type;
      this.create = create;
    }

    @Override
    public T load(String path) {
      Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
      JsonNode metadata = StageIO.readMetadata(path, type, conf);
      StageIO.verifyMetadataChecksum(path, conf);
      T stage = create.apply(metadata.path("uid").asText());
      StageIO.applyParams(stage, metadata);
      return stage;
    }
  }
}
