#!/usr/bin/env bash
# Submits a sharded gapsim run to Slurm: a job array of N shards, then a merge job that runs
# only if every shard succeeded. Prints the two job ids.
#
#   scripts/slurm/submit.sh SCENARIO OUTROOT N [gapsim run flags…]
#
# Set GAPSIM to the gapsim binary if it is not on the PATH of the compute nodes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scenario=$1
outroot=$2
n=$3
shift 3
mkdir -p "$outroot"
array=$(sbatch --parsable --array=1-"$n" --chdir="$outroot" --export=ALL \
  "$here/gapsim-shard.sbatch" "$(realpath "$scenario")" "$(realpath "$outroot")" "$@")
merge=$(sbatch --parsable --dependency=afterok:"$array" --chdir="$outroot" --export=ALL \
  "$here/gapsim-merge.sbatch" "$(realpath "$outroot")" "$n")
echo "$array $merge"
