#!/usr/bin/env bash
# Builds the local Kafka broker launcher (librdkafka's mock cluster) into bin/, only when the
# binary is missing or older than its source. Silent when up to date.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source_file="$here/native/mock-broker.c"
binary="$here/bin/mock-kafka-broker"

if [ -x "$binary" ] && [ ! "$source_file" -nt "$binary" ]; then
  exit 0
fi
if [ ! -f /usr/include/librdkafka/rdkafka_mock.h ]; then
  echo "build-launcher: librdkafka headers not found; install librdkafka-dev (make setup does)" >&2
  exit 1
fi
mkdir -p "$here/bin"
echo "setup: building the local Kafka broker launcher"
gcc -O2 -Wall -Wextra -o "$binary.tmp" "$source_file" -lrdkafka -ldl
mv "$binary.tmp" "$binary"
