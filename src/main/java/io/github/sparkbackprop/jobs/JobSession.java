package io.github.sparkbackprop.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The SparkSession of a job's main method. */
final class JobSession {
  private JobSession() {}

  /**
   * A session named {@code appName} on {@code defaultMaster}, with the web UI off; a master or a
   * UI setting that spark-submit or {@code -D} options gave takes precedence.
   */
  static SparkSession create(String appName, String defaultMaster) {
    SparkConf given = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!given.contains("spark.master")) {
      builder.master(defaultMaster);
    }
    if (!given.contains("spark.ui.enabled")) {
      builder.config("spark.ui.enabled", false);
    }
    return builder.getOrCreate();
  }
}
