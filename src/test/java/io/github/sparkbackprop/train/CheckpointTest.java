package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.optim.LearningRateSchedules;
import io.github.sparkbackprop.optim.Optimizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on the local file system: written at the interval, pruned, atomic; a fit resumed
 * after a crash ends with the weights of an uninterrupted fit, bit for bit; incomplete, corrupt
 * and incompatible checkpoints.
 *
 * <p>The network has dropout, and the fit uses AdamW, clipping, a warm-up and step decay and
 * restores the best epoch, so that every piece of state a resume needs is exercised.
 */
class CheckpointTest {
  static final String LAYERS = "dense(8, tanh), dropout(0.2), dense(3, softmax)";
  private static final int EPOCHS = 6;

  private static Blocks.StackedData data;
  private static TrainingResult uninterrupted;

  @TempDir
  Path dir;

  @BeforeAll
  static void trainWithoutInterruption() {
    data = Fixtures.stack(Fixtures.partitioned(Fixtures.blobs(240), 3));
    uninterrupted = fit(config(EPOCHS, null, 1, 1));
  }

  @AfterAll
  static void release() {
    data.release();
  }

  static Architecture architecture() {
    return Fixtures.architecture(LAYERS, "crossentropy");
  }

  static TrainingConfig config(int maxEpochs, String directory, int interval, int keep) {
    TrainingConfig config = Fixtures.config(maxEpochs)
        .withUpdateRule(Optimizers.updateRule("adamw", 0, 0.01, 1.0))
        .withSchedule(LearningRateSchedules.parse("step(every=2, factor=0.5, warmup=1)"))
        .withEarlyStopping(new EarlyStopping(10, 0, true));
    return directory == null ? config
        : config.withCheckpoints(new CheckpointSettings(directory, interval, keep));
  }

  private static TrainingResult fit(TrainingConfig config) {
    return fit(architecture(), config);
  }

  private static TrainingResult fit(Architecture architecture, TrainingConfig config) {
    return new DistributedTrainer(architecture, config)
        .fit(data, architecture.initialParameters(1));
  }

  @Test
  void writesAtTheIntervalAndAfterTheLastEpochAndKeepsTheNewest() throws IOException {
    fit(config(5, dir.toString(), 2, 2));
    assertEquals(List.of("checkpoint-000004", "checkpoint-000005"), names());
    Path newest = dir.resolve("checkpoint-000005");
    assertTrue(Files.exists(newest.resolve("checkpoint.json")));
    assertTrue(Files.exists(newest.resolve("arrays.bin")));
    String json = Files.readString(newest.resolve("checkpoint.json"));
    assertTrue(json.contains("\"formatVersion\" : 1"), json);
    assertTrue(json.contains("\"layers\" : \"" + LAYERS + "\""), json);
  }

  @Test
  void aResumedFitEqualsAnUninterruptedOne() throws IOException {
    TrainingResult first = fit(config(3, dir.toString(), 1, 2));
    assertEquals(3, first.history().size());
    // Debris of a crash while writing the next checkpoint, which the resume must ignore.
    Path leftover = Files.createDirectories(dir.resolve(".checkpoint-000004.tmp-crashed"));
    Files.writeString(leftover.resolve("checkpoint.json"), "{\"formatVersion\": 1, \"epo");

    TrainingResult resumed = fit(config(EPOCHS, dir.toString(), 1, 2));

    assertArrayEquals(uninterrupted.parameters(), resumed.parameters());
    assertEquals(3, resumed.summary().resumedFromEpoch());
    assertEquals(losses(uninterrupted), losses(resumed));
    assertEquals(uninterrupted.summary().bestEpoch(), resumed.summary().bestEpoch());
    assertEquals(List.of("checkpoint-000005", "checkpoint-000006"), names());
  }

