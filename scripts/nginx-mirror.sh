#!/usr/bin/env bash
# A fleet in miniature, behind a real HTTP cache: installs nginx from Debian when missing, starts
# `vidu-catalog serve` on a catalog, nginx in front of it as a caching reverse proxy (proxy_cache
# with revalidation), and syncs a second catalog through nginx twice. Checks that the two exports
# are identical and that the second sync was answered by nginx from its cache after revalidation
# (every page a 304 from serve). Run by CI; uses the release CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "nginx-mirror: installing nginx" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
cli=.build/release/vidu-catalog
[ -x "$cli" ] || swift build -c release --product vidu-catalog

work=$(mktemp -d)
serve_pid=""
nginx_pid=""
cleanup() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The first instance: a catalog (the bundled sample, imported so it counts as live data), served.
"$cli" export --db "$work/seed.sqlite" > "$work/sample.json" 2>/dev/null
"$cli" import --db "$work/origin.sqlite" "$work/sample.json" > /dev/null
serve_key="nginx-mirror-serve-key-$RANDOM$RANDOM"
VIDU_CATALOG_SERVE_KEY="$serve_key" "$cli" serve --db "$work/origin.sqlite" --port 0 2> "$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do grep -q "on http://127.0.0.1:" "$work/serve.log" && break; sleep 0.1; done
serve_port=$(sed -n 's/.*on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)
[ -n "$serve_port" ] || { cat "$work/serve.log"; echo "nginx-mirror: serve did not start" >&2; exit 1; }

# nginx in front of it: the configuration the README's fleet section shows.
nginx_port=$(free_port)
mkdir -p "$work/nginx"
# As root, nginx's workers would run as nobody and could not write the cache in this private folder.
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root root;"
# The serve key, for nginx's check, in a file of its own (root-only in production).
printf '"%s" 1;\n' "$serve_key" > "$work/nginx/vidu-serve-key.map"
chmod 600 "$work/nginx/vidu-serve-key.map"
cat > "$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    log_format cache '\$request_uri \$upstream_cache_status \$upstream_status \$status';
    access_log $work/nginx/access.log cache;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    proxy_cache_path $work/nginx/cache levels=1:2 keys_zone=vidu_catalog:10m max_size=1g inactive=7d use_temp_path=off;
    map \$http_x_api_key \$vidu_serve_key_ok {
        default 0;
        include $work/nginx/vidu-serve-key.map;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        location /api/v1/client/job/vidu-templates {
            # The key is checked here, before the cache, and is not part of the cache key: a cached page
            # never goes to a request without it, and the key is never written into a cache file.
            default_type application/json;
            if (\$vidu_serve_key_ok = 0) {
                return 401 '{"code":401,"message":"Missing or wrong x-api-key.","data":null}';
            }
            proxy_pass http://127.0.0.1:$serve_port;
            proxy_cache vidu_catalog;
            proxy_cache_revalidate on;
            proxy_cache_key "\$scheme\$proxy_host\$request_uri";
            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
            add_header X-Cache-Status \$upstream_cache_status always;
        }
        location / { proxy_pass http://127.0.0.1:$serve_port; }
    }
}
CONF
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $nginx_port), 0.2)" 2>/dev/null && break; sleep 0.1; done

export CRUN_API_KEY="$serve_key"
echo "== first sync through nginx (127.0.0.1:$nginx_port -> serve on $serve_port)"
"$cli" sync --db "$work/mirror.sqlite" --base-url "http://127.0.0.1:$nginx_port" || { cat "$work/nginx/error.log" "$work/nginx/access.log" >&2; exit 1; }
sleep 2.5   # past the pages' one-second lifetime (nginx counts whole seconds): it must now revalidate with serve
lines_before=$(wc -l < "$work/nginx/access.log")
echo "== second sync through nginx"
"$cli" sync --db "$work/mirror.sqlite" --base-url "http://127.0.0.1:$nginx_port" || { cat "$work/nginx/error.log" "$work/nginx/access.log" >&2; exit 1; }

"$cli" export --db "$work/origin.sqlite" > "$work/origin.json"
"$cli" export --db "$work/mirror.sqlite" > "$work/mirror.json"
cmp "$work/origin.json" "$work/mirror.json" || { echo "nginx-mirror: the exports differ" >&2; exit 1; }
echo "exports identical ($(wc -c < "$work/mirror.json") bytes)"

second=$(tail -n +"$((lines_before + 1))" "$work/nginx/access.log")
echo "second sync, as nginx saw it (uri, cache status, serve's status, status to the client):"
echo "$second"
pages=$(echo "$second" | grep -c "vidu-templates" || true)
revalidated=$(echo "$second" | grep -c " REVALIDATED 304 " || true)
if [ "$pages" -eq 0 ] || [ "$pages" -ne "$revalidated" ]; then
    echo "nginx-mirror: expected every page of the second sync revalidated by nginx with a 304 from serve ($revalidated of $pages)" >&2
    exit 1
fi
echo "nginx-mirror: ok: $revalidated pages answered by nginx from its cache after a 304 from serve"

# Without the key, or with another, nginx refuses before its cache: a cached page is not given away.
for wrong in "" "x-api-key: not-the-key"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' ${wrong:+-H "$wrong"} \
        "http://127.0.0.1:$nginx_port/api/v1/client/job/vidu-templates?page=1&page_size=50")
    [ "$status" = 401 ] || { echo "nginx-mirror: a request ${wrong:-without a key} got $status, not 401" >&2; exit 1; }
done
# The cache holds pages, never the key.
[ -n "$(find "$work/nginx/cache" -type f | head -1)" ] || { echo "nginx-mirror: nothing was cached" >&2; exit 1; }
if grep -rqF "$serve_key" "$work/nginx/cache"; then
    echo "nginx-mirror: the serve key was written into nginx's cache files" >&2
    exit 1
fi
echo "nginx-mirror: ok: requests without the key refused (401), and the key is in no cache file"
