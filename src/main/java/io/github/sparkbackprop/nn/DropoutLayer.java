package io.github.sparkbackprop.nn;

/**
 * The maths of {@link DropoutSpec}: inverted dropout with masks that are a pure function of a
 * noise key and each row's identity.
 *
 * <p>Whether value {@code j} of a row is kept is decided by hashing four numbers: the step's
 * noise key (the trainer derives it from the seed, the epoch and the step), this layer's salt
 * (its position among the network's dropout layers), the row's id (its index in the training set)
 * and {@code j}. The same run therefore draws the same masks however the rows are partitioned,
 * on any executor, and again after a resume from a checkpoint; and a gradient check can hold a
 * mask fixed by repeating the key. {@link TrainingNetwork} sets the keys before each pass; until it
 * does, the key is 0 and a row's id is its position in the batch.
 *
 * <p>One instance belongs to one thread: it keeps the keys and the mask of the last batch.
 */
public final class DropoutLayer implements Layer {
  private final Shape shape;
  private final float rate;
  /** 1 / (1 - rate), the factor of the values kept. */
  private final float keptScale;
  private long noiseKey;
  private long salt;
  /** rowIds[r] identifies row r of the next batch; null means the row's position. */
  private long[] rowIds;
  /** The factor each value of the last training batch was multiplied by: 0 or keptScale. */
  private float[] mask = new float[0];
  private boolean lastPassTraining;

  DropoutLayer(Shape shape, float rate) {
    this.shape = shape;
    this.rate = rate;
    this.keptScale = 1f / (1f - rate);
  }

  public float rate() {
    return rate;
  }

  /**
   * Chooses the masks of the following training passes: {@code rowIds[r]} names row {@code r} of
   * the batch (the array is kept, not copied, and must cover every row passed in).
   */
  public void useNoise(long noiseKey, long salt, long[] rowIds) {
    this.noiseKey = noiseKey;
    this.salt = salt;
    this.rowIds = rowIds;
  }

  @Override
  public Shape inputShape() {
    return shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public void forward(float[] params, int offset, float[] input, float[] output, int rows,
      boolean training) {
    int width = shape.size();
    int count = rows * width;
    lastPassTraining = training && rate > 0;
    if (!lastPassTraining) {
      System.arraycopy(input, 0, output, 0, count);
      return;
    }
    if (mask.length < count) {
      mask = new float[count];
    }
    for (int r = 0; r < rows; r++) {
      long rowId = rowIds == null ? r : rowIds[r];
      long rowHash = mix(mix(noiseKey ^ mix(salt)) + rowId);
      int base = r * width;
      for (int j = 0; j < width; j++) {
        float m = keep(rowHash, j) ? keptScale : 0f;
        mask[base + j] = m;
        output[base + j] = input[base + j] * m;
      }
    }
  }

  @Override
  public void backward(float[] params, int offset, float[] input, float[] output,
      float[] gradOutput, float[] gradient, float[] gradInput, int rows) {
    if (gradInput == null) {
      return;
    }
    int count = rows * shape.size();
    if (!lastPassTraining) {
      System.arraycopy(gradOutput, 0, gradInput, 0, count);
      return;
    }
    for (int i = 0; i < count; i++) {
      gradInput[i] = gradOutput[i] * mask[i];
    }
  }

  /** Whether value {@code j} of the row with hash {@code rowHash} survives. */
  private boolean keep(long rowHash, int j) {
    long bits = mix(rowHash + 0x9E3779B97F4A7C15L * (j + 1L));
    // The top 24 bits as a float uniform in [0, 1).
    float uniform = (bits >>> 40) * 0x1.0p-24f;
    return uniform >= rate;
  }

  /** SplitMix64's finaliser: a bijection of the longs that spreads every input bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
