package io.github.sparkbackprop.jobs;

import io.github.sparkbackprop.nn.Architecture;
import io.github.sparkbackprop.nn.Blas;
import io.github.sparkbackprop.nn.DenseLayer;
import io.github.sparkbackprop.nn.Layer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The single-precision matrix-product rate of all task threads together: one Spark job with one
 * task per core, each task multiplying matrices through the same BLAS as training for a fixed
 * time; the tasks' rates add up.
 */
final class GemmRate {
  /** One product {@code (m x k) (k x n)}, column-major, as {@link Blas#gemm} takes it. */
  record Product(int m, int n, int k) implements Serializable {
    long flops() {
      return 2L * m * n * k;
    }

    @Override
    public String toString() {
      return m + "x" + k + " * " + k + "x" + n;
    }
  }

  private GemmRate() {}

  /** The square product of side {@code n}. */
  static List<Product> square(int n) {
    return List.of(new Product(n, n, n));
  }

  /**
   * The products of one training step's dense layers on {@code rows} rows per task: the forward
   * product, the weight gradient and (but for the first layer) the input gradient.
   */
  static List<Product> trainingProducts(Architecture architecture, int rows) {
    List<Product> products = new ArrayList<>();
    List<Layer> layers = architecture.spec().build(architecture.inputShape());
    for (int i = 0; i < layers.size(); i++) {
      if (!(layers.get(i) instanceof DenseLayer)) {
        continue;
      }
      int in = layers.get(i).inputShape().size();
      int out = layers.get(i).outputShape().size();
      products.add(new Product(out, rows, in));
      products.add(new Product(out, in, rows));
      if (i > 0) {
        products.add(new Product(in, rows, out));
      }
    }
    return products;
  }

  /** GFLOP/s of {@code tasks} tasks side by side, each multiplying for {@code seconds}. */
  static double gflops(JavaSparkContext jsc, int tasks, List<Product> products, double seconds) {
    List<Integer> ids = IntStream.range(0, tasks).boxed().collect(Collectors.toList());
    List<Double> rates = jsc.parallelize(ids, tasks)
        .map(id -> taskRate(products, seconds, id))
        .collect();
    return rates.stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Runs in a task: the GFLOP/s of this thread, after a warm-up of a fifth of the time. */
  private static double taskRate(List<Product> products, double seconds, int seed) {
    float[][][] operands = new float[products.size()][][];
    SplittableRandom random = new SplittableRandom(seed);
    for (int p = 0; p < products.size(); p++) {
      Product product = products.get(p);
      operands[p] = new float[][] {filled(product.m() * product.k(), random),
          filled(product.k() * product.n(), random), new float[product.m() * product.n()]};
    }
    multiplyFor(products, operands, seconds / 5);
    long[] flopsAndNanos = multiplyFor(products, operands, seconds);
    return flopsAndNanos[0] / (double) flopsAndNanos[1];
  }

  /** Repeats every product until {@code seconds} passed; returns the flops done and the nanos. */
  private static long[] multiplyFor(List<Product> products, float[][][] operands,
      double seconds) {
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long flops = 0;
    long now;
    do {
      for (int p = 0; p < products.size(); p++) {
        Product product = products.get(p);
        float[][] o = operands[p];
        Blas.gemm(false, false, product.m(), product.n(), product.k(), 1f, o[0], 0, product.m(),
            o[1], 0, product.k(), 0f, o[2], 0, product.m());
        flops += product.flops();
      }
      now = System.nanoTime();
    } while (now < deadline);
    return new long[] {flops, now - start};
  }

  private static float[] filled(int size, SplittableRandom random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
