# Sourced by bench/run and bench/profile: CPU time from /proc, and a warm-up that waits for the JIT.
# A window measured (or profiled) while C2 still compiles measures the compiler too: on a slow host
# 18-31 % of a JVM server's CPU after a fixed 10 s warm-up.
#
#   ticks STATFILE            user + system CPU clock ticks of a /proc/.../stat file (0 if it is gone)
#   jit_ticks PID             CPU ticks of PID's JIT compiler threads so far (0 for a process without any)
#   warm_up_jit PID SECONDS LOAD
#                             runs "LOAD S" (load for S seconds) for SECONDS, then on in slices of
#                             JIT_SLICE seconds while PID's compilers took over JIT_BUSY_PCT % of a core
#                             in the last slice, up to JIT_MAX seconds in all; prints the seconds it took

CLK_TCK="$(getconf CLK_TCK)"
JIT_SLICE=3; JIT_BUSY_PCT=5; JIT_MAX=${BENCH_JIT_MAX:-40}

ticks() { awk '{print $14 + $15}' "$1" 2>/dev/null || echo 0; }

jit_ticks() {
  local t s=0
  for t in /proc/$1/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ CompilerThre*|C2\ CompilerThre*) s=$((s + $(ticks "$t/stat"))) ;;
    esac
  done
  echo "$s"
}

warm_up_jit() {
  local pid="$1" w="$2" load="$3" done_s=0 j0 j1
  if [ "$w" -gt "$JIT_SLICE" ]; then
    "$load" $((w - JIT_SLICE)) >/dev/null
    done_s=$((w - JIT_SLICE))
  fi
  while :; do
    j0="$(jit_ticks "$pid")"
    "$load" "$JIT_SLICE" >/dev/null
    j1="$(jit_ticks "$pid")"
    done_s=$((done_s + JIT_SLICE))
    [ "$done_s" -lt "$w" ] && continue
    [ $(( (j1 - j0) * 100 )) -gt $(( JIT_BUSY_PCT * JIT_SLICE * CLK_TCK )) ] && [ "$done_s" -lt "$JIT_MAX" ] || break
  done
  echo "$done_s"
}
