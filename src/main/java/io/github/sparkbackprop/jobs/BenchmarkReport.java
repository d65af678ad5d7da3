package io.github.sparkbackprop.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's figures as they come in: kept in {@code benchmark.json}'s object, listed for
 * the printed table, and checked against the targets at the end.
 */
final class BenchmarkReport {
  private final ObjectNode json = new ObjectMapper().createObjectNode();
  private final List<String[]> table = new ArrayList<>();
  private final PrintStream out;

  BenchmarkReport(PrintStream out) {
    this.out = out;
  }

  ObjectNode json() {
    return json;
  }

  void machine(SparkSession spark, int tasks, long trainRows, long testRows) {
    ObjectNode machine = json.putObject("machine");
    machine.put("cpu", cpuModel());
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("spark_master", spark.sparkContext().master());
    machine.put("tasks", tasks);
    machine.put("spark_version", spark.version());
    machine.put("java_version", System.getProperty("java.version"));
    machine.put("date", Instant.now().toString());
    json.put("train_rows", trainRows);
    json.put("test_rows", testRows);
    out.printf(Locale.ROOT, "benchmark on %s, %d cores, %s, %d training and %d test rows%n",
        cpuModel(), Runtime.getRuntime().availableProcessors(), spark.sparkContext().master(),
        trainRows, testRows);
  }

  void limits(double trainingGflops, double squareGflops, int rowsPerTask, double emptyJobMs,
      String blas) {
    json.put("gemm_gflops", trainingGflops);
    json.put("gemm_gflops_n1024", squareGflops);
    json.put("gemm_rows_per_task", rowsPerTask);
    json.put("empty_job_ms", emptyJobMs);
    child("machine").put("blas", blas);
    row("limits", "GEMM, training shapes (" + rowsPerTask + " rows per task), all tasks",
        trainingGflops, "GFLOP/s");
    row("limits", "GEMM, n=1024, all tasks", squareGflops, "GFLOP/s");
    row("limits", "empty Spark job on the cached training data", emptyJobMs, "ms");
    progress("limits measured");
  }

  void peer(PeerBaseline peer) {
    json.put("peer_fit_seconds", peer.fitSeconds);
    json.put("peer_test_accuracy", peer.testAccuracy);
    json.put("peer_transform_rows_per_s", peer.transformRowsPerSecond);
    row("peer", "MultilayerPerceptronClassifier fit", peer.fitSeconds, "s");
    row("peer", "test accuracy", peer.testAccuracy, "");
    row("peer", "transform", peer.transformRowsPerSecond, "rows/s");
    progress("peer measured");
  }

  /** The figures of one run of ours under {@code prefix}; {@code transform} NaN to leave out. */
  void ours(String prefix, TrainingRun run, PeerBaseline peer, double transform) {
    double toPeer = run.secondsToAccuracy(peer.testAccuracy);
    boolean reached = !Double.isNaN(toPeer);
    json.put(prefix + "_seconds_to_peer_accuracy", reached ? toPeer : run.fitSeconds);
    json.put(prefix + "_reached_peer_accuracy", reached);
    json.put(prefix + "_test_accuracy", run.finalAccuracy());
    json.put(prefix + "_fit_seconds", run.fitSeconds);
    json.put(prefix + "_epochs", run.epochs.size());
    json.put(prefix + "_epoch_seconds", run.epochSeconds());
    json.put(prefix + "_rows_per_s", run.epochs.get(0).rows() / run.epochSeconds());
    json.put(prefix + "_train_gflops", run.trainGflops());
    json.put(prefix + "_task_seconds_per_epoch", run.taskSeconds());
    json.put(prefix + "_step_overhead_ms", run.overheadMillisPerJob());
    json.put(prefix + "_jobs_per_epoch", run.epochs.get(0).jobs());
    String label = prefix.equals("ours") ? "ours" : "ours, localSteps";
    row(label, "seconds to the peer's accuracy" + (reached ? "" : " (not reached: fit time)"),
        reached ? toPeer : run.fitSeconds, "s");
    row(label, "final test accuracy after " + run.epochs.size() + " epochs",
        run.finalAccuracy(), "");
    row(label, "seconds per epoch (median)", run.epochSeconds(), "s");
    row(label, "training rows per second", run.epochs.get(0).rows() / run.epochSeconds(),
        "rows/s");
    row(label, "training arithmetic over the epoch", run.trainGflops(), "GFLOP/s");
    row(label, "Spark's time per job beyond the tasks", run.overheadMillisPerJob(), "ms");
    if (!Double.isNaN(transform)) {
      json.put(prefix + "_transform_rows_per_s", transform);
      row(label, "transform", transform, "rows/s");
    }
    progress(prefix + " measured");
  }

