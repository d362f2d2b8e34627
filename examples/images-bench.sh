#!/bin/sh
# Image benchmark (not a test): a site of N articles, each with its own phone-sized cover
# photo, built cold (empty .guong-cache) and warm, and the same site with the photos as plain
# files that guong copies (no `image:`), for comparison. Photos are drawn by examples/photos.rs:
# 20 distinct pictures, each copied with a distinct tail so every file has its own hash.
# Usage: examples/images-bench.sh N [WIDTH HEIGHT]   (release build: cargo build --release)
# PLAIN=0 skips the copied-photos site and WARM=0 the warm build: 3,000 photos need about
# 8 GB of sources, 7.5 GB of cache and 7.5 GB of output for the cold build alone.
set -eu
N=${1:-100}; W=${2:-4000}; H=${3:-3000}; PLAIN=${PLAIN:-1}; WARM=${WARM:-1}
BIN=${GUONG:-target/release/guong}
DIR=$(mktemp -d)
target/release/examples/photos "$DIR/src" 20 "$W" "$H" 90
mkdir -p "$DIR/site/content" "$DIR/plain/content"
cp site.yaml "$DIR/site/" && cp site.yaml "$DIR/plain/"
i=1
while [ "$i" -le "$N" ]; do
  src=$(printf '%s/src/anh-%04d.jpg' "$DIR" $(( (i - 1) % 20 + 1 )))
  sites=site; [ "$PLAIN" = 1 ] && sites="site plain"
  for s in $sites; do
    d="$DIR/$s/content/bai-$i"; mkdir -p "$d"
    { cat "$src"; printf 'guong-bench-%d' "$i"; } > "$d/anh.jpg"
    img=""; [ "$s" = site ] && img="image: anh.jpg
image_alt: Ảnh thử số $i
"
    printf -- '---\ntitle: "Bài thử số %d"\ndate: 2024-05-01\nunit: don-bien-phong-con-dao\nfield: san-xuat-gioi\nkind: ca-nhan\nsummary: Thử ảnh.\n%s---\n\nNội dung.\n' "$i" "$img" > "$d/index.md"
  done
  i=$((i + 1))
done
t() { s=$(date +%s%N); "$@" > /dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
echo "photos: $N of ${W}x${H}, $(du -sh "$DIR/site/content" | cut -f1)"
echo "cold build (ms):   $(t "$BIN" build --root "$DIR/site")"
[ "$WARM" = 1 ] && echo "warm build (ms):   $(t "$BIN" build --root "$DIR/site")"
[ "$PLAIN" = 1 ] && echo "photos unused (only stripped), cold/warm (ms): $(t "$BIN" build --root "$DIR/plain") / $(t "$BIN" build --root "$DIR/plain")"
ls -l "$DIR/site/output/bai-viet/bai-thu-so-1/" | grep -E 'anh\.' | awk '{print "  " $5 "\t" $9}'
rm -rf "$DIR"
