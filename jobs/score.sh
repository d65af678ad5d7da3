#!/usr/bin/env bash
# Scores a table with a saved model on a local Spark and writes the predictions as Parquet:
#   jobs/score.sh --model DIR --input PATH --output DIR [--keep COLS] [--predictions COLS] ...
# Options go to io.github.sparkbackprop.jobs.ScoreJob (--help lists them with their defaults);
# paths are any Hadoop paths, a relative one relative to the current directory. Building, the
# class path and the environment variables are handled by jobs/common.sh.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
sbp_run_main 2g io.github.sparkbackprop.jobs.ScoreJob "$@"
