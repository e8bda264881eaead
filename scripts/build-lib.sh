# scripts/build-lib.sh — sourced by ./jobkit and local/run: rebuild a module only when its inputs changed.
#
#   jobkit_sources_newer STAMP MODULE...   true when the root pom, or a pom or src/main file of a MODULE, is newer
#                                          than the file STAMP (a missing STAMP counts as stale)
#   jobkit_build MODULE MESSAGE            `mvn -q -B -DskipTests package -pl MODULE -am` from the repository root,
#                                          MESSAGE on stderr first; Maven's output is shown only if the build fails
#
# -am builds the jobkit modules from this checkout; never `install`: the ~/.m2 repository may be shared.
# Needs $root (the repository root) set by the caller. MVN overrides the maven command.

jobkit_sources_newer() {
    local stamp="$1" module
    shift
    [[ -e "$stamp" ]] || return 0
    [[ -n "$(find "$root/pom.xml" -newer "$stamp" -print -quit)" ]] && return 0
    for module in "$@"; do
        [[ -n "$(find "$root/$module/pom.xml" "$root/$module/src/main" -newer "$stamp" -print -quit 2>/dev/null)" ]] \
            && return 0
    done
    return 1
}

jobkit_build() {
    local module="$1" message="$2" log
    echo "$message" >&2
    log="$(mktemp "${TMPDIR:-/tmp}/jobkit-build.XXXXXX")"
    # stdout may carry what a command prints for scripts (export lines, job ids): keep Maven off it
    if ! (cd "$root" && ${MVN:-mvn} -q -B -DskipTests package -pl "$module" -am) >"$log" 2>&1; then
        cat "$log" >&2
        echo "the build failed (log above, also in $log)" >&2
        return 1
    fi
    rm -f "$log"
}
