package io.github.sparkbackprop.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of one fit, in the manner of Spark's training summaries: every epoch's training
 * loss, validation loss and metric, learning rate, seconds and rows per second; the totals; the
 * best epoch; and why training stopped.
 *
 * <p>{@link #toJson()} writes format version {@value #FORMAT_VERSION}, the form saved with a
 * model and written by the training job; {@link #fromJson} reads it back and refuses other
 * versions by number. Missing values (no validation data) are written as JSON {@code null}.
 */
public final class TrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<EpochStats> epochs;
  /** Name of the validation metric, such as {@code accuracy}, or empty without validation. */
  private final String metricName;
  private final StopReason stopReason;
  /** The epoch of the checkpoint this fit resumed from, or 0 for a fit from the start. */
  private final int resumedFromEpoch;

  public TrainingSummary(List<EpochStats> epochs, String metricName, StopReason stopReason,
      int resumedFromEpoch) {
    this.epochs = List.copyOf(epochs);
    this.metricName = metricName;
    this.stopReason = stopReason;
    this.resumedFromEpoch = resumedFromEpoch;
  }

  /** One entry per epoch, epoch 1 first, the epochs before a resume included. */
  public List<EpochStats> epochs() {
    return epochs;
  }

  public String metricName() {
    return metricName;
  }

  public StopReason stopReason() {
    return stopReason;
  }

  /** The epoch with the lowest monitored loss, or 0 when there was no early stopping. */
  public int bestEpoch() {
    return stopReason.bestEpoch();
  }

  public int resumedFromEpoch() {
    return resumedFromEpoch;
  }

  public int totalEpochs() {
    return epochs.size();
  }

  public double totalSeconds() {
    double sum = 0;
    for (EpochStats e : epochs) {
      sum += e.seconds();
    }
    return sum;
  }

  public long totalRows() {
    long sum = 0;
    for (EpochStats e : epochs) {
      sum += e.rows();
    }
    return sum;
  }

  public long totalSteps() {
    long sum = 0;
    for (EpochStats e : epochs) {
      sum += e.steps();
    }
    return sum;
  }

  /** The summary as one JSON object, format version {@value #FORMAT_VERSION}. */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a training summary as JSON", e);
    }
  }

  ObjectNode toJsonNode() {
    ObjectNode root = JSON.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("metric", metricName);
    ObjectNode stop = root.putObject("stopReason");
    stop.put("kind", stopReason.kind().jsonName());
    stop.put("epoch", stopReason.epoch());
    stop.put("bestEpoch", stopReason.bestEpoch());
    stop.put("description", stopReason.description());
    root.put("resumedFromEpoch", resumedFromEpoch);
    ObjectNode totals = root.putObject("totals");
    totals.put("epochs", totalEpochs());
    totals.put("seconds", totalSeconds());
    totals.put("rows", totalRows());
    totals.put("steps", totalSteps());
    putNumber(totals, "rowsPerSecond", totalSeconds() > 0 ? totalRows() / totalSeconds()
        : Double.NaN);
    root.set("epochs", epochsJson(epochs));
    return root;
  }

  /** Parses what {@link #toJson()} wrote; {@code source} names the file in error messages. */
  public static TrainingSummary fromJson(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The training summary " + source + " is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
    int version = root.path("formatVersion").asInt(-1);
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("The training summary " + source + " has format version "
          + version + " but this library reads version " + FORMAT_VERSION);
    }
    JsonNode stop = root.path("stopReason");
    StopReason reason = new StopReason(StopReason.Kind.fromJsonName(stop.path("kind").asText()),
        stop.path("epoch").asInt(), stop.path("bestEpoch").asInt(),
        stop.path("description").asText());
    return new TrainingSummary(epochsFromJson(root.path("epochs")), root.path("metric").asText(),
        reason, root.path("resumedFromEpoch").asInt());
  }

  static ArrayNode epochsJson(List<EpochStats> epochs) {
    ArrayNode array = JSON.createArrayNode();
    for (EpochStats e : epochs) {
      ObjectNode node = array.addObject();
      node.put("epoch", e.epoch());
      putNumber(node, "trainingLoss", e.loss());
      putNumber(node, "validationLoss", e.validationLoss());
      putNumber(node, "validationMetric", e.validationMetric());
      putNumber(node, "learningRate", e.learningRate());
      node.put("seconds", e.seconds());
      node.put("rows", e.rows());
      node.put("steps", e.steps());
      node.put("jobs", e.jobs());
      putNumber(node, "taskSeconds", e.taskSeconds());
      putNumber(node, "rowsPerSecond", e.rowsPerSecond());
    }
    return array;
  }

  static List<EpochStats> epochsFromJson(JsonNode array) {
    List<EpochStats> epochs = new ArrayList<>();
    for (JsonNode node : array) {
      epochs.add(new EpochStats(node.path("epoch").asInt(), number(node, "trainingLoss"),
          number(node, "validationLoss"), number(node, "validationMetric"),
          number(node, "learningRate"), node.path("seconds").asDouble(),
          node.path("rows").asLong(), node.path("steps").asInt(),
          node.path("jobs").asInt(node.path("steps").asInt()), number(node, "taskSeconds")));
    }
    return epochs;
  }

  /** Writes a double, or null when it is NaN or infinite, which JSON cannot hold. */
  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  private static double number(JsonNode node, String key) {
    JsonNode value = node.path(key);
    return value.isNumber() ? value.asDouble() : Double.NaN;
  }

  @Override
  public String toString() {
    return totalEpochs() + " epochs in " + String.format(java.util.Locale.ROOT, "%.1f",
        totalSeconds()) + " s; " + stopReason.description();
  }
}
