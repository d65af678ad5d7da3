package io.github.sparkbackprop.nn;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Single-precision matrix products through netlib's BLAS, which picks native OpenBLAS when
 * {@code libblas.so.3} is installed and a Java implementation otherwise.
 *
 * <p>All matrices here are column-major, as BLAS expects. A row-major {@code rows x cols} batch
 * is therefore read as the column-major {@code cols x rows} matrix, its transpose.
 */
public final class Blas {
  private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

  private Blas() {}

  /** The class name of the implementation in use, for example {@code ...JNIBLAS} when native. */
  public static String implementationName() {
    return BLAS_INSTANCE.getClass().getName();
  }

  /**
   * {@code C = alpha op(A) op(B) + beta C} with {@code op(A)} of {@code m x k} and {@code op(B)} of
   * {@code k x n}; the leading dimensions are those of the arrays as stored.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta,
      float[] c, int cOffset, int ldc) {
    BLAS_INSTANCE.sgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha,
        a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
  }
}
