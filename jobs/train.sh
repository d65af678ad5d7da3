#!/usr/bin/env bash
# Trains a network on a local Spark from a properties file:
#   jobs/train.sh conf/fashion-mnist-mlp.properties [--output DIR] [--set key=value ...]
# Options after the file go to io.github.sparkbackprop.jobs.TrainJob (--help lists them with
# their defaults). Works from any directory; a relative --output is relative to the current one.
# Building, the class path and the environment variables are handled by jobs/common.sh.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
sbp_run_main 6g io.github.sparkbackprop.jobs.TrainJob "$@"
