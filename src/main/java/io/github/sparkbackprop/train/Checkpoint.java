package io.github.sparkbackprop.train;

import io.github.sparkbackprop.optim.OptimizerState;
import java.util.List;

/**
 * Everything a fit needs to go on after epoch {@link #epoch} exactly as if it had never stopped:
 * the weights, the optimizer's state (moments and step counter, which is also the learning-rate
 * schedule's position), the early-stopping state with the best weights, and the history so far.
 * The seed, which fixes every later epoch's shuffle and dropout masks, and the architecture are
 * checked by {@link CheckpointStore} rather than carried here.
 */
final class Checkpoint {
  final int epoch;
  final float[] params;
  final OptimizerState optimizerState;
  final int bestEpoch;
  final double bestLoss;
  final int epochsWithoutImprovement;
  /** The best epoch's weights when they are to be restored, otherwise null. */
  final float[] bestParams;
  final List<EpochStats> history;

  Checkpoint(int epoch, float[] params, OptimizerState optimizerState, int bestEpoch,
      double bestLoss, int epochsWithoutImprovement, float[] bestParams,
      List<EpochStats> history) {
    this.epoch = epoch;
    this.params = params;
    this.optimizerState = optimizerState;
    this.bestEpoch = bestEpoch;
    this.bestLoss = bestLoss;
    this.epochsWithoutImprovement = epochsWithoutImprovement;
    this.bestParams = bestParams;
    this.history = List.copyOf(history);
  }
}
