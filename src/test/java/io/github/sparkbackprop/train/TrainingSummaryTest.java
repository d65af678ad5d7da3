package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary's JSON form: a round trip, missing values, and the version check. */
class TrainingSummaryTest {

  private static TrainingSummary summary() {
    return new TrainingSummary(List.of(
        new EpochStats(1, 0.9, 0.8, 0.6, 0.01, 1.5, 300, 10),
        new EpochStats(2, 0.7, 0.75, 0.7, 0.005, 1.25, 300, 10)),
        "accuracy", StopReason.earlyStopping(2, 1, "validation loss", 1, 0.1), 1);
  }

  @Test
  void roundTripsThroughJson() {
    TrainingSummary summary = summary();
    TrainingSummary back = TrainingSummary.fromJson(summary.toJson(), "test");

    assertEquals(summary.toJson(), back.toJson());
    assertEquals(2, back.totalEpochs());
    assertEquals(600, back.totalRows());
    assertEquals(20, back.totalSteps());
    assertEquals(2.75, back.totalSeconds(), 1e-12);
    assertEquals(StopReason.Kind.EARLY_STOPPING, back.stopReason().kind());
    assertEquals(1, back.bestEpoch());
    assertEquals(1, back.resumedFromEpoch());
    assertEquals(0.75, back.epochs().get(1).validationLoss(), 0);
    assertEquals(0.005, back.epochs().get(1).learningRate(), 0);
    assertTrue(summary.toJson().contains("\"description\" : \"early stopping at epoch 2, best"
        + " epoch 1"), summary.toJson());
  }

  @Test
  void missingValidationIsWrittenAsNull() {
    TrainingSummary summary = new TrainingSummary(List.of(new EpochStats(1, 0.5, 2.0, 100, 4)),
        "", StopReason.maxEpochs(1, 0), 0);
    String json = summary.toJson();
    assertTrue(json.contains("\"validationLoss\" : null"), json);
    EpochStats back = TrainingSummary.fromJson(json, "test").epochs().get(0);
    assertTrue(Double.isNaN(back.validationLoss()));
    assertTrue(Double.isNaN(back.learningRate()));
  }

  @Test
  void refusesAnotherFormatVersion() {
    String json = summary().toJson().replace("\"formatVersion\" : 1", "\"formatVersion\" : 7");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingSummary.fromJson(json, "/models/m/summary.json"));
    assertEquals("The training summary /models/m/summary.json has format version 7 but this"
        + " library reads version 1", e.getMessage());
  }
}
