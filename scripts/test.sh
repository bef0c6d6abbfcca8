#!/usr/bin/env bash
# What `npm test` runs: provision the machine, start the test bed (registries,
# token server, CDN stand-in, test images), run vitest with any arguments
# given (e.g. `npm test -- --project integration`), and always stop the bed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision.sh

export PULLSCOPE_ALLOWED_HOSTS=127.0.0.1,localhost
state=.test-bed/state.json
bed_log=.test-bed/bed.log
mkdir -p .test-bed

# vitest, then one plain closing line counting every test ("Tests: N passed,
# N failed"), read from its JSON report so it cannot disagree with the run.
run_vitest() {
  local report=.test-bed/vitest-report.json status=0
  rm -f "$report"
  npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
  if [[ -f "$report" ]]; then
    node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report"
  fi
  return "$status"
}

# A bed already running in this checkout (started by hand, or by another
# test run) is used as it is, and left running.
if running=$(node --import tsx scripts/test-bed/status.ts); then
  echo "test.sh: using the test bed already running (pid $running)" >&2
  status=0
  run_vitest "$@" || status=$?
  exit "$status"
fi

# One node process (tsx as a loader), so its pid is the bed's own and a
# signal reaches it directly; it also stops if this script dies unsignalled.
node --import tsx scripts/test-bed/start.ts --exit-with-parent >"$bed_log" 2>&1 &
bed_pid=$!

stop_bed() {
  if kill -0 "$bed_pid" 2>/dev/null; then
    kill -TERM "$bed_pid" 2>/dev/null || true
    wait "$bed_pid" 2>/dev/null || true
  fi
}
trap stop_bed EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Ready means: the state file exists and names our bed. Cold starts build
# the images (seconds); the bound is far above that.
ready() { [[ -f "$state" ]] && grep -q "\"pid\": $bed_pid," "$state"; }
for ((i = 0; i < 1200; i++)); do
  if ready || ! kill -0 "$bed_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if ! ready; then
  echo "test.sh: the test bed did not come up; its log ($bed_log):" >&2
  cat "$bed_log" >&2 || true
  exit 1
fi

status=0
run_vitest "$@" || status=$?
exit "$status"
