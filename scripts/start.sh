#!/usr/bin/env bash
# Builds Haven and starts it on its embedded defaults (Derby, HTTPS on 8443).
# On a machine without AWS credentials it also starts a local AWS emulator (moto), seeds it with a few
# instances, volumes and databases, and registers it in Haven as the account "demo".
#
# Environment: HAVEN_ROOT_PASSWORD  root's password at the first start (default: generated, shown once)
#              HAVEN_PORT           HTTPS port (default 8443)
#              HAVEN_DEMO           "yes" / "no" to force the demo emulator on or off (default: auto)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.haven"
port="${HAVEN_PORT:-8443}"
moto_port="${HAVEN_MOTO_PORT:-4566}"
mkdir -p "$work"

echo "Building Haven (tests are run by the test command, not here)..."
(cd "$root" && mvn -B -q install -DskipTests)

tarball=$(ls "$root"/distribution/target/haven-*.tar.gz | head -n 1)
name=$(basename "$tarball" .tar.gz)
dist="$work/$name"
# Data (database, keys, certificate) lives apart from the unpacked program, so rebuilding keeps it.
export KARAF_DATA="$work/data"
mkdir -p "$KARAF_DATA"
if [ -x "$dist/bin/stop" ]; then "$dist/bin/stop" >/dev/null 2>&1 || true; fi
rm -rf "$dist"
tar -xzf "$tarball" -C "$work"
first_start=no
[ -d "$KARAF_DATA/haven" ] || first_start=yes
sed -i "s/^port *=.*/port = $port/" "$dist/etc/io.haven.server.cfg" 2>/dev/null || echo "port = $port" >> "$dist/etc/io.haven.server.cfg"

has_aws_credentials() {
  [ -n "${AWS_ACCESS_KEY_ID:-}" ] || [ -n "${AWS_PROFILE:-}" ] || [ -f "$HOME/.aws/credentials" ] || [ -n "${AWS_WEB_IDENTITY_TOKEN_FILE:-}" ]
}
demo="${HAVEN_DEMO:-auto}"
if [ "$demo" = auto ]; then if has_aws_credentials; then demo=no; else demo=yes; fi; fi

if [ "$demo" = yes ]; then
  python=python3
  if ! python3 -c 'import moto, flask, flask_cors, boto3' >/dev/null 2>&1; then
    if [ ! -x "$work/moto-venv/bin/python" ]; then
      echo "Installing the moto AWS emulator into $work/moto-venv..."
      python3 -m venv "$work/moto-venv"
      "$work/moto-venv/bin/pip" install -q 'moto[server]==5.2.3'
    fi
    python="$work/moto-venv/bin/python"
  fi
  if ! curl -sf "http://127.0.0.1:$moto_port/moto-api/" >/dev/null 2>&1; then
    echo "Starting the demo AWS emulator on 127.0.0.1:$moto_port..."
    MOTO_EC2_LOAD_DEFAULT_AMIS=false nohup "$python" -m moto.server -H 127.0.0.1 -p "$moto_port" \
      > "$work/moto.log" 2>&1 &
    echo $! > "$work/moto.pid"
    for _ in $(seq 1 60); do
      curl -sf "http://127.0.0.1:$moto_port/moto-api/" >/dev/null 2>&1 && break
      sleep 0.5
    done
  fi
  "$python" "$root/scripts/seed-demo.py" "http://127.0.0.1:$moto_port"
fi

if [ "$first_start" = yes ] && [ -z "${HAVEN_ROOT_PASSWORD:-}" ]; then
  HAVEN_ROOT_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  generated=yes
fi
export HAVEN_ROOT_PASSWORD="${HAVEN_ROOT_PASSWORD:-}"

echo "Starting Haven..."
"$dist/bin/start"
api="https://localhost:$port/api/v1"
for _ in $(seq 1 120); do
  code=$(curl -sk -o /dev/null -w '%{http_code}' "$api/openapi.json" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || { echo "Haven did not answer on $api within 2 minutes; see $KARAF_DATA/log/karaf.log"; exit 1; }

if [ "$demo" = yes ] && [ "$first_start" = yes ]; then
  curl -sk -u "root:$HAVEN_ROOT_PASSWORD" -H 'Content-Type: application/json' -X POST "$api/accounts" \
    -d "{\"name\":\"demo\",\"authMethod\":\"ACCESS_KEYS\",\"accessKeyId\":\"demo\",\"secretAccessKey\":\"demo\",\"endpoint\":\"http://127.0.0.1:$moto_port\"}" \
    >/dev/null && echo "Registered the emulator as the account 'demo'."
fi

echo
echo "Haven is running: $api   (OpenAPI document: $api/openapi.json)"
if [ "${generated:-no}" = yes ]; then
  echo "Sign in as 'root' with the password: $HAVEN_ROOT_PASSWORD   (shown only now; it is not stored anywhere)"
fi
echo "Shell:  $dist/bin/client -u root   (root's password; then: haven:account-list, haven:policy-list, ...)"
echo "Stop:   $root/scripts/stop.sh"
