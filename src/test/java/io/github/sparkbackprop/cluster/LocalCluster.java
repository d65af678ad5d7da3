package io.github.sparkbackprop.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster of one master and two workers, and an HDFS, each in its own JVM on
 * 127.0.0.1, started from the Spark home that the build assembles: what the cluster tests submit
 * their jobs to. {@link #close} stops every process it started, also after a failure.
 */
final class LocalCluster implements AutoCloseable {
  static final int WORKERS = 2;
  private static final long START_SECONDS = 180;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path sparkHome;
  private final Path work;
  private final List<String> opens;
  private final Jvms jvms;
  private final List<Process> workers = new ArrayList<>();
  private Process hdfs;
  private String hdfsUri;
  private String masterUrl;

  /**
   * @param sparkHome a folder with jars/ and conf/ as a Spark distribution has them
   * @param work where the logs and the processes' storage go; it must be empty or missing
   * @param opens the --add-opens flags that every Spark JVM on Java 17 needs
   */
  LocalCluster(Path sparkHome, Path work, List<String> opens) throws IOException {
    this.sparkHome = sparkHome;
    this.work = Files.createDirectories(work);
    this.opens = List.copyOf(opens);
    this.jvms = new Jvms(work, opens, Map.of(
        "SPARK_HOME", sparkHome.toString(),
        "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", "127.0.0.1",
        "OPENBLAS_NUM_THREADS", "1"));
  }

  /** Starts HDFS, the master and the workers, and waits until both workers have registered. */
  void start() throws IOException, InterruptedException {
    startHdfs();
    int masterPort = freePort();
    int masterUiPort = freePort();
    jvms.start("master", sparkClassPath(), "256m",
        List.of("-Dspark.master.rest.enabled=false"),
        "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", String.valueOf(masterPort),
        "--webui-port", String.valueOf(masterUiPort));
    masterUrl = "spark://127.0.0.1:" + masterPort;
    for (int i = 0; i < WORKERS; i++) {
      Path dir = Files.createDirectories(work.resolve("worker-" + i));
      workers.add(jvms.start("worker-" + i, sparkClassPath(), "256m",
          "org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--webui-port", "0", "--cores", "1", "--memory", "1g",
          "--work-dir", dir.toString(), masterUrl));
    }
    awaitWorkers(masterUiPort);
    awaitHdfs();
  }

  private void startHdfs() throws IOException {
    Path storage = Files.createDirectories(work.resolve("hdfs"));
    hdfs = jvms.start("hdfs", System.getProperty("java.class.path"), "512m",
        HdfsMain.class.getName(), storage.toString(), work.resolve("hdfs-uri").toString());
  }

  private void awaitHdfs() throws IOException, InterruptedException {
    Path uriFile = work.resolve("hdfs-uri");
    long deadline = deadline();
    while (!Files.exists(uriFile)) {
      requireAlive(hdfs, "hdfs");
      requireBefore(deadline, "HDFS to start");
      Thread.sleep(200);
    }
    hdfsUri = Files.readString(uriFile, StandardCharsets.UTF_8).trim();
  }

  /** Polls the master's status page, on 127.0.0.1, until every worker is alive. */
  private void awaitWorkers(int uiPort) throws IOException, InterruptedException {
    long deadline = deadline();
    URL status = new URL("http://127.0.0.1:" + uiPort + "/json/");
    while (aliveWorkers(status) < WORKERS) {
      for (int i = 0; i < WORKERS; i++) {
        requireAlive(workers.get(i), "worker-" + i);
      }
      requireBefore(deadline, WORKERS + " workers to register with the master");
      Thread.sleep(300);
    }
  }

  private static int aliveWorkers(URL status) {
    try {
      HttpURLConnection connection = (HttpURLConnection) status.openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      try (InputStream in = connection.getInputStream()) {
        JsonNode alive = JSON.readTree(in).get("aliveworkers");
        return alive == null ? 0 : alive.asInt();
      }
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Starts {@code org.apache.spark.deploy.SparkSubmit}, as spark-submit does, in client mode
   * against the master, with this cluster's loopback and executor settings before
   * {@code sparkArgs}; its output goes to {@code <name>.log}.
   */
  Process submit(String name, List<String> sparkArgs, String jar, String... jobArgs)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(
        "--master", masterUrl,
        "--deploy-mode", "client",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=512m",
        "--conf", "spark.executor.cores=1",
        "--conf", "spark.cores.max=" + WORKERS,
        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf", "spark.executorEnv.OPENBLAS_NUM_THREADS=1",
        "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", opens)));
    args.addAll(sparkArgs);
    args.add(jar);
    args.addAll(Arrays.asList(jobArgs));
    return jvms.start(name, sparkClassPath(), "768m", "org.apache.spark.deploy.SparkSubmit",
        args.toArray(new String[0]));
  }

  /** The executor JVMs that the workers run now. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (Process worker : workers) {
      worker.descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
          .forEach(executors::add);
    }
    return executors;
  }

  /** The first executor found, if any. */
  Optional<ProcessHandle> anyExecutor() {
    return executors().stream().findFirst();
  }

  /** The NameNode's URI, {@code hdfs://127.0.0.1:PORT}. */
  String hdfsUri() {
    return hdfsUri;
  }

  Jvms jvms() {
    return jvms;
  }

  private String sparkClassPath() {
    return Jvms.classPath(sparkHome.resolve("conf").toString(),
        sparkHome.resolve("jars").resolve("*").toString());
  }

  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
  }

  private void requireAlive(Process process, String name) {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with code " + process.exitValue()
          + "; its log ends with:\n" + jvms.tail(name, 40));
    }
  }

  private static void requireBefore(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("waited " + START_SECONDS + " s for " + what);
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    jvms.close();
  }
}
