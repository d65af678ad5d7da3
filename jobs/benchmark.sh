#!/usr/bin/env bash
# Benchmarks this library against Spark's MultilayerPerceptronClassifier and the machine's limits
# on Fashion-MNIST, in one run on Spark's embedded local[2] master:
#   jobs/benchmark.sh [--output DIR] [--data-dir DIR] [--local-steps N] [--quick] [--help]
# Prints a table and writes <output>/benchmark.json (default output/benchmark). It takes about a
# quarter of an hour on two cores; leave the machine otherwise idle while it runs.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
sbp_run_main 8g io.github.sparkbackprop.jobs.Benchmark \
  --config "$sbp_root/conf/fashion-mnist-mlp.properties" \
  --cnn-config "$sbp_root/conf/fashion-mnist-cnn.properties" "$@"
