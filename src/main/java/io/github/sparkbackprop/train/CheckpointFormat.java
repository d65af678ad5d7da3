package io.github.sparkbackprop.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.optim.OptimizerState;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of one checkpoint directory, format version {@value #VERSION}. Nothing is
 * Java-serialised.
 *
 * <ul>
 *   <li>{@value #ARRAYS}: the 8 ASCII bytes {@code SBPFLT01}, then float32 arrays back to back,
 *       big-endian: the weights, the best epoch's weights when early stopping restores them, and
 *       the optimizer's slots (Adam's two moments, for instance) in slot order.</li>
 *   <li>{@value #METADATA}, written after the arrays: {@code formatVersion}, {@code epoch},
 *       {@code identity} (network description, input shape, loss, parameter count, optimizer and
 *       its slot count: what must match to resume), {@code settings} (seed, shuffle, batch size,
 *       rows, base learning rate, schedule, weight decay, clipping, early stopping: what should
 *       match for a resumed run to equal an uninterrupted one), {@code optimizerStep} (the step
 *       counter, which is also the learning-rate schedule's position), {@code earlyStopping},
 *       {@code history}, and
 *       {@code arrays}: the byte length and CRC-32 of {@value #ARRAYS} and the name and length of
 *       each array.</li>
 * </ul>
 */
final class CheckpointFormat {
  static final int VERSION = 1;
  static final String METADATA = "checkpoint.json";
  static final String ARRAYS = "arrays.bin";
  private static final byte[] MAGIC = "SBPFLT01".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUFFER_FLOATS = 1 << 14;

  private CheckpointFormat() {}

  /** A checkpoint directory that lacks a file or holds a short one: left by a crash. */
  static final class IncompleteException extends Exception {
    private static final long serialVersionUID = 1L;

    IncompleteException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What a checkpoint must share with this fit to resume it. */
  static Map<String, String> identity(Architecture architecture, TrainingConfig config) {
    Map<String, String> identity = new LinkedHashMap<>();
    identity.put("layers", architecture.spec().toString());
    identity.put("inputShape", architecture.inputShape().toString());
    identity.put("loss", architecture.loss().name());
    identity.put("parameterCount", Integer.toString(architecture.parameterCount()));
    identity.put("optimizer", config.optimizer().toString());
    identity.put("optimizerSlots",
        Integer.toString(config.optimizer().newState(0).slotCount()));
    return identity;
  }

  /** What should be the same for a resumed fit to equal an uninterrupted one. */
  static Map<String, String> settings(TrainingConfig config, long rows) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("seed", Long.toString(config.seed()));
    settings.put("shuffle", Boolean.toString(config.shuffle()));
    settings.put("batchSize", Integer.toString(config.batchSize()));
    settings.put("trainingRows", Long.toString(rows));
    settings.put("learningRate", Double.toString(config.learningRate()));
    settings.put("schedule", config.schedule().toString());
    settings.put("weightDecay", config.updateRule().weightDecay().toString());
    settings.put("clipNorm", Double.toString(config.updateRule().clipNorm()));
    settings.put("earlyStopping", config.earlyStopping().toString());
    if (config.localSteps() != 1) {
      // Only when set, so that checkpoints written before the setting existed still match.
      settings.put("localSteps", Integer.toString(config.localSteps()));
    }
    return settings;
  }

  /** Writes {@code checkpoint} into the new directory {@code dir}. */
  static void write(FileSystem fs, Path dir, Checkpoint checkpoint, Map<String, String> identity,
      Map<String, String> settings) throws IOException {
    List<String> names = new ArrayList<>();
    List<float[]> arrays = new ArrayList<>();
    names.add("weights");
    arrays.add(checkpoint.params);
    if (checkpoint.bestParams != null) {
      names.add("bestWeights");
      arrays.add(checkpoint.bestParams);
    }
    for (int i = 0; i < checkpoint.optimizerState.slotCount(); i++) {
      names.add("optimizerSlot" + i);
      arrays.add(checkpoint.optimizerState.slot(i));
    }
    CRC32 crc = new CRC32();
    long bytes;
    try (FSDataOutputStream out = fs.create(new Path(dir, ARRAYS), false)) {
      bytes = writeArrays(out, arrays, crc);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("formatVersion", VERSION);
    root.put("epoch", checkpoint.epoch);
    root.set("identity", JSON.valueToTree(identity));
    root.set("settings", JSON.valueToTree(settings));
    root.put("optimizerStep", checkpoint.optimizerState.step());
    ObjectNode stopping = root.putObject("earlyStopping");
    stopping.put("bestEpoch", checkpoint.bestEpoch);
    if (Double.isFinite(checkpoint.bestLoss)) {
      stopping.put("bestLoss", checkpoint.bestLoss);
    } else {
      stopping.putNull("bestLoss");
    }
    stopping.put("epochsWithoutImprovement", checkpoint.epochsWithoutImprovement);
    root.set("history", TrainingSummary.epochsJson(checkpoint.history));
    ObjectNode files = root.putObject("arrays");
    files.put("file", ARRAYS);
    files.put("bytes", bytes);
    files.put("crc32", crc.getValue());
    ArrayNode entries = files.putArray("entries");
    for (int i = 0; i < names.size(); i++) {
      entries.addObject().put("name", names.get(i)).put("floats", arrays.get(i).length);
    }
    try (FSDataOutputStream out = fs.create(new Path(dir, METADATA), false)) {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
  }

  private static long writeArrays(OutputStream out, List<float[]> arrays, CRC32 crc)
      throws IOException {
    out.write(MAGIC);
    crc.update(MAGIC);
    long bytes = MAGIC.length;
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_FLOATS * Float.BYTES);
    for (float[] array : arrays) {
      for (int start = 0; start < array.length; start += BUFFER_FLOATS) {
        int count = Math.min(BUFFER_FLOATS, array.length - start);
        buffer.clear();
        buffer.asFloatBuffer().put(array, start, count);
        int length = count * Float.BYTES;
        out.write(buffer.array(), 0, length);
        crc.update(buffer.array(), 0, length);
        bytes += length;
      }
    }
    return bytes;
  }

  /**
   * Reads the checkpoint in {@code dir}. Throws {@link IncompleteException} when a file is
   * missing, short or unreadable as JSON (a crash mid-write), and {@link IllegalStateException}
   * naming the file and what differs when it is corrupt (a checksum that does not match) or
   * belongs to another network, optimizer or format version.
   */
  static Checkpoint read(FileSystem fs, Path dir, Map<String, String> identity)
      throws IOException, IncompleteException {
    Path metadataFile = new Path(dir, METADATA);
    JsonNode root = readMetadata(fs, metadataFile);
    int version = root.path("formatVersion").asInt(-1);
    if (version != VERSION) {
      throw new IllegalStateException("Checkpoint " + metadataFile + " has format version "
          + version + " but this library reads version " + VERSION + "; delete it or choose"
          + " another checkpointDir");
    }
    checkIdentity(metadataFile, root.path("identity"), identity);
    Path arraysFile = new Path(dir, root.path("arrays").path("file").asText(ARRAYS));
    byte[] bytes = readArrays(fs, arraysFile, root.path("arrays"));
    Map<String, float[]> arrays = decodeArrays(arraysFile, bytes, root.path("arrays"));
    int slots = Integer.parseInt(identity.get("optimizerSlots"));
    float[][] slotArrays = new float[slots][];
    for (int i = 0; i < slots; i++) {
      slotArrays[i] = require(arrays, "optimizerSlot" + i, arraysFile);
    }
    JsonNode stopping = root.path("earlyStopping");
    JsonNode bestLoss = stopping.path("bestLoss");
    return new Checkpoint(root.path("epoch").asInt(), require(arrays, "weights", arraysFile),
        OptimizerState.restore(root.path("optimizerStep").asLong(), slotArrays),
        stopping.path("bestEpoch").asInt(),
        bestLoss.isNumber() ? bestLoss.asDouble() : Double.POSITIVE_INFINITY,
        stopping.path("epochsWithoutImprovement").asInt(), arrays.get("bestWeights"),
        TrainingSummary.epochsFromJson(root.path("history")));
  }

  /** The recorded settings of the checkpoint in {@code dir}, for a warning when they differ. */
  static Map<String, String> recordedSettings(FileSystem fs, Path dir)
      throws IOException, IncompleteException {
    JsonNode node = readMetadata(fs, new Path(dir, METADATA)).path("settings");
    Map<String, String> settings = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
    return settings;
  }

  private static JsonNode readMetadata(FileSystem fs, Path file)
      throws IOException, IncompleteException {
    byte[] text;
    try (InputStream in = fs.open(file)) {
      text = readAll(in);
    } catch (FileNotFoundException e) {
      throw new IncompleteException("it has no " + METADATA, e);
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IncompleteException(file + " is not complete JSON (" + e.getOriginalMessage()
          + ")", e);
    }
  }

  private static void checkIdentity(Path file, JsonNode recorded, Map<String, String> expected) {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String value = recorded.path(e.getKey()).asText(null);
      if (!e.getValue().equals(value)) {
        differences.add(e.getKey() + " is '" + value + "' there but '" + e.getValue()
            + "' in this fit");
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalStateException("Checkpoint " + file + " belongs to another training run: "
          + String.join("; ", differences) + ". Delete the checkpoint or choose another"
          + " checkpointDir");
    }
  }

  private static byte[] readArrays(FileSystem fs, Path file, JsonNode meta)
      throws IOException, IncompleteException {
    long expected = meta.path("bytes").asLong(-1);
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      bytes = readAll(in);
    } catch (FileNotFoundException e) {
      throw new IncompleteException("it has no " + file.getName(), e);
    }
    if (bytes.length != expected) {
      throw new IncompleteException(file + " holds " + bytes.length + " bytes but "
          + METADATA + " records " + expected, null);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    long recorded = meta.path("crc32").asLong(-1);
    if (crc.getValue() != recorded) {
      throw new IllegalStateException("Checkpoint file " + file + " is corrupt: its CRC-32 is "
          + crc.getValue() + " but " + METADATA + " records " + recorded + ". Delete that"
          + " checkpoint directory to resume from an older one");
    }
    return bytes;
  }

  private static Map<String, float[]> decodeArrays(Path file, byte[] bytes, JsonNode meta) {
    if (bytes.length < MAGIC.length
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IllegalStateException("Checkpoint file " + file + " does not start with "
          + new String(MAGIC, StandardCharsets.US_ASCII));
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (JsonNode entry : meta.path("entries")) {
      int floats = entry.path("floats").asInt();
      if ((long) floats * Float.BYTES > buffer.remaining()) {
        throw new IllegalStateException("Checkpoint file " + file + " is shorter than the"
            + " arrays its metadata lists");
      }
      float[] array = new float[floats];
      buffer.asFloatBuffer().get(array);
      buffer.position(buffer.position() + floats * Float.BYTES);
      arrays.put(entry.path("name").asText(), array);
    }
    return arrays;
  }

  private static float[] require(Map<String, float[]> arrays, String name, Path file) {
    float[] array = arrays.get(name);
    if (array == null) {
      throw new IllegalStateException("Checkpoint file " + file + " has no array '" + name + "'");
    }
    return array;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
