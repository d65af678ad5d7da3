package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkbackprop.nn.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on a real HDFS, a MiniDFSCluster in this JVM bound to the loopback address. */
class HdfsCheckpointTest {
  @TempDir
  static Path storage;

  private static MiniDFSCluster cluster;
  private static Blocks.StackedData data;

  @BeforeAll
  static void start() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, storage.toString());
    for (String key : new String[] {"dfs.datanode.address", "dfs.datanode.http.address",
        "dfs.datanode.ipc.address", "dfs.namenode.http-address"}) {
      conf.set(key, "127.0.0.1:0");
    }
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    cluster.waitActive();
    data = Fixtures.stack(Fixtures.partitioned(Fixtures.blobs(120), 2));
  }

  @AfterAll
  static void stop() {
    if (data != null) {
      data.release();
    }
    if (cluster != null) {
      // The data node reports its own orderly shutdown as an interrupted thread, at ERROR.
      Configurator.setLevel("org.apache.hadoop.hdfs.server.datanode", Level.OFF);
      cluster.shutdown();
    }
  }

  private static TrainingResult fit(int epochs, String directory) {
    Architecture architecture = CheckpointTest.architecture();
    return new DistributedTrainer(architecture, CheckpointTest.config(epochs, directory, 1, 1))
        .fit(data, architecture.initialParameters(1));
  }

  @Test
  void checkpointsOnHdfsAreKeptPrunedAndResumed() throws IOException {
    String directory = "hdfs://localhost:" + cluster.getNameNodePort() + "/runs/7/checkpoints";
    fit(2, directory);
    assertEquals(List.of("checkpoint-000002"), names("/runs/7/checkpoints"));

    TrainingResult resumed = fit(4, directory);

    assertEquals(2, resumed.summary().resumedFromEpoch());
    assertArrayEquals(fit(4, null).parameters(), resumed.parameters());
    assertEquals(List.of("checkpoint-000004"), names("/runs/7/checkpoints"));
  }

  private static List<String> names(String path) throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus status : cluster.getFileSystem().listStatus(new org.apache.hadoop.fs.Path(
        path))) {
      names.add(status.getPath().getName());
    }
    names.sort(null);
    return names;
  }
}
