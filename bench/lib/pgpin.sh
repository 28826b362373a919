# Sourced by bench/run and bench/profile: PostgreSQL's processes on some cores for the length of
# the script, put back as they were when it exits. Every process is pinned, the postmaster
# included, so the backends it forks later inherit the cores.
#
#   pg_pin CPUS    pins them to CPUS (a taskset list); on failure says why on stderr, returns 1
#   pg_unpin       puts them back (for the script's EXIT trap; does nothing if nothing was pinned)
#   PG_CPUS_BEFORE the cores they were on (set by pg_pin)

pg_pids() { ps -eo pid=,comm= | awk '$2 == "postgres" { print $1 }'; }
PG_CPUS_BEFORE=""

pg_set_cpus() {
  local p
  for p in $(pg_pids); do taskset -pc "$1" "$p" >/dev/null 2>&1 || true; done
}

pg_pin() {
  local first before
  first="$(pg_pids | head -1)"
  if [ -z "$first" ]; then
    echo "no PostgreSQL process on this machine to pin to core(s) $1 (is it in a container?)" >&2
    return 1
  fi
  before="$(taskset -pc "$first" | sed 's/.*: //')"
  if ! taskset -pc "$1" "$first" >/dev/null 2>&1; then
    echo "could not pin PostgreSQL (pid $first) to core(s) $1: not a core list of this machine, or not allowed" >&2
    return 1
  fi
  PG_CPUS_BEFORE="$before"
  pg_set_cpus "$1"
}

pg_unpin() {
  [ -z "$PG_CPUS_BEFORE" ] || pg_set_cpus "$PG_CPUS_BEFORE"
}
