package io.github.sparkbackprop.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * Runs a real HDFS, one NameNode and one DataNode of {@code MiniDFSCluster}, in a process of its
 * own, every port on the loopback address: the file system of the cluster tests.
 *
 * <p>Arguments: the storage directory, and the file into which the NameNode's URI
 * ({@code hdfs://127.0.0.1:PORT}) is written once the file system is up. The process stops the
 * file system and exits when its standard input ends, which is also what happens when the JVM
 * that started it dies.
 */
public final class HdfsMain {
  private HdfsMain() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, args[0]);
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    for (String key : new String[] {"dfs.datanode.address", "dfs.datanode.http.address",
        "dfs.datanode.ipc.address", "dfs.namenode.http-address"}) {
      conf.set(key, "127.0.0.1:0");
    }
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    try {
      cluster.waitActive();
      announce(Path.of(args[1]), "hdfs://127.0.0.1:" + cluster.getNameNodePort());
      drain(System.in);
    } finally {
      cluster.shutdown();
    }
  }

  /** Writes {@code uri} to {@code file} in one rename, so that a reader never sees half of it. */
  private static void announce(Path file, String uri) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, uri, StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // Only the end of the stream matters.
    }
  }
}
