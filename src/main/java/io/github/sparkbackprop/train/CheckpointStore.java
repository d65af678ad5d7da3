package io.github.sparkbackprop.train;

import io.github.sparkbackprop.nn.Architecture;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one fit in a directory of any Hadoop file system (local, HDFS, object
 * stores), one subdirectory {@code checkpoint-NNNNNN} per checkpointed epoch, in the format of
 * {@link CheckpointFormat}.
 *
 * <p>A checkpoint is written into a hidden temporary directory beside the others and renamed into
 * place; names that are not {@code checkpoint-} and a number, such as a temporary directory left
 * by a crash, are ignored. After each write only the newest {@code keepCheckpoints} remain.
 *
 * <p>Resuming takes the newest checkpoint. One that is incomplete (a missing or short file, JSON
 * cut off: what a crash during a non-atomic rename on an object store leaves) is skipped with a
 * WARN in favour of the one before; one that is corrupt (its checksum does not match) or
 * incompatible (another network, optimizer or format version) stops the fit with an
 * {@link IllegalStateException} naming the file and what differs, because resuming from anything
 * else would silently discard work. Differences in settings that only make the resumed run
 * differ from an uninterrupted one (seed, batch size, schedule, ...) are logged at WARN.
 *
 * <p>One directory serves one fit at a time.
 * TODO: fits running in parallel on one directory (a CrossValidator with parallelism and a set
 * checkpointDir) overwrite each other's checkpoints; a lock file, or a subdirectory per Param
 * combination, would keep them apart.
 */
final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  private final CheckpointSettings settings;
  private final Path directory;
  private final FileSystem fs;
  private final Map<String, String> identity;
  private final Map<String, String> runSettings;

  CheckpointStore(CheckpointSettings settings, Configuration hadoopConf,
      Architecture architecture, TrainingConfig config, long rows, int partitions) {
    this.settings = settings;
    try {
      Path path = new Path(settings.directory());
      this.fs = path.getFileSystem(hadoopConf);
      this.directory = fs.makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open checkpointDir " + settings.directory() + ": "
          + e.getMessage(), e);
    }
    this.identity = CheckpointFormat.identity(architecture, config);
    Map<String, String> run = new LinkedHashMap<>(CheckpointFormat.settings(config, rows));
    if (config.localSteps() > 1 || !architecture.runningStatistics().isEmpty()) {
      // Local steps and batch normalisation depend on the partitioning, so resuming on another
      // number of partitions gives other weights than an uninterrupted run: say so at resume.
      run.put("partitions", Integer.toString(partitions));
    }
    this.runSettings = run;
  }

  /** The directory name of epoch {@code epoch}'s checkpoint. */
  static String name(int epoch) {
    return String.format(Locale.ROOT, "checkpoint-%06d", epoch);
  }

  Path directory() {
    return directory;
  }

  /** Whether a checkpoint is due after {@code epoch}, the last epoch always included. */
  boolean due(int epoch, boolean last) {
    return last || epoch % settings.interval() == 0;
  }

  /** Writes {@code checkpoint} atomically, then prunes the oldest beyond keepCheckpoints. */
  void write(Checkpoint checkpoint) {
    Path target = new Path(directory, name(checkpoint.epoch));
    Path temp = new Path(directory, "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try {
      fs.mkdirs(directory);
      fs.mkdirs(temp);
      CheckpointFormat.write(fs, temp, checkpoint, identity, runSettings);
      if (fs.exists(target)) {
        LOG.warn("Replacing checkpoint {} with a new one of the same epoch", target);
        fs.delete(target, true);
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("could not rename " + temp + " to " + target);
      }
      LOG.info("Wrote checkpoint {}", target);
      prune();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + e.getMessage(),
          e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** The newest usable checkpoint, or empty when the directory holds none. */
  Optional<Checkpoint> loadNewest() {
    List<Path> candidates;
    try {
      candidates = checkpoints();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpointDir " + directory + ": "
          + e.getMessage(), e);
    }
    for (int i = candidates.size() - 1; i >= 0; i--) {
      Path dir = candidates.get(i);
      try {
        Checkpoint checkpoint = CheckpointFormat.read(fs, dir, identity);
        warnAboutSettings(dir);
        return Optional.of(checkpoint);
      } catch (CheckpointFormat.IncompleteException e) {
        LOG.warn("Checkpoint {} is incomplete ({}); trying the one before it", dir,
            e.getMessage());
      } catch (ChecksumException e) {
        throw new IllegalStateException("Checkpoint " + dir + " is corrupt: the file system"
            + " reports " + e.getMessage() + ". Delete that checkpoint directory to resume from an"
            + " older one", e);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read checkpoint " + dir + ": " + e.getMessage(), e);
      }
    }
    if (!candidates.isEmpty()) {
      LOG.warn("No complete checkpoint in {}; training starts from the beginning", directory);
    }
    return Optional.empty();
  }

  private void warnAboutSettings(Path dir)
      throws IOException, CheckpointFormat.IncompleteException {
    Map<String, String> recorded = CheckpointFormat.recordedSettings(fs, dir);
    for (Map.Entry<String, String> e : runSettings.entrySet()) {
      String before = recorded.get(e.getKey());
      if (!e.getValue().equals(before)) {
        LOG.warn("Resuming from {} whose {} was {} but is {} now: the result will differ from"
            + " an uninterrupted run", dir, e.getKey(), before, e.getValue());
      }
    }
  }

  /** Checkpoint directories by epoch, oldest first; other names are ignored. */
  List<Path> checkpoints() throws IOException {
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(directory);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    for (FileStatus status : statuses) {
      if (status.isDirectory() && NAME.matcher(status.getPath().getName()).matches()) {
        found.add(status.getPath());
      }
    }
    found.sort(Comparator.comparingLong(CheckpointStore::epochOf));
    return found;
  }

  private void prune() throws IOException {
    List<Path> all = checkpoints();
    for (int i = 0; i < all.size() - settings.keep(); i++) {
      LOG.debug("Deleting old checkpoint {}", all.get(i));
      fs.delete(all.get(i), true);
    }
  }

  private static long epochOf(Path path) {
    Matcher m = NAME.matcher(path.getName());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private void deleteQuietly(Path path) {
    try {
      if (fs.exists(path)) {
        fs.delete(path, true);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete the temporary checkpoint {}: {}", path, e.getMessage());
    }
  }
}
