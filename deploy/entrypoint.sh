#!/bin/sh
# Entry point of the platform image: runs one service, named by the first argument.
#
#   docker run demand-platform:0.1.0 collector
#   docker run demand-platform:0.1.0 help
#
# Any further arguments are passed to the service. Node options go in NODE_OPTIONS.
# `exec` replaces this shell with node, so SIGTERM reaches the service directly and it
# drains within SHUTDOWN_GRACE_MS.
set -eu

SERVICES="collector preprocessor embedder aggregator forecaster recommender feedback gateway"
APP_DIR=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)

usage() {
  echo "usage: <image> <service> [args...]"
  echo "services: $SERVICES"
}

if [ "$#" -eq 0 ]; then
  usage >&2
  exit 64
fi

name=$1
shift

case "$name" in
  help | -h | --help)
    usage
    exit 0
    ;;
esac

case " $SERVICES " in
  *" $name "*) ;;
  *)
    echo "entrypoint: unknown service '$name'" >&2
    usage >&2
    exit 64
    ;;
esac

main="$APP_DIR/services/$name/dist/src/main.js"
if [ ! -f "$main" ]; then
  echo "entrypoint: $main is missing from the image (was the build complete?)" >&2
  exit 70
fi

exec node --enable-source-maps "$main" "$@"
