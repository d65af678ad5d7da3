package io.github.sparkbackprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keyed permutation: a bijection of [0, n) for every size and key, different per key. */
class PermutationTest {
  private static final long[] KEYS =
      {0L, 1L, -1L, 42L, 0x5DEECE66DL, Long.MIN_VALUE, Long.MAX_VALUE};

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 100, 1000, 1023, 1024, 1025,
      4096, 4097, 65537})
  void isABijectionOfItsRange(long n) {
    for (long key : KEYS) {
      Permutation permutation = new Permutation(n, key);
      boolean[] hit = new boolean[(int) n];
      for (long i = 0; i < n; i++) {
        long j = permutation.apply(i);
        if (j < 0 || j >= n) {
          fail("key " + key + ": apply(" + i + ") = " + j + " is outside [0, " + n + ")");
        }
        if (hit[(int) j]) {
          fail("key " + key + ": " + j + " is reached twice");
        }
        hit[(int) j] = true;
      }
      assertEquals(n, permutation.size());
    }
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(longs = {16, 64, 1000, 4097})
  void differentKeysGiveDifferentOrders(long n) {
    long[][] orders = new long[KEYS.length][];
    for (int k = 0; k < KEYS.length; k++) {
      orders[k] = order(new Permutation(n, KEYS[k]));
    }
    for (int k = 0; k < KEYS.length; k++) {
      for (int l = k + 1; l < KEYS.length; l++) {
        assertFalse(Arrays.equals(orders[k], orders[l]),
            "keys " + KEYS[k] + " and " + KEYS[l] + " give the same order");
      }
    }
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(longs = {16, 64, 1000, 4097})
  void shufflesAwayFromTheIdentity(long n) {
    for (long key : KEYS) {
      long[] order = order(new Permutation(n, key));
      int fixed = 0;
      for (int i = 0; i < n; i++) {
        if (order[i] == i) {
          fixed++;
        }
      }
      // A random permutation has one fixed point on average; allow a generous margin.
      assertTrue(fixed < 8, "key " + key + ": " + fixed + " of " + n + " indices stay in place");
    }
  }

  @Test
  void theSameKeyGivesTheSameOrder() {
    assertArrayEquals(order(new Permutation(1000, 7)), order(new Permutation(1000, 7)));
  }

  @Test
  void spreadsAnIndexEvenlyOverKeys() {
    int n = 10;
    int keys = 5000;
    int[] count = new int[n];
    for (long key = 0; key < keys; key++) {
      count[(int) new Permutation(n, key).apply(3)]++;
    }
    // Each count is binomial(5000, 0.1): mean 500, standard deviation about 21.
    for (int j = 0; j < n; j++) {
      assertTrue(Math.abs(count[j] - keys / n) < 120, "index 3 went to " + j + " " + count[j]
          + " times out of " + keys + ": " + Arrays.toString(count));
    }
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(longs = {(1L << 32) + 7, (1L << 62) + 1, Long.MAX_VALUE})
  void staysInRangeForHugeSizes(long n) {
    for (long key : KEYS) {
      Permutation permutation = new Permutation(n, key);
      for (long i : new long[] {0, 1, 2, n / 3, n / 2, n - 2, n - 1}) {
        long j = permutation.apply(i);
        assertTrue(j >= 0 && j < n, "key " + key + ": apply(" + i + ") = " + j);
      }
    }
  }

  @Test
  void refusesIndicesOutsideTheRange() {
    Permutation permutation = new Permutation(10, 3);
    for (long index : new long[] {-1, 10, 11, Long.MIN_VALUE, Long.MAX_VALUE}) {
      IndexOutOfBoundsException e =
          assertThrows(IndexOutOfBoundsException.class, () -> permutation.apply(index));
      assertEquals("index (" + index + ") must be in [0, 10)", e.getMessage());
    }
  }

  @Test
  void refusesAnEmptyRange() {
    for (long n : new long[] {0, -1, Long.MIN_VALUE}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new Permutation(n, 1));
      assertTrue(e.getMessage().contains("positive size but got " + n), e.getMessage());
    }
  }

  private static long[] order(Permutation permutation) {
    long[] order = new long[(int) permutation.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = permutation.apply(i);
    }
    return order;
  }
}
