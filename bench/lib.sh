# Shared helpers for the side-by-side benchmarks. Source it; do not run it.
# Everything a benchmark starts lives under $BENCH_DIR and is stopped on exit.

BENCH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EDGE=$BENCH_TOP/bin/edge
BENCH_DIR=$(mktemp -d /tmp/edge-bench.XXXXXX)
BENCH_PIDS=()

bench_cleanup() {
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # dockerd leaves its overlay and netns mounts behind if killed early
  grep -o "$BENCH_DIR[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$BENCH_DIR"
}
trap bench_cleanup EXIT

# Builds edge unless a build is already there.
bench_build() {
  if ! ls "$BENCH_TOP"/edge-cli/target/edge/lib/edge-cli-*.jar >/dev/null 2>&1; then
    (cd "$BENCH_TOP" && mvn -B -q -ntp -DskipTests package)
  fi
}

# Median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}'
}

# Wall time of one run of a command, in seconds; its output is discarded.
wall() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; return 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

ratio() { echo "scale=3; $1 / $2" | bc -l; }

# Starts an edge daemon with its own root and socket; sets EDGE_SOCK and EDGE_DAEMON_PID.
start_edge_daemon() {
  local dir=$BENCH_DIR/edge
  mkdir -p "$dir"
  EDGE_SOCK=$dir/edge.sock
  "$EDGE" daemon --root "$dir/root" --host "unix://$EDGE_SOCK" "$@" >"$dir/daemon.log" 2>&1 &
  EDGE_DAEMON_PID=$!
  BENCH_PIDS+=("$EDGE_DAEMON_PID")
  for _ in $(seq 1 300); do
    grep -q ready "$dir/daemon.log" 2>/dev/null && return 0
    kill -0 "$EDGE_DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: edge daemon did not start:" >&2
  cat "$dir/daemon.log" >&2
  return 1
}

# Starts Debian's dockerd (which starts its own containerd) with its own data root;
# sets DOCKER_SOCK and DOCKERD_PID.
start_dockerd() {
  command -v dockerd >/dev/null || { echo "bench: dockerd missing: scripts/install-deps --bench" >&2; return 1; }
  local dir=$BENCH_DIR/docker
  mkdir -p "$dir"
  DOCKER_SOCK=$dir/docker.sock
  dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
    -H "unix://$DOCKER_SOCK" --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
    "$@" >"$dir/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  BENCH_PIDS+=("$DOCKERD_PID")
  for _ in $(seq 1 300); do
    docker -H "unix://$DOCKER_SOCK" version >/dev/null 2>&1 && return 0
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: dockerd did not start:" >&2
  tail -20 "$dir/dockerd.log" >&2
  return 1
}

# Resident set size in KiB of a process and all its descendants.
rss_tree_kb() {
  local pid=$1 total=0 child
  total=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$pid"); do
    total=$((total + $(rss_tree_kb "$child")))
  done
  echo "$total"
}

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts Debian's docker-registry (distribution 2.8) on loopback, plain HTTP; sets REGISTRY.
start_registry() {
  local dir=$BENCH_DIR/registry port
  mkdir -p "$dir/data"
  port=$(free_port)
  cat >"$dir/config.yml" <<YML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $dir/data}
  delete: {enabled: true}
http: {addr: "127.0.0.1:$port"}
YML
  docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  BENCH_PIDS+=("$!")
  REGISTRY=127.0.0.1:$port
  for _ in $(seq 1 100); do
    curl -sf "http://$REGISTRY/v2/" >/dev/null && return 0
    sleep 0.1
  done
  echo "bench: docker-registry did not start:" >&2
  cat "$dir/registry.log" >&2
  return 1
}

# Peak resident set of a process so far, in KiB.
peak_rss_kb() {
  awk '/^VmHWM:/ {print $2}' "/proc/$1/status"
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

# The Debian mirror this machine's apt uses (deb822 sources first, then sources.list).
debian_mirror() {
  local mirror
  mirror=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [[ -n "$mirror" ]] || mirror=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [[ -n "$mirror" ]] || { echo "bench: no Debian mirror found in /etc/apt" >&2; return 1; }
  echo "$mirror"
}

# A tar of a debootstrap bookworm minbase root from that mirror; cached, prints its path.
debian_rootfs_tar() {
  local out=/var/cache/edge-bench/bookworm-minbase.tar work mirror
  [[ -f "$out" ]] && { echo "$out"; return 0; }
  mkdir -p "$(dirname "$out")"
  mirror=$(debian_mirror)
  work=$(mktemp -d /var/tmp/edge-rootfs.XXXXXX)
  echo "bench: debootstrap bookworm minbase from $mirror" >&2
  debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/log" 2>&1 \
    || { tail -20 "$work/log" >&2; rm -rf "$work"; return 1; }
  rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
  tar -C "$work/root" --numeric-owner -cf "$out.tmp" . && mv "$out.tmp" "$out"
  rm -rf "$work"
  echo "$out"
}
