package io.github.sparkbackprop.train;

import java.io.Serializable;

/**
 * Where and how often a fit saves its state: every {@code interval} epochs (and after the last
 * epoch) into {@code directory}, any Hadoop file system path, keeping the newest {@code keep}.
 * See {@link CheckpointStore} for the format and the rules of resuming.
 */
public final class CheckpointSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final CheckpointSettings NONE = new CheckpointSettings(null, 1, 1);

  private final String directory;
  private final int interval;
  private final int keep;

  /**
   * @param directory for example {@code hdfs:///user/me/run-7/checkpoints},
   *     {@code s3a://bucket/ckpt} or a local path; null for no checkpoints
   */
  public CheckpointSettings(String directory, int interval, int keep) {
    if (directory != null && directory.isBlank()) {
      throw new IllegalArgumentException("checkpointDir must not be blank; leave it unset for no"
          + " checkpoints");
    }
    if (interval < 1) {
      throw new IllegalArgumentException(
          "checkpointInterval must be at least 1 epoch but was " + interval);
    }
    if (keep < 1) {
      throw new IllegalArgumentException("keepCheckpoints must be at least 1 but was " + keep);
    }
    this.directory = directory;
    this.interval = interval;
    this.keep = keep;
  }

  public static CheckpointSettings none() {
    return NONE;
  }

  public boolean enabled() {
    return directory != null;
  }

  public String directory() {
    return directory;
  }

  public int interval() {
    return interval;
  }

  public int keep() {
    return keep;
  }

  @Override
  public String toString() {
    return enabled() ? directory + " every " + interval + " epochs, keep " + keep : "off";
  }
}
