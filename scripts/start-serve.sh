# Sourced by the scripts that test a live serve: starts BINARY serve on a free loopback port with the
# environment given before it, sets $server (its pid) and $port, and fails if it does not start.
#   start_serve LOG BINARY [OPTION...]
start_serve() {
    local log=$1
    shift
    "$@" serve --port 0 2>"$log" &
    server=$!
    port=""
    for _ in $(seq 1 200); do
        port=$(grep -o 'on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
        [ -n "$port" ] && return 0
        sleep 0.1
    done
    cat "$log" >&2
    echo "serve did not start" >&2
    return 1
}
