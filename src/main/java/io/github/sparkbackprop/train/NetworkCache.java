package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.TrainingNetwork;

/**
 * One training network per executor thread, kept from task to task while the architecture stays
 * the same, so that the steps of a fit do not allocate the layers' buffers in every task.
 *
 * <p>A network is not thread-safe, and a Spark executor runs each task on one thread from start to
 * end, so a thread-local network is never shared. Architectures arrive deserialised in every task
 * and are compared by their description.
 */
final class NetworkCache {
  private static final ThreadLocal<NetworkCache> CURRENT = new ThreadLocal<>();

  private final String key;
  private final TrainingNetwork network;

  private NetworkCache(String key, TrainingNetwork network) {
    this.key = key;
    this.network = network;
  }

  /** This thread's network for {@code architecture}, built for {@code rows} rows if new. */
  static TrainingNetwork network(Architecture architecture, int rows) {
    String key = architecture.toString();
    NetworkCache cached = CURRENT.get();
    if (cached == null || !cached.key.equals(key)) {
      cached = new NetworkCache(key, new TrainingNetwork(architecture, rows));
      CURRENT.set(cached);
    }
    return cached.network;
  }
}
