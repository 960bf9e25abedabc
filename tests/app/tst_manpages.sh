#!/usr/bin/env bash
# The generated man pages read without a warning from man(1) and document what --help does; the generated bash
# completion completes subcommands, options, option values and lesson and preset names (issue #14).
#   tst_manpages.sh MAN_DIR NSVIZ NSVIZ_PROBE
set -uo pipefail
man_dir=$1 nsviz=$2 probe=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for page in nsviz nsviz-probe; do
    file="$man_dir/$page.1"
    [[ -s $file ]] || { fail "$file missing"; continue; }
    text=$(MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "$file" 2>"$man_dir/$page.warnings")
    [[ -s $man_dir/$page.warnings ]] && fail "man warns about $page.1: $(cat "$man_dir/$page.warnings")"
    for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" "SEE ALSO"; do
        grep -q "^$section" <<<"$text" || fail "$page.1 has no $section section"
    done
    # Every long option the program's help names is in the page.
    if [[ $page == nsviz ]]; then helps=("$nsviz --help" "$nsviz export --help" "$nsviz record --help" "$nsviz demo --help" "$nsviz lesson --help")
    else helps=("$probe --help"); fi
    for h in "${helps[@]}"; do
        for option in $(env -u DISPLAY $h | grep -o -- '--[a-z][a-z-]*' | sort -u); do
            [[ $option == --help-all ]] && continue
            grep -q -- "$option" <<<"$text" || fail "$page.1 does not document $option (from $h)"
        done
    done
done

completion="$man_dir/completion/nsviz"
if [[ -s $completion ]]; then
    # shellcheck source=/dev/null
    source "$completion"
    source "$man_dir/completion/nsviz-probe"
    PATH="$(dirname "$nsviz"):$PATH"
    complete_line() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); "$fn"; echo " ${COMPREPLY[*]} "; }
    expect() { # expect WORD... -- CANDIDATE...
        local words=() want
        while [[ $1 != -- ]]; do words+=("$1"); shift; done
        shift
        local got; got=$(complete_line "${words[@]}")
        for want in "$@"; do [[ $got == *" $want "* ]] || fail "completing '${words[*]}' gives '$got', not $want"; done
    }
    fn=_nsviz
    expect nsviz ex -- export
    expect nsviz "" -- export record demo lesson
    expect nsviz --sn -- --snapshot
    expect nsviz export --format "" -- png svg pdf dot json
    expect nsviz export --v -- --view
    expect nsviz demo "" -- list run
    expect nsviz demo run web -- web-servers
    expect nsviz lesson "" -- list run record export
    expect nsviz lesson run own-h -- own-hostname
    expect nsviz record --i -- --interval
    fn=_nsviz_probe
    expect nsviz-probe --st -- --stream
else
    fail "$completion missing"
fi

((failures == 0)) && echo "PASS: man pages and completion" || echo "$failures failures"
exit $((failures > 0))
