package io.github.sparkbackprop.optim;

import java.io.Serializable;

/**
 * What an optimizer remembers between steps: the number of steps taken and zero or more arrays
 * ("slots") of the parameters' size, such as Adam's first and second moments.
 */
public final class OptimizerState implements Serializable {
  private static final long serialVersionUID = 1L;

  private long step;
  private final float[][] slots;

  public OptimizerState(int slotCount, int size) {
    this.slots = new float[slotCount][size];
  }

  /** Steps taken so far. */
  public long step() {
    return step;
  }

  /** Advances the counter and returns the number of the step being taken, starting at 1. */
  long advance() {
    return ++step;
  }

  /**
   * Counts {@code steps} steps taken elsewhere on copies of this state, for example by the tasks
   * of a job of local steps, whose averaged slots the caller writes back.
   */
  public void advanceBy(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0 but was " + steps);
    }
    step += steps;
  }

  /** A deep copy: the same step count and copies of the slots. */
  public OptimizerState copy() {
    return restore(step, slots);
  }

  public float[] slot(int i) {
    return slots[i];
  }

  public int slotCount() {
    return slots.length;
  }

  /** Restores a state saved elsewhere, for example from a checkpoint. */
  public static OptimizerState restore(long step, float[][] slots) {
    int size = slots.length == 0 ? 0 : slots[0].length;
    OptimizerState state = new OptimizerState(slots.length, size);
    for (int i = 0; i < slots.length; i++) {
      System.arraycopy(slots[i], 0, state.slots[i], 0, slots[i].length);
    }
    state.step = step;
    return state;
  }
}
