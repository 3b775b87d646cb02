#!/usr/bin/env bash
# Wall time of a demo sweep in one process against `run --local --parallel 2`, alternating, and a check that both
# merge to the same bytes. Default: the sampling sweep (24 HMC units + 12 theory units), 3 rounds.
#   samples/RgDsl.Sweeps.Demo/measure-speedup.sh [sweep] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
sweep=${1:-sampling}
rounds=${2:-3}
dotnet build -c Release samples/RgDsl.Sweeps.Demo -v q -nologo >/dev/null
demo=samples/RgDsl.Sweeps.Demo/bin/Release/net10.0/RgDsl.Sweeps.Demo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
echo "machine: $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
one=() two=()
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/one" "$work/two"
  one+=("$(seconds "$demo" run --sweep "$sweep" --dir "$work/one" --shard 0 --of 1)")
  two+=("$(seconds "$demo" run --sweep "$sweep" --dir "$work/two" --local --parallel 2)")
  printf 'round %d: one process %.2f s, run --local --parallel 2 %.2f s (load %s)\n' "$r" "${one[-1]}" "${two[-1]}" "$(cut -d' ' -f1 /proc/loadavg)"
done
"$demo" merge --sweep "$sweep" --dir "$work/one" >/dev/null
"$demo" merge --sweep "$sweep" --dir "$work/two" >/dev/null
for f in results.csv results.json summary.csv; do cmp -s "$work/one/$f" "$work/two/$f" || { echo "merged $f differs between the two runs" >&2; exit 1; }; done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
m1=$(median "${one[@]}"); m2=$(median "${two[@]}")
printf 'sweep %s, median over %d rounds: one process %.2f s, --parallel 2 %.2f s: speed-up %.2f; merged results identical\n' "$sweep" "$rounds" "$m1" "$m2" "$(echo "$m1 / $m2" | bc -l)"
