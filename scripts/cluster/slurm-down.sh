#!/usr/bin/env bash
# Stops the one-node Slurm cluster started by slurm-up.sh: slurmd, slurmctld and (unless --keep-munge) munged,
# each by its pid file. Safe to call when nothing runs.
set -uo pipefail

state=${TICKETLAB_SLURM_DIR:-/var/spool/ticketlab-slurm}
keep_munge=0
[ "${1:-}" = "--keep-munge" ] && keep_munge=1

stop() {
  local pid_file=$1 name=$2
  [ -f "$pid_file" ] || return 0
  local pid
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped $name ($pid)"
  fi
  rm -f "$pid_file"
}

# Jobs still running would outlive slurmd (proctrack/linuxproc does not contain them); cancel them first.
if command -v scancel >/dev/null 2>&1 && [ -f "$state/slurmctld.pid" ]; then
  timeout 10 scancel --full --user="$(id -un)" >/dev/null 2>&1 || true
  sleep 1
fi
stop "$state/slurmd.pid" slurmd
stop "$state/slurmctld.pid" slurmctld
[ "$keep_munge" = 1 ] || stop /run/munge/munged.pid munged
exit 0
