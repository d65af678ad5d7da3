package io.github.sparkbackprop.train;

/**
 * A pseudo-random bijection of {@code [0, n)} chosen by a key, evaluated one index at a time in
 * constant memory, so that every partition can tell where its rows fall in the epoch's shuffled
 * order without anyone materialising the whole permutation.
 *
 * <p>A balanced Feistel network over the smallest even number of bits that covers {@code n} is a
 * bijection of that power-of-two range; walking the cycle until the value falls below {@code n}
 * restricts it to {@code [0, n)} (Black and Rogaway, "Ciphers with Arbitrary Finite Domains",
 * 2002). The range is less than {@code 4n}, so a few walks suffice on average.
 */
public final class Permutation implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private static final int ROUNDS = 4;

  private final long n;
  private final int halfBits;
  private final long halfMask;
  private final long key;

  public Permutation(long n, long key) {
    if (n <= 0) {
      throw new IllegalArgumentException("A permutation needs a positive size but got " + n);
    }
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
    if (bits % 2 == 1) {
      bits++;
    }
    this.n = n;
    this.halfBits = bits / 2;
    this.halfMask = (1L << halfBits) - 1;
    this.key = key;
  }

  public long size() {
    return n;
  }

  /** Where {@code index} goes: a value in {@code [0, n)}, distinct for distinct indices. */
  public long apply(long index) {
    if (index < 0 || index >= n) {
      throw new IndexOutOfBoundsException("index (" + index + ") must be in [0, " + n + ")");
    }
    long x = index;
    do {
      x = encrypt(x);
      // Unsigned: when n > 2^62 the range is 2^64 and half its values are negative as longs.
    } while (Long.compareUnsigned(x, n) >= 0);
    return x;
  }

  private long encrypt(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (int round = 0; round < ROUNDS; round++) {
      long next = left ^ (mix(right ^ key, round) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  /** A 64-bit finaliser (from SplitMix64) used as the round function. */
  private static long mix(long value, int round) {
    long z = value + 0x9E3779B97F4A7C15L * (round + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
