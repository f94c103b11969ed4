#!/bin/bash
# A one-node SLURM cluster on this machine for the sweep tests (`make slurm-test-cluster`):
# installs Debian's slurm-wlm and munge when missing, writes a configuration under
# $ODESSA_SLURM_DIR (default /tmp/odessa-slurm), and starts munged, slurmctld and slurmd.
# Needs root; prints why and exits 0 without a cluster otherwise, so the tests skip.
#   scripts/slurm-test-cluster.sh start | stop
set -u
DIR="${ODESSA_SLURM_DIR:-/tmp/odessa-slurm}"
ACTION="${1:-start}"

say() { echo "slurm-test-cluster: $*"; }

stop() {
  for name in slurmd slurmctld; do
    [ -f "$DIR/$name.pid" ] && kill "$(cat "$DIR/$name.pid")" 2>/dev/null
  done
  [ -f "$DIR/munged.pid" ] && kill "$(cat "$DIR/munged.pid")" 2>/dev/null
  sleep 1
  rm -f "$DIR"/*.pid
}

if [ "$ACTION" = stop ]; then stop; exit 0; fi

if [ "$(id -u)" != 0 ]; then
  say "not root, so no test cluster is started (the SLURM sweep test will be skipped)"
  exit 0
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    say "slurm-wlm and munge are not installed and apt-get is missing: the SLURM sweep test will be skipped"
    exit 0
  fi
  say "installing slurm-wlm and munge"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 || {
      say "could not install slurm-wlm and munge: the SLURM sweep test will be skipped"; exit 0; }
  fi
fi

stop
rm -rf "$DIR"
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
chmod 700 "$DIR/munge"
HOST="$(hostname -s)"
CPUS="$(nproc)"
MEMORY_MB="$(awk '/MemTotal/ { print int($2 / 1024) - 512 }' /proc/meminfo)"

# munge: a fresh key, its own socket, run as root.
dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$DIR/munge/munge.key"
munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
  --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munge/munge.seed" || {
  say "munged did not start (see $DIR/munged.log): the SLURM sweep test will be skipped"; exit 0; }

cat > "$DIR/slurm.conf" <<CONF
ClusterName=odessa-test
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$HOST CPUs=$CPUS RealMemory=$MEMORY_MB State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$DIR/slurm.conf"
slurmctld -f "$SLURM_CONF" || { say "slurmctld did not start (see $DIR/slurmctld.log)"; exit 0; }
slurmd -f "$SLURM_CONF" || { say "slurmd did not start (see $DIR/slurmd.log)"; exit 0; }
for _ in $(seq 1 30); do
  if sinfo -h -o "%T" 2>/dev/null | grep -qx "idle"; then
    say "running: export SLURM_CONF=$SLURM_CONF (one node, $CPUS CPUs)"
    exit 0
  fi
  sleep 1
done
say "the node did not become idle in 30 s (see $DIR/slurmctld.log, $DIR/slurmd.log): the SLURM sweep test will be skipped"
sinfo 2>&1 | head -5
exit 0
