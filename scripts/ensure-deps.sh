# Sourced by start.sh and test.sh: install node_modules only when package-lock.json changed.
# `npm install`, not `npm ci`: npm 11 here writes lockfiles without other platforms' optional
# binaries (@swc/core-darwin-*, @rollup/*), and `npm ci` then refuses them as "out of sync".
# With the lockfile present `npm install` installs exactly its versions and leaves it unchanged.
stamp=node_modules/.tellonce-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[deps] installing node modules"
  npm install --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
fi
