package io.github.sparkbackprop.testing;

import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/**
 * One real local SparkSession shared by all tests of a JVM, as Spark's own suites do; it is
 * stopped when the JVM exits. Logging is at WARN (src/test/resources/log4j2-test.properties).
 */
public final class TestSpark {
  /** Loggers that report, at ERROR with a stack trace, each task failure a test provokes. */
  private static final String[] TASK_FAILURE_LOGGERS = {
      "org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager"};

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("spark-backprop-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
    }
    return session;
  }

  /**
   * Runs an action that is expected to fail a Spark task, without the stack traces that Spark
   * logs for it; the failure still reaches the caller, with the task's error in its message.
   */
  public static <T> T withoutTaskFailureLogs(Callable<T> action) throws Exception {
    for (String logger : TASK_FAILURE_LOGGERS) {
      Configurator.setLevel(logger, Level.OFF);
    }
    try {
      return action.call();
    } finally {
      for (String logger : TASK_FAILURE_LOGGERS) {
        Configurator.setLevel(logger, Level.WARN);
      }
    }
  }
}
