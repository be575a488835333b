#!/bin/sh
# Cold start of the terminal commands, before and after, in one run (hyperfine, median of 7+).
#
# "Before" is a checkout of BASE (default dca09ee, the commit before the knowledge cache); "after"
# is this working tree. Every run is a new Python process. Two cases:
#   - warm user cache: the usual case from the second run on (built by hyperfine's warm-up run);
#   - first run: the user cache emptied before every run (after installing, or after a change
#     to the knowledge or the code).
# The chat prompt is timed by piping "quit" to `ddxbot chat`: the process ends as soon as the
# prompt has read its first line.
#
#     sh bench/cold_start.sh [BASE] [RUNS]      (needs hyperfine: apt-get install hyperfine)
set -eu
BASE=${1:-dca09ee}
RUNS=${2:-7}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
git -C "$HERE" archive "$BASE" | tar -x -C "$WORK" --one-top-level=before
export DDXBOT_CACHE_DIR="$WORK/cache" DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
CASE="nocturnal leg and butt spasms in a 62 year old woman"
# -P: the working folder is not put first on the path, so each side imports its own tree.
# The command line moved from bot.cli to adapters.cli (issue 17): run each side's own. Each side
# is started as the `ddxbot` console script starts it (import, then main()), not with `-m`: started
# with `-m`, the same imports measured about 0.3 s slower on this machine (langcodes' data module
# alone 0.3 s instead of 0.03 s; the cause was not pinned down), a cost no user pays.
if [ -f "$WORK/before/adapters/cli.py" ]; then BEFORE_CLI=adapters.cli; else BEFORE_CLI=bot.cli; fi
before="env PYTHONPATH=$WORK/before $PYTHON -P -c 'from $BEFORE_CLI import main; main()'"
after="env PYTHONPATH=$HERE $PYTHON -P -c 'from adapters.cli import main; main()'"

hyperfine --runs "$RUNS" --warmup 1 --shell sh --export-json "$WORK/warm.json" \
  -n "ask, before" "$before ask '$CASE' >/dev/null" \
  -n "ask, after" "$after ask '$CASE' >/dev/null" \
  -n "chat prompt, before" "echo quit | $before chat >/dev/null" \
  -n "chat prompt, after" "echo quit | $after chat >/dev/null" \
  -n "chat first answer, before" "printf '%s\nskip\nquit\n' '$CASE' | $before chat >/dev/null" \
  -n "chat first answer, after" "printf '%s\nskip\nquit\n' '$CASE' | $after chat >/dev/null" \
  -n "version, after" "$after --version >/dev/null" \
  -n "kb lint, before" "$before kb lint >/dev/null" \
  -n "kb lint, after" "$after kb lint >/dev/null"
hyperfine --runs "$RUNS" --shell sh --prepare "rm -rf $WORK/cache" --export-json "$WORK/first.json" \
  -n "ask, first run after a change, after" "$after ask '$CASE' >/dev/null"
"$PYTHON" "$HERE/bench/medians.py" "$WORK/warm.json" "$WORK/first.json"
