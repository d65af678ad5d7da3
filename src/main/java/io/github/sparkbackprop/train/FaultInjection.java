package io.github.sparkbackprop.train;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * A test-only switch that makes the first attempt of every gradient task fail, so that tests can
 * show that Spark's retry of a task leaves the trained weights unchanged.
 *
 * <p>It is off unless the application's Spark configuration sets
 * {@value #FAIL_FIRST_ATTEMPT} to {@code true}. A retry needs a scheduler that retries: on a
 * cluster {@code spark.task.maxFailures} (default 4) must be at least 2, and in local mode the
 * master must allow failures, as {@code local[2,2]} does ({@code local[2]} fails the job at once).
 */
public final class FaultInjection {
  /** The Spark configuration key that turns the switch on. */
  public static final String FAIL_FIRST_ATTEMPT = "spark.sparkbackprop.test.failFirstAttempt";

  private FaultInjection() {
  }

  /**
   * Called at the start of a gradient task: throws when the switch is on and this is the task's
   * first attempt, does nothing otherwise (also outside a task).
   *
   * @throws IllegalStateException naming the stage, partition and attempt that were failed
   */
  static void failFirstAttemptIfAsked() {
    TaskContext task = TaskContext.get();
    if (task == null || task.attemptNumber() > 0) {
      return;
    }
    SparkEnv env = SparkEnv.get();
    if (env != null && env.conf().getBoolean(FAIL_FIRST_ATTEMPT, false)) {
      throw new IllegalStateException("Failing attempt " + task.attemptNumber() + " of the task"
          + " for partition " + task.partitionId() + " of stage " + task.stageId() + " on purpose,"
          + " because " + FAIL_FIRST_ATTEMPT + " is true");
    }
  }
}
