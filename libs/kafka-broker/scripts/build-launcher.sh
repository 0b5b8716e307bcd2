#!/usr/bin/env bash
# Builds the local Kafka broker launcher (librdkafka's mock cluster) into bin/, only when the
# binary is missing or older than its source. Silent when up to date.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sources=("$here/native/mock-broker.c" "$here/native/listen-ports.c")
binary="$here/bin/mock-kafka-broker"

up_to_date() {
  [ -x "$binary" ] || return 1
  for source in "${sources[@]}" "$here/native/listen-ports.h"; do
    [ "$source" -nt "$binary" ] && return 1
  done
  return 0
}
if up_to_date; then
  exit 0
fi
if [ ! -f /usr/include/librdkafka/rdkafka_mock.h ]; then
  echo "build-launcher: librdkafka headers not found; install librdkafka-dev (make setup does)" >&2
  exit 1
fi
mkdir -p "$here/bin"
echo "setup: building the local Kafka broker launcher"
gcc -O2 -Wall -Wextra -o "$binary.tmp" "${sources[@]}" -lrdkafka -ldl
mv "$binary.tmp" "$binary"
