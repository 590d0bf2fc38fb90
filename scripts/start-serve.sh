# Sourced by the scripts that test a live serve (release build): makes sure the binary exists, gives
# them a scratch folder ($work) removed on exit together with the server, and start_serve.
binary=.build/release/vidu-catalog
[ -x "$binary" ] || swift build -c release --product vidu-catalog
work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server"; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Starts the binary's serve on a free loopback port with the environment given before it, sets
# $server (its pid) and $port, and fails if it does not start.
#   start_serve LOG
start_serve() {
    local log=$1
    "$binary" serve --port 0 2>"$log" &
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
