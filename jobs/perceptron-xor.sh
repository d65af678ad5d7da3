#!/usr/bin/env bash
# The XOR lesson on a local Spark: the perceptron on AND, OR and XOR, then a network with one
# hidden layer on XOR, each model's four predictions printed in a table.
#   jobs/perceptron-xor.sh [--seed N] [--network-epochs N] [--partitions N] [--data-dir DIR]
# Options go to io.github.sparkbackprop.jobs.PerceptronXorExample (--help lists them with their
# defaults). The truth tables are read from the repository's sample-data/ unless --data-dir
# says otherwise, from whatever directory the script is started. Building and the class path are
# handled by jobs/common.sh, which also describes the environment variables.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
sbp_jvm_options=(-Dsparkbackprop.sampleData="$sbp_root/sample-data")
sbp_run_main 1g io.github.sparkbackprop.jobs.PerceptronXorExample "$@"
