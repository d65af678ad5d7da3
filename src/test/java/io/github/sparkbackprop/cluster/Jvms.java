package io.github.sparkbackprop.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts Java processes for the cluster tests, each logging to its own file, and stops every one
 * of them, with all its descendants, by process id: at {@link #close}, or at the latest when the
 * test JVM exits.
 */
final class Jvms implements AutoCloseable {
  private static final long STOP_SECONDS = 20;

  private final Path logDir;
  private final List<String> javaOptions;
  private final Map<String, String> environment;
  private final Deque<Process> started = new ArrayDeque<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "stop-cluster-processes");

  /**
   * @param javaOptions options of every JVM, such as the --add-opens flags
   * @param environment variables added to this JVM's environment in every process
   */
  Jvms(Path logDir, List<String> javaOptions, Map<String, String> environment) {
    this.logDir = logDir;
    this.javaOptions = List.copyOf(javaOptions);
    this.environment = Map.copyOf(environment);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code mainClass} with standard output and error in {@code <name>.log}; its standard
   * input stays an open pipe until the process is stopped.
   */
  Process start(String name, String classPath, String heap, String mainClass, String... args)
      throws IOException {
    return start(name, classPath, heap, List.of(), mainClass, args);
  }

  /** As {@link #start(String, String, String, String, String...)}, with JVM options added. */
  synchronized Process start(String name, String classPath, String heap, List<String> options,
      String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(javaOptions);
    command.addAll(options);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log(name).toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    started.push(process);
    return process;
  }

  /** The log file of the process started as {@code name}. */
  Path log(String name) {
    return logDir.resolve(name + ".log");
  }

  /** The last {@code lines} lines of a process's log, for a failure message. */
  String tail(String name, int lines) {
    try {
      List<String> all = Files.readAllLines(log(name), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log " + log(name) + ": " + e + ")";
    }
  }

  /** A class path of the given entries, in order. */
  static String classPath(String... entries) {
    return String.join(File.pathSeparator, entries);
  }

  /** Stops {@code process} and its descendants, by id, and waits for it to end. */
  static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void stopAll() {
    while (!started.isEmpty()) {
      stop(started.pop());
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down, and the hook has run or is running.
    }
  }
}
