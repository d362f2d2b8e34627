#!/usr/bin/env bash
# The benchmark of docs/benchmark.md: builds real-shaped corpora (examples/corpus.rs) of
# 1,000 / 10,000 / 20,000 articles and prints wall time, CPU time and peak memory of `build`
# (cold and over the previous output, on tmpfs and on disk), `check`, `cp -r` of the output
# (the floor), `serve`'s save-to-reload and resident memory, and the callgrind instruction
# count of the 1,000-article build.
#
# Usage: scripts/bench.sh [SIZES…]   (default: 1000 10000 20000)
# Environment: SHM (tmpfs folder, default /dev/shm/guong-bench), DISK (disk folder, default
# /var/tmp/guong-bench), SEED (corpus seed, default 1), PORT (serve, default 18111),
# CALLGRIND=0 to skip valgrind, CALLGRIND_SIZES (default 1000; "10000 20000" prints the
# ratio of their instruction counts), SERVE_SIZES (default 10000), NO_BUILD=1 to use the binaries
# already in target/release, RT=1 to run each timed command at real-time priority
# (`chrt -r 1`, needs root): other work on the machine then no longer stretches the wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-1000 10000 20000}
SHM=${SHM:-/dev/shm/guong-bench}
DISK=${DISK:-/var/tmp/guong-bench}
SEED=${SEED:-1}
PORT=${PORT:-18111}
SERVE_SIZES=${SERVE_SIZES:-10000}
RUN=()
if [[ ${RT:-0} == 1 ]]; then
  RUN=(chrt -r 1)
fi
for tool in /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
if [[ ${NO_BUILD:-0} != 1 ]]; then
  cargo build --release --quiet --bins --example corpus
fi
BIN=$PWD/target/release/guong
CORPUS=$PWD/target/release/examples/corpus
TIMES=$(mktemp)
trap 'rm -f "$TIMES"' EXIT

# measure LABEL CMD…: one line of wall time, CPU time (user + system) and peak resident memory.
measure() {
  local label=$1
  shift
  sync # the previous step's dirty pages are not written back on this one's clock
  if ! "${RUN[@]}" /usr/bin/time -f '%e %U %S %M' -o "$TIMES" "$@" >/dev/null 2>"$TIMES.err"; then
    echo "FAILED: $label" >&2
    tail -5 "$TIMES.err" >&2
    return 1
  fi
  read -r wall user sys kb <"$TIMES"
  printf '%-34s wall %7.2f s   cpu %7.2f s   peak %5d MiB\n' "$label" "$wall" \
    "$(echo "$user + $sys" | bc)" $((kb / 1024))
}

# corpus FS N: the corpus of N articles under FS (made once per seed).
corpus() {
  local dir=$1/corpus-$2
  if [[ ! -f $dir/.seed-$SEED ]]; then
    rm -rf "$dir"
    "$CORPUS" "$2" "$dir" "$SEED" 2>/dev/null
    touch "$dir/.seed-$SEED"
  fi
  echo "$dir"
}

# serve_reload ROOT: resident memory after the first build, then save-to-reload of an
# edited article (three body saves, then a title edit): time from the write to `event: reload`
# on /__guong/events.
serve_reload() {
  local root=$1 article backup spid evpid ev line t0 t1
  article=$(find "$root/content" -name '*.md' | sort | sed -n 100p)
  backup=$(mktemp)
  cp "$article" "$backup"
  "${RUN[@]}" "$BIN" --root "$root" serve --port "$PORT" >/dev/null 2>&1 &
  spid=$!
  for _ in $(seq 1 900); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break
    sleep 0.2
  done
  sleep 2 # the search files follow the first build in the background
  printf '  serve resident after first build: %s MiB\n' \
    "$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$spid/status")"
  exec {ev}< <(exec curl -sN -H 'Accept: text/event-stream' "http://127.0.0.1:$PORT/__guong/events")
  evpid=$!
  sleep 0.5
  for k in 1 2 3; do
    t0=$(date +%s%N)
    printf '\nĐoạn sửa thử số %s.\n' "$k" >>"$article"
    while IFS= read -r -t 60 line <&"$ev"; do
      [[ $line == "event: reload" ]] && break
    done
    t1=$(date +%s%N)
    printf '  save-to-reload %s: %d ms\n' "$k" $(((t1 - t0) / 1000000))
    sleep 2
  done
  # A front matter edit (the title) takes serve's full path.
  t0=$(date +%s%N)
  sed -i '0,/^title: /{s/^title: "/title: "Sửa – /;t;s/^title: /title: Sửa – /}' "$article"
  while IFS= read -r -t 60 line <&"$ev"; do
    [[ $line == "event: reload" ]] && break
  done
  t1=$(date +%s%N)
  printf '  save-to-reload, title edited: %d ms\n' $(((t1 - t0) / 1000000))
  sleep 2
  printf '  serve resident after the saves: %s MiB\n' \
    "$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$spid/status")"
  printf '  serve peak resident (VmHWM): %s MiB\n' \
    "$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$spid/status")"
  kill "$evpid" "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  exec {ev}<&-
  cp "$backup" "$article"
  rm -f "$backup"
}

echo "guong $(git rev-parse --short HEAD), $(nproc) CPUs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $SIZES; do
  for fs in "$SHM" "$DISK"; do
    mkdir -p "$fs"
    kind=tmpfs
    [[ $fs == "$DISK" ]] && kind=disk
    root=$(corpus "$fs" "$n")
    out=$fs/out-$n
    echo "== $n articles on $kind ($fs)"
    rm -rf "$out" "$fs/.out-$n.guong-prev" "$fs/cp-$n"
    sync
    measure "build, empty output" "$BIN" --root "$root" build --output "$out"
    measure "build over previous output" "$BIN" --root "$root" build --output "$out"
    # From the third build on, both the output and the work folder beside it are guong's with
    # their records (docs/benchmark.md, round 4): unchanged files are neither read nor written.
    measure "build, third time" "$BIN" --root "$root" build --output "$out"
    measure "cp -r of the output (floor)" cp -r "$out" "$fs/cp-$n"
    printf '  output: %s files, %s\n' "$(find "$out" -type f | wc -l)" "$(du -sh "$out" | cut -f1)"
    rm -rf "$fs/cp-$n"
    if [[ $kind == tmpfs ]]; then
      measure "check" "$BIN" --root "$root" check
      if [[ " $SERVE_SIZES " == *" $n "* ]]; then
        serve_reload "$root"
      fi
    fi
  done
done
if [[ ${CALLGRIND:-1} != 0 ]]; then
  command -v valgrind >/dev/null || { echo "missing tool: valgrind (apt-get install -y valgrind)" >&2; exit 1; }
  prev=
  for n in ${CALLGRIND_SIZES:-1000}; do
    root=$(corpus "$SHM" "$n")
    # The image cache is warmed first (outside the count): the count measures the pipeline,
    # not the one-time encoding of the corpus's photos.
    "$BIN" --root "$root" build --output "$SHM/out-cg-$n" >/dev/null 2>&1
    rm -rf "$SHM/out-cg-$n" "$SHM/.out-cg-$n.guong-prev"
    count=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" --root "$root" build \
      --output "$SHM/out-cg-$n" 2>&1 | sed -n 's/.*Collected : //p')
    printf 'callgrind, build of %s articles: %s instructions' "$n" "$count"
    if [[ -n $prev ]]; then
      printf ' (%s× the %s-article count)' "$(echo "scale=2; $count / ${prev#*:}" | bc)" "${prev%%:*}"
    fi
    printf '\n'
    prev=$n:$count
  done
fi