  @Test
  void anIncompleteNewestCheckpointFallsBackToThePreviousOne() throws IOException {
    fit(config(3, dir.toString(), 1, 2));
    Files.delete(dir.resolve("checkpoint-000003").resolve("arrays.bin"));

    TrainingResult resumed = fit(config(EPOCHS, dir.toString(), 1, 2));

    assertEquals(2, resumed.summary().resumedFromEpoch());
    assertArrayEquals(uninterrupted.parameters(), resumed.parameters());
  }

  @Test
  void aCorruptCheckpointIsRefusedNamingTheFile() throws IOException {
    fit(config(2, dir.toString(), 1, 1));
    Path checkpoint = dir.resolve("checkpoint-000002");
    flipABit(checkpoint.resolve("arrays.bin"));

    IllegalStateException byFileSystem = assertThrows(IllegalStateException.class,
        () -> fit(config(EPOCHS, dir.toString(), 1, 1)));
    assertTrue(byFileSystem.getMessage().contains("checkpoint-000002 is corrupt: the file system"
        + " reports Checksum error"), byFileSystem.getMessage());

    // Without the local file system's own checksums (as on most object stores), the
    // checkpoint's CRC-32 finds the damage.
    Files.delete(checkpoint.resolve(".arrays.bin.crc"));
    IllegalStateException byCrc = assertThrows(IllegalStateException.class,
        () -> fit(config(EPOCHS, dir.toString(), 1, 1)));
    assertTrue(byCrc.getMessage().startsWith("Checkpoint file "), byCrc.getMessage());
    assertTrue(byCrc.getMessage().contains("checkpoint-000002/arrays.bin is corrupt: its CRC-32"
        + " is"), byCrc.getMessage());
  }

  private static void flipABit(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 0x10;
    Files.write(file, bytes);
  }

  @Test
  void aCheckpointOfAnotherNetworkIsRefusedNamingBoth() {
    fit(config(1, dir.toString(), 1, 1));
    Architecture other = Fixtures.architecture("dense(5, tanh), dense(3, softmax)",
        "crossentropy");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> fit(other, config(EPOCHS, dir.toString(), 1, 1)));
    assertTrue(e.getMessage().contains("checkpoint-000001/checkpoint.json belongs to another"
        + " training run: layers is '" + LAYERS + "' there but 'dense(5, tanh), dense(3,"
        + " softmax)' in this fit"), e.getMessage());
  }

  @Test
  void aCheckpointOfAnotherOptimizerIsRefused() {
    fit(config(1, dir.toString(), 1, 1));
    TrainingConfig sgd = config(EPOCHS, dir.toString(), 1, 1)
        .withUpdateRule(Optimizers.updateRule("sgd", 0, 0, 0));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> fit(sgd));
    assertTrue(e.getMessage().contains("optimizer is 'adam(beta1=0.9, beta2=0.999,"
        + " epsilon=1.0E-8)' there but 'sgd()' in this fit"), e.getMessage());
  }

  @Test
  void anotherFormatVersionIsRefusedByNumber() throws IOException {
    fit(config(1, dir.toString(), 1, 1));
    Path json = dir.resolve("checkpoint-000001").resolve("checkpoint.json");
    Files.writeString(json, Files.readString(json, StandardCharsets.UTF_8)
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
    // As if another version of the library had written it: no stale file system checksum.
    Files.delete(json.resolveSibling(".checkpoint.json.crc"));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> fit(config(EPOCHS, dir.toString(), 1, 1)));
    assertTrue(e.getMessage().contains("checkpoint-000001/checkpoint.json has format version 99"
        + " but this library reads version 1"), e.getMessage());
  }

  @Test
  void aCheckpointPastMaxEpochsIsRefused() {
    fit(config(3, dir.toString(), 1, 1));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> fit(config(2, dir.toString(), 1, 1)));
    assertTrue(e.getMessage().contains("is of epoch 3, past maxEpochs (2)"), e.getMessage());
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("checkpoint-"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  static List<Double> losses(TrainingResult result) {
    return result.history().stream().map(EpochStats::loss).collect(Collectors.toList());
  }
}