  void growth(String name, TrainingRun run) {
    ObjectNode node = child("growth").putObject(name);
    double seconds = lastEpochSeconds(run);
    node.put("rows", run.epochs.get(0).rows());
    node.put("layers", run.model.getLayers());
    node.put("epoch_seconds", seconds);
    node.put("train_gflops", run.gflops(seconds));
    row("growth", name.replace('_', ' ') + ": seconds per epoch", seconds, "s");
    progress("growth " + name + " measured");
  }

  void cnn(TrainingRun run) {
    ObjectNode node = json.putObject("cnn");
    double seconds = lastEpochSeconds(run);
    double rows = run.epochs.get(0).rows();
    node.put("layers", run.model.getLayers());
    node.put("epoch_seconds", seconds);
    node.put("rows_per_s", rows / seconds);
    node.put("train_gflops", run.gflops(seconds));
    node.put("fraction_of_gemm", run.gflops(seconds) / json.get("gemm_gflops").asDouble());
    row("cnn", "seconds per epoch", seconds, "s");
    row("cnn", "training rows per second", rows / seconds, "rows/s");
    row("cnn", "training arithmetic", run.gflops(seconds), "GFLOP/s");
    progress("cnn measured");
  }

  /** Checks the figures against the targets and records each with its bound. */
  void targets() {
    ObjectNode targets = json.putObject("targets");
    // Not reaching the peer's accuracy at all misses the target, whatever the time.
    double toPeer = json.path("ours_reached_peer_accuracy").asBoolean()
        ? number("ours_seconds_to_peer_accuracy") : Double.POSITIVE_INFINITY;
    target(targets, "seconds_to_peer_accuracy_vs_peer_fit",
        toPeer / number("peer_fit_seconds"), "<=", 0.1);
    target(targets, "transform_vs_peer",
        number("ours_transform_rows_per_s") / number("peer_transform_rows_per_s"), ">=", 5);
    target(targets, "train_gflops_vs_gemm",
        number("ours_train_gflops") / number("gemm_gflops"), ">=", 0.5);
    target(targets, "local_train_gflops_vs_gemm",
        number("ours_local_train_gflops") / number("gemm_gflops"), ">=", 0.5);
    target(targets, "step_overhead_vs_empty_job",
        number("ours_step_overhead_ms") / number("empty_job_ms"), "<=", 1.5);
    ObjectNode growth = child("growth");
    List<String> rows = new ArrayList<>();
    growth.fieldNames().forEachRemaining(n -> {
      if (n.startsWith("rows_")) {
        rows.add(n);
      }
    });
    if (rows.size() >= 2) {
      ObjectNode first = (ObjectNode) growth.get(rows.get(0));
      ObjectNode last = (ObjectNode) growth.get(rows.get(rows.size() - 1));
      double timeRatio = last.get("epoch_seconds").asDouble()
          / first.get("epoch_seconds").asDouble();
      double rowRatio = last.get("rows").asDouble() / first.get("rows").asDouble();
      target(targets, "epoch_seconds_growth_vs_rows_growth", timeRatio / rowRatio, "<=", 1.0);
    }
  }

  void printTable() {
    out.println();
    out.printf(Locale.ROOT, "%-16s %-62s %14s %s%n", "part", "figure", "value", "unit");
    for (String[] r : table) {
      out.printf(Locale.ROOT, "%-16s %-62s %14s %s%n", (Object[]) r);
    }
  }

  private void target(ObjectNode targets, String name, double ratio, String relation,
      double bound) {
    boolean met = relation.equals("<=") ? ratio <= bound : ratio >= bound;
    // -1 stands for a ratio that cannot be computed, such as a peer accuracy never reached.
    targets.putObject(name).put("ratio", Double.isFinite(ratio) ? ratio : -1)
        .put("bound", bound).put("relation", relation)
        .put("met", met);
    row("target", name.replace('_', ' ') + " " + relation + " " + bound + (met ? "" : " MISSED"),
        ratio, met ? "met" : "missed");
  }

  /** The object under {@code name}, made empty when missing. */
  private ObjectNode child(String name) {
    return json.has(name) ? (ObjectNode) json.get(name) : json.putObject(name);
  }

  private double number(String key) {
    return json.has(key) ? json.get(key).asDouble() : Double.NaN;
  }

  private static double lastEpochSeconds(TrainingRun run) {
    return run.epochs.get(run.epochs.size() - 1).seconds();
  }

  private void row(String part, String figure, double value, String unit) {
    String shown = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.4g", value);
    table.add(new String[] {part, figure, shown, unit});
  }

  private void progress(String what) {
    out.printf(Locale.ROOT, "... %s%n", what);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
    return System.getProperty("os.arch");
  }
}
