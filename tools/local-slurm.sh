#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, to try a sweep's job array for real on a laptop or a CI box.
# Debian/Ubuntu, as root. Idempotent: installs slurm-wlm and munge if missing (about 30 s the first time), writes
# /etc/slurm/slurm.conf for this host (all cores, and the memory so that `plan --mem` works), starts munged,
# slurmctld and slurmd unless they run, and waits until `sinfo` shows the node idle.
#
#   sudo tools/local-slurm.sh [cpus]     # default: nproc
#   sudo tools/local-slurm.sh --stop
#
# It overwrites /etc/slurm/slurm.conf: do not run it on a machine that belongs to a real cluster.
set -euo pipefail
# Running: the pid file names a live process of that name (not a zombie, not a reused pid).
alive() {
  [[ -f $1 ]] || return 1
  local pid; pid=$(cat "$1")
  [[ $(ps -o stat= -p "$pid" 2>/dev/null) != Z* && $(ps -o comm= -p "$pid" 2>/dev/null) == "$2"* ]]
}
daemons=(/run/slurmd.pid:slurmd /run/slurmctld.pid:slurmctld /run/munge/munged.pid:munged)
if [[ ${1:-} == --stop ]]; then
  for d in "${daemons[@]}"; do alive "${d%%:*}" "${d##*:}" && kill "$(cat "${d%%:*}")" 2>/dev/null || true; done
  # The daemons shut down gracefully, which takes a few seconds; wait, so that a start right after finds them gone.
  for _ in $(seq 1 30); do
    running=0
    for d in "${daemons[@]}"; do alive "${d%%:*}" "${d##*:}" && running=1; done
    ((running)) || exit 0
    sleep 0.5
  done
  for d in "${daemons[@]}"; do alive "${d%%:*}" "${d##*:}" && kill -9 "$(cat "${d%%:*}")" 2>/dev/null || true; done
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then echo "local-slurm.sh: run as root (it installs packages and starts daemons)" >&2; exit 1; fi
cpus=${1:-$(nproc)}
if ! command -v sbatch >/dev/null || ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
host=$(hostname -s)
# Leave 5% (at least 256 MiB) of the memory to the system.
memory=$(awk '/MemTotal/ { m = int($2 / 1024); r = int(m * 0.05); if (r < 256) r = 256; print m - r }' /proc/meminfo)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > /etc/slurm/slurm.conf <<CONF
# Written by tools/local-slurm.sh (RgDsl): a one-node cluster for trying job arrays.
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
MaxArraySize=100001
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
[[ -f /etc/munge/munge.key ]] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
chown -R munge:munge /etc/munge /run/munge
chmod 400 /etc/munge/munge.key
alive /run/munge/munged.pid munged || runuser -u munge -- /usr/sbin/munged --force
if alive /run/slurmctld.pid slurmctld; then scontrol reconfigure >/dev/null 2>&1 || true; else /usr/sbin/slurmctld; fi
alive /run/slurmd.pid slurmd || /usr/sbin/slurmd
deadline=$((SECONDS + 60))
while ((SECONDS < deadline)); do
  state=$(timeout 5 sinfo -h -o %T 2>/dev/null || true)
  if [[ $state == idle* || $state == mixed* || $state == allocated* ]]; then
    echo "slurm up: $(sinfo -h -o '%P %D %T %N %c CPUs %m MB')"
    exit 0
  fi
  # A node that came back from a restart may be marked down; return it to service.
  [[ $state == down* || $state == drain* ]] && scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
  sleep 1
done
echo "slurm did not come up; see /var/log/slurm/" >&2
exit 1
