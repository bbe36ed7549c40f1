#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (as root): installs slurm-wlm and munge from Debian when missing,
# writes a small slurm.conf, starts munged, slurmctld and slurmd, and waits until the node is idle.
# Idempotent: a second call finds everything running and returns. Stop it with slurm-down.sh.
# Environment: TICKETLAB_SLURM_DIR (state, logs, pid files; default /var/spool/ticketlab-slurm),
#              TICKETLAB_SLURM_CPUS (CPUs declared for the node; default 2).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "slurm-up.sh runs as root (it starts slurmctld and slurmd and writes /etc/slurm/slurm.conf)." >&2
  exit 1
fi

state=${TICKETLAB_SLURM_DIR:-/var/spool/ticketlab-slurm}
cpus=${TICKETLAB_SLURM_CPUS:-2}
conf=/etc/slurm/slurm.conf
marker="# written by TicketLab scripts/cluster/slurm-up.sh"
host=$(hostname -s)

# --- packages --------------------------------------------------------------------------------------------------
missing=()
for tool in slurmctld slurmd sbatch munged; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing slurm-wlm and munge (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
  }
fi

# --- configuration ---------------------------------------------------------------------------------------------
mkdir -p "$state"/{ctld,d,log} /etc/slurm
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  echo "$conf exists and was not written by this script; leaving it alone (remove it to use this one-node setup)." >&2
  exit 1
fi
# Declare a little less memory than the machine has so slurmd never finds the node smaller than its declaration.
mem_mb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)
tmp_conf=$(mktemp)
cat >"$tmp_conf" <<CONF
$marker
ClusterName=ticketlab
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# Requeued jobs wait for the credential lifetime before they start again; 10 s keeps requeue tests short.
AuthInfo=cred_expire=10
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobRequeue=1
SlurmctldTimeout=10
SlurmdTimeout=10
MessageTimeout=10
KillWait=5
MinJobAge=300
InactiveLimit=0
Waittime=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
if ! cmp -s "$tmp_conf" "$conf" 2>/dev/null; then
  mv "$tmp_conf" "$conf"
  chmod 644 "$conf"
  changed=1
else
  rm -f "$tmp_conf"
  changed=0
fi

# --- munge -----------------------------------------------------------------------------------------------------
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge
munge_pid=/run/munge/munged.pid
if ! alive "$munge_pid"; then
  runuser -u munge -- /usr/sbin/munged --pid-file="$munge_pid" --force
fi
for _ in $(seq 50); do
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
  sleep 0.2
done
munge -n | unmunge >/dev/null || { echo "munged does not answer; see /var/log/munge/munged.log" >&2; exit 1; }

# --- slurm daemons ---------------------------------------------------------------------------------------------
if [ "$changed" = 1 ] && alive "$state/slurmctld.pid"; then
  # A running controller keeps its old configuration; restart both daemons with the new one.
  "$(dirname "$0")/slurm-down.sh" --keep-munge
fi
if ! alive "$state/slurmctld.pid"; then
  slurmctld
fi
if ! alive "$state/slurmd.pid"; then
  slurmd
fi

for _ in $(seq 60); do
  node_state=$(sinfo -h -N -n "$host" -o %T 2>/dev/null | head -n1 || true)
  case "$node_state" in
    idle|mixed|allocated) echo "slurm is up: node $host $node_state ($cpus CPUs, partition debug)"; exit 0 ;;
    down*|drain*|unknown*) scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
echo "the node did not become idle (state: ${node_state:-none}); see $state/log/" >&2
exit 1
