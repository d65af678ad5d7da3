package io.github.sparkbackprop.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

/** The Hadoop configuration a job's checks use before its SparkSession exists. */
public final class HadoopConf {
  private HadoopConf() {}

  /**
   * The class path's Hadoop settings plus every {@code spark.hadoop.*} setting that spark-submit
   * or {@code -D} options gave, as Spark's own configuration will hold them: so that a check of a
   * path on HDFS or an object store before Spark starts sees the same file system as the job.
   */
  public static Configuration beforeSpark() {
    return SparkHadoopUtil.get().newConfiguration(new SparkConf());
  }
}
