package io.github.sparkbackprop.ml;

/**
 * Hands a stage's uid to its own superclass constructor.
 *
 * <p>Spark's Scala base classes create their Params (featuresCol, labelCol, ...) while their
 * constructor runs, and each Param records {@code uid()} as its owner. A Scala class has its uid
 * by then; a Java subclass has not yet assigned its fields. So a Java stage publishes its uid here,
 * for this thread, before calling {@code super()}, and its {@code uid()} falls back to it until the
 * field is set.
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private PendingUid() {}

  /** Publishes {@code uid} for the constructor about to run and returns it. */
  static String publish(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("A stage's uid must not be empty");
    }
    PENDING.set(uid);
    return uid;
  }

  static String current() {
    return PENDING.get();
  }

  /** Called at the end of the constructor. */
  static void clear() {
    PENDING.remove();
  }
}
