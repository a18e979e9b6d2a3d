#!/usr/bin/env bash
# Builds the three documentation sites of the docs-sites bench, each with its own generator
# installed from the registries at a pinned version, into bench/work/docs-sites/<site>/public.
#
#   bench/docs-sites/build.sh [vue] [rust] [hexo]      (no argument: all three, one after another)
#
# The sources are snapshots of the sites' repositories (see README.md for the commits), unpacked
# anywhere; their paths come from the environment:
#   VUE_SRC   vuejs-translations/docs-zh-cn   (VitePress)   default bench/work/docs-sites/src/vue
#   RUST_SRC  KaiserY/trpl-zh-cn              (mdBook)      default bench/work/docs-sites/src/rust
#   HEXO_SRC  hexojs/site                     (Hexo)        default bench/work/docs-sites/src/hexo
#
# Idempotent: each run copies the snapshot afresh into <site>/src (keeping its node_modules),
# installs what is missing and rebuilds <site>/public. The builds run one after another: the
# machine has two cores.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work="$here/../work/docs-sites"
mkdir -p "$work"
work=$(cd "$work" && pwd)

VUE_SRC=${VUE_SRC:-$work/src/vue}
RUST_SRC=${RUST_SRC:-$work/src/rust}
HEXO_SRC=${HEXO_SRC:-$work/src/hexo}

# The generators' versions. mdBook's is the one the book's own CI uses; VitePress's is the one the
# site's pnpm lockfile holds (installed by the pnpm its package.json names); Hexo's is the one its
# package.json records as the site's generator (it ships no lockfile).
MDBOOK_VERSION=0.5.2
PNPM_VERSION=9.12.1
VITEPRESS_VERSION=1.6.4
HEXO_VERSION=8.1.2
HEXO_FEED_VERSION=3.0.0

# Copies a snapshot into <site>/src, leaving an earlier install's node_modules in place.
copy_source() {
  local from=$1 to=$2
  [ -d "$from" ] || { echo "no snapshot at $from" >&2; exit 1; }
  mkdir -p "$to"
  find "$to" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
  cp -a "$from/." "$to/"
}

build_vue() {
  local site=$work/vue
  copy_source "$VUE_SRC" "$site/src"
  cd "$site/src"
  # --frozen-lockfile: the versions the site itself builds with, VitePress among them.
  npx --yes "pnpm@$PNPM_VERSION" install --frozen-lockfile
  local installed
  installed=$(node -p "require('vitepress/package.json').version")
  [ "$installed" = "$VITEPRESS_VERSION" ] || { echo "vitepress $installed, expected $VITEPRESS_VERSION" >&2; exit 1; }
  rm -rf "$site/public"
  npx vitepress build --outDir "$site/public"
}

build_rust() {
  local site=$work/rust
  local mdbook=$work/tools/bin/mdbook
  if ! "$mdbook" --version 2>/dev/null | grep -qx "mdbook v$MDBOOK_VERSION"; then
    # A target dir of its own: the project's target/ is not this bench's.
    CARGO_TARGET_DIR="$work/cargo-target" cargo install mdbook --version "$MDBOOK_VERSION" --locked --root "$work/tools"
  fi
  copy_source "$RUST_SRC" "$site/src"
  rm -rf "$site/public"
  # The book's [output.typst-pdf] is marked optional: without its renderer mdBook skips it.
  "$mdbook" build "$site/src" --dest-dir "$site/public"
  # With a second renderer configured, mdBook writes the HTML into a folder of its name.
  if [ -d "$site/public/html" ]; then
    mv "$site/public/html" "$site/html" && rm -rf "$site/public" && mv "$site/html" "$site/public"
  fi
}

build_hexo() {
  local site=$work/hexo
  copy_source "$HEXO_SRC" "$site/src"
  cd "$site/src"
  # In the copy only: Hexo itself at the pinned version, and the feed generator at 3.0.0, the
  # newest the registry has (the site asks for ^4.0.0; it writes atom.xml, no page).
  npm pkg set "dependencies.hexo=$HEXO_VERSION" "dependencies.hexo-generator-feed=$HEXO_FEED_VERSION"
  # The site's dependencies without its development tools (linters, git hooks, image
  # optimisers that fetch binaries outside the registries); no install scripts, since the
  # site's own `prepare` installs git hooks.
  npm install --omit=dev --ignore-scripts --no-audit --no-fund
  rm -rf public "$site/public"
  npx hexo generate
  mv public "$site/public"
}

sites=("$@")
[ ${#sites[@]} -gt 0 ] || sites=(vue rust hexo)
for site in "${sites[@]}"; do
  case $site in
    vue | rust | hexo) echo "== $site" && (build_"$site") ;;
    *) echo "unknown site: $site (vue, rust, hexo)" >&2 && exit 2 ;;
  esac
done
