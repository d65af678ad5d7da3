package io.github.sparkbackprop.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkbackprop.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's quick mode on slices of Fashion-MNIST: every figure is measured, is a finite
 * number in range and lands in benchmark.json and the table. Its values say nothing of speed.
 */
class BenchmarkTest {
  private static final List<String> REQUIRED = List.of("gemm_gflops", "empty_job_ms",
      "peer_fit_seconds", "peer_test_accuracy", "peer_transform_rows_per_s",
      "ours_seconds_to_peer_accuracy", "ours_test_accuracy", "ours_epoch_seconds",
      "ours_train_gflops", "ours_step_overhead_ms", "ours_transform_rows_per_s");

  @Test
  void quickRunWritesEveryFigure(@TempDir Path output) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ObjectNode json = Benchmark.run(TestSpark.session(),
        new PrintStream(printed, true, StandardCharsets.UTF_8), "--quick",
        "--output", output.toString(), "--local-steps", "4");

    JsonNode written = new ObjectMapper().readTree(output.resolve("benchmark.json").toFile());
    assertEquals(new ObjectMapper().readTree(json.toString()), written);
    for (String key : REQUIRED) {
      assertTrue(written.path(key).isNumber(), key + " is " + written.path(key));
      assertTrue(Double.isFinite(written.get(key).asDouble()), key);
    }
    for (String positive : List.of("gemm_gflops", "gemm_gflops_n1024", "empty_job_ms",
        "peer_fit_seconds", "ours_epoch_seconds", "ours_train_gflops",
        "ours_transform_rows_per_s", "peer_transform_rows_per_s")) {
      assertTrue(written.get(positive).asDouble() > 0, positive);
    }
    for (String accuracy : List.of("peer_test_accuracy", "ours_test_accuracy",
        "ours_local_test_accuracy")) {
      double value = written.get(accuracy).asDouble();
      assertTrue(value > 0.1 && value <= 1, accuracy + " " + value);
    }
    assertEquals(500, written.get("test_rows").asInt());
    assertEquals(4, written.get("local_steps").asInt());
    assertTrue(written.get("ours_local_jobs_per_epoch").asInt()
        < written.get("ours_jobs_per_epoch").asInt());
    JsonNode growth = written.get("growth");
    assertEquals(List.of(500, 1000, 2000), List.of(growth.get("rows_500").get("rows").asInt(),
        growth.get("rows_1000").get("rows").asInt(), growth.get("rows_2000").get("rows").asInt()));
    for (String width : List.of("width_16", "width_32", "width_64")) {
      assertTrue(growth.get(width).get("epoch_seconds").asDouble() > 0, width);
    }
    assertTrue(written.get("cnn").get("train_gflops").asDouble() > 0);
    JsonNode targets = written.get("targets");
    assertEquals(6, targets.size());
    targets.forEach(t -> assertTrue(t.get("met").isBoolean() && t.get("ratio").isNumber()));
    String table = printed.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("GEMM, n=1024") && table.contains("target"), table);
  }
}
