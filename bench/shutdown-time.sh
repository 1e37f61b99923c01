#!/usr/bin/env bash
# Times a SIGTERM of the local runtime when idle: starts it as `make local` does (port 0), waits for the
# ready line, sends SIGTERM and prints how long the JVM took to exit. RUNS=n repeats (default 3).
# Needs target/local-classpath.txt (make local-classpath).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
cp="target/classes:target/test-classes:$(cat target/local-classpath.txt)"
for run in $(seq 1 "$runs"); do
  log=$(mktemp)
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" dev.catalog.local.runtime.LocalRuntime --port 0 "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q 'Catalog local ready' "$log" && break
    kill -0 "$pid" 2>/dev/null || { echo "runtime exited before it was ready:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.1
  done
  sleep 1
  start=$(date +%s%N)
  kill -TERM "$pid"
  wait "$pid" || true
  end=$(date +%s%N)
  echo "shutdown run $run: $(( (end - start) / 1000000 )) ms"
  rm -f "$log"
done
