# Sourced by the self-test scripts that start jobsref on free ports.
# jobsref_endpoints OUTFILE PID: waits up to 30 s (slow under sanitizers) for
# jobsref (PID) to print its endpoints into OUTFILE and sets `control` and
# `data`; returns 1 when it did not (it exited, or the time ran out).
jobsref_endpoints() {
    local out=$1 pid=$2
    control="" data=""
    for _ in $(seq 300); do
        control=$(sed -n 's/^control \(http:[^ ]*\)$/\1/p' "$out")
        data=$(sed -n 's/^data \(http:[^ ]*\)$/\1/p' "$out")
        [ -n "$control" ] && [ -n "$data" ] && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
