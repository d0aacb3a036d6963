#!/usr/bin/env bash
# The bash completion (packaging/linux/tickscope.bash-completion), driven as bash drives it:
# COMP_WORDS/COMP_CWORD set, _tickscope called, COMPREPLY checked. Then each subcommand's
# option list against that subcommand's --help, so the two cannot drift apart.
# Usage: completion_test.sh COMPLETION_FILE TICKSCOPE_BINARY   (CTest: packaging_completion)
set -uo pipefail
COMPLETION="$1" T="$(realpath "$2")"
# shellcheck source=/dev/null
source "$COMPLETION" || { echo "FAIL: cannot source $COMPLETION"; exit 1; }
complete -p tickscope >/dev/null || { echo "FAIL: no completion registered for tickscope"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
touch a.tsg.json b.tsg.json run.tstrace other.json notes.txt report.csv shot.png
mkdir -p graphs
failures=0

complete_line() {  # complete_line WORD...: the words typed, the last one being completed
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _tickscope 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//'
}

expect() {  # expect "EXPECTED SORTED WORDS" WORD...
  local expected="$1"
  shift
  local got
  got=$(complete_line "$@")
  if [ "$got" = "$expected" ]; then
    echo "ok: [$*] -> $got"
  else
    echo "FAIL: [$*] -> \"$got\", expected \"$expected\""
    failures=$((failures + 1))
  fi
}

expect "a.tsg.json b.tsg.json diff generate graphs run run.tstrace sweep validate" tickscope ""
expect "run run.tstrace" tickscope r

expect "--max-time --mode" tickscope run --m
expect "pull push" tickscope run --mode ""
expect "pull push" tickscope run --mode pu
expect "push" tickscope run --mode pus
expect "pull push" tickscope run --mode = ""
expect "pull" tickscope run --mode = pul
expect "a.tsg.json b.tsg.json graphs" tickscope run ""
expect "a.tsg.json b.tsg.json graphs" tickscope validate ""
expect "a.tsg.json b.tsg.json graphs" tickscope sweep ""
expect "a.tsg.json b.tsg.json graphs run.tstrace" tickscope diff a.tsg.json ""
expect "graphs run.tstrace" tickscope run a.tsg.json --record ""
expect "other.json" tickscope run a.tsg.json --report o
expect "a.tsg.json b.tsg.json graphs other.json" tickscope run a.tsg.json --report ""
expect "graphs report.csv" tickscope run a.tsg.json --csv ""
expect "" tickscope run a.tsg.json --seed ""
expect "broad cellx chain diamond grid random" tickscope generate ""
expect "cellx chain" tickscope generate c
expect "--cycles" tickscope generate random --c
expect "--seeds" tickscope sweep a.tsg.json --se
expect "--seed" tickscope run a.tsg.json --see
expect "push,pull push,push" tickscope diff a.tsg.json --modes push,
expect "--goto --help --mode --screenshot --seed --select --size --version" tickscope --
expect "--version" tickscope --v
expect "--screenshot --seed --select --size" tickscope a.tsg.json --s
expect "graphs shot.png" tickscope a.tsg.json --screenshot ""
expect "--help" tickscope validate --h
expect "" tickscope generate grid --nodes ""

# Every option a subcommand's --help names is offered for that subcommand, and nothing else.
options_of_help() {  # options_of_help ARGS...: the options the usage text names (not the exit codes)
  "$T" "$@" | sed '/^Exit codes:/,$d' | grep -oE '(^|[ [|])--?[a-z][a-z-]*' | sed -E 's/^[ [|]//' | sort -u | tr '\n' ' ' | sed 's/ $//'
}
for sub in run validate generate diff sweep; do
  helped=$(options_of_help "$sub" --help)
  extra=--help
  [ "$sub" = generate ] && extra="--help --output"  # --output: -o's long spelling (docs/cli.md)
  # shellcheck disable=SC2086
  helped=$(printf '%s\n' $helped $extra | sort -u | tr '\n' ' ' | sed 's/ $//')
  offered=$(complete_line tickscope "$sub" -)
  if [ "$helped" = "$offered" ]; then
    echo "ok: $sub options match its --help: $offered"
  else
    echo "FAIL: $sub: --help names \"$helped\", completion offers \"$offered\""
    failures=$((failures + 1))
  fi
done

echo "$failures failed"
[ "$failures" -eq 0 ]
