package io.github.sparkbackprop.bench;

import io.github.sparkbackprop.nn.DenseLayer;
import io.github.sparkbackprop.nn.Shape;
import io.github.sparkbackprop.nn.WeightInit;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense layer's forward and backward passes on one thread, at the shape of the shipped
 * network's first layer (784 inputs, 256 units) and batch sizes 32 to 512. Each pass is
 * {@code 2 * rows * 784 * 256} flops per matrix product: divide by the time per operation for
 * GFLOP/s (forward: one product; backward: the weight gradient and the input gradient).
 *
 * <p>Run with {@code jobs/jmh.sh}; not part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DenseLayerBenchmark {
  @Param({"32", "64", "128", "256", "512"})
  public int rows;

  @Param({"784"})
  public int inputs;

  @Param({"256"})
  public int units;

  private DenseLayer layer;
  private float[] params;
  private float[] input;
  private float[] output;
  private float[] gradOutput;
  private float[] gradient;
  private float[] gradInput;

  @Setup
  public void setUp() {
    layer = new DenseLayer(Shape.vector(inputs), units, WeightInit.HE);
    params = new float[layer.parameterCount()];
    layer.initialise(params, 0, new SplittableRandom(1));
    SplittableRandom random = new SplittableRandom(2);
    input = random(rows * inputs, random);
    output = new float[rows * units];
    gradOutput = random(rows * units, random);
    gradient = new float[params.length];
    gradInput = new float[rows * inputs];
    layer.forward(params, 0, input, output, rows, true);
  }

  @Benchmark
  public float[] forward() {
    layer.forward(params, 0, input, output, rows, true);
    return output;
  }

  @Benchmark
  public float[] backward() {
    layer.backward(params, 0, input, output, gradOutput, gradient, gradInput, rows);
    return gradInput;
  }

  private static float[] random(int size, SplittableRandom random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
