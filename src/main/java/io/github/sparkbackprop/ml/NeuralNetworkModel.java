package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.train.TrainingSummary;

/** What every fitted network model of this library offers: its network, weights and summary. */
public interface NeuralNetworkModel {

  String uid();

  /** The network the weights belong to. */
  Architecture architecture();

  /** A copy of the flat weight array. */
  float[] weights();

  /** Whether the model carries the summary of the fit that made it. */
  boolean hasSummary();

  /**
   * The summary of the fit that made this model, also after save and load; throws
   * {@link java.util.NoSuchElementException} when there is none (a model saved before summaries
   * existed).
   */
  TrainingSummary summary();
}
