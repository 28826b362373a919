#!/usr/bin/env bash
# bench/orm/round-trips.sh JARDIR URL [N]: round trips to PostgreSQL per request of bench/duet.
# Starts JARDIR/duet-bench.jar (port $PORT, default 8094; database $DATABASE_URL, default "bench"), sends 200 requests to URL to warm it up,
# then traces (strace) the writes to its PostgreSQL sockets during N (default 50) more, one at a
# time: pgjdbc writes once per round trip, so writes per request = round trips per request.
JARDIR=$1; URL=$2; N=${3:-50}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d)
export PORT=${PORT:-8094} BENCH_POOL=16 DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/bench}
$J/bin/java -Xmx1g -XX:+UseSerialGC -Dduet.port=$PORT -jar $JARDIR/duet-bench.jar > $OUT/server.log 2>&1 &
PID=$!
for i in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/db" >/dev/null && break; sleep 0.3; done
for i in $(seq 200); do curl -s "http://127.0.0.1:$PORT$URL" >/dev/null; done
INODES=$(ss -tnpe "dport = :5432" | grep "pid=$PID," | sed -n 's/.*ino:\([0-9]*\).*/\1/p')
FDS=""
for fd in /proc/$PID/fd/*; do
  l=$(readlink $fd); for ino in $INODES; do [ "$l" = "socket:[$ino]" ] && FDS="$FDS $(basename $fd)"; done
done
strace -f -qq -e trace=write,sendto,sendmsg,writev -p $PID -o $OUT/strace &
SP=$!; sleep 1
for i in $(seq $N); do curl -s "http://127.0.0.1:$PORT$URL" >/dev/null; done
sleep 0.5; kill $SP; wait $SP 2>/dev/null
kill $PID; wait $PID 2>/dev/null
W=0; for fd in $FDS; do c=$(grep -cE "^[0-9]+ +(write|sendto|sendmsg|writev)\($fd," $OUT/strace); W=$((W+c)); done
echo "$URL: $(echo $FDS | wc -w) pg sockets, $W writes for $N requests = $(python3 -c "print($W/$N)") per request"
