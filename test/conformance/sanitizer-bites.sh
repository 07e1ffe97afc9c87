#!/usr/bin/env bash
# Shows that the sanitizers of the conformance harness (setup.sh: -fsanitize=address,undefined)
# catch an out-of-bounds access in the real page_pool.c: a copy with page_pool_recycle_in_cache()'s
# `if (unlikely(pool->alloc.count == PP_ALLOC_CACHE_SIZE))` removed (the model's mutant
# recycle-in-cache-no-full-check) aborts on traces/cache-full.trace, which the unmodified
# harness replays cleanly; and a copy of net/core/xdp.c's xdp_return_frame_bulk() without the flush
# in its frags loop on traces/xdp-return.trace (below). Run after setup.sh. Exit 0: all as expected;
# 1 otherwise.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$HERE/build"; KDIR="$BUILD/kernel"; OUT="$BUILD/san-bites"
mkdir -p "$OUT"
GUARD='if (unlikely(pool->alloc.count == PP_ALLOC_CACHE_SIZE)) {'
[ "$(grep -cF "$GUARD" "$KDIR/net/core/page_pool.c")" = 1 ] || { echo "sanitizer-bites: guard not found once in page_pool.c" >&2; exit 1; }
sed "s/if (unlikely(pool->alloc.count == PP_ALLOC_CACHE_SIZE)) {/if (0) {/" "$KDIR/net/core/page_pool.c" > "$OUT/page_pool.c"
F=(-std=gnu11 -O0 -g -fno-strict-aliasing -w -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
   -D__KERNEL__ -DCONFIG_PAGE_POOL=1 -DCONFIG_NUMA=1 -DCONFIG_HAS_DMA=1 -DCONFIG_DMA_NEED_SYNC=1 -DCONFIG_NET_DEVMEM=1
   -I"$HERE/shim/include" -I"$KDIR/include" -I"$KDIR/net/core")
gcc "${F[@]}" -c "$OUT/page_pool.c" -o "$OUT/page_pool.o"
gcc "${F[@]}" -c "$KDIR/net/core/devmem.c" -o "$OUT/devmem.o"
gcc "${F[@]}" -c "$HERE/harness/shim.c" -o "$OUT/shim.o"
gcc "${F[@]}" -c "$HERE/harness/driver.c" -o "$OUT/driver.o"
gcc -fsanitize=address,undefined "$OUT"/{page_pool,devmem,shim,driver}.o "$BUILD/obj/xdp.o" "$BUILD/obj/skb_split.o" -o "$OUT/harness-no-full-check"
"$BUILD/harness" < "$HERE/traces/cache-full.trace" > /dev/null || { echo "sanitizer-bites: the unmodified harness failed on cache-full.trace" >&2; exit 1; }
if "$OUT/harness-no-full-check" < "$HERE/traces/cache-full.trace" > /dev/null 2> "$OUT/stderr"; then
  echo "sanitizer-bites: the mutated page_pool.c ran cache-full.trace without a sanitizer finding" >&2; exit 1
fi
grep -m1 -E "runtime error|AddressSanitizer" "$OUT/stderr"
echo "sanitizer-bites: OK (the mutated page_pool.c aborts under the sanitizers; the real one does not)"

# The same for the real net/core/xdp.c text (build/xdp/xdp_return.c, setup.sh): its
# xdp_return_frame_bulk() without the flush after queueing a frag (`if (bq->count ==
# XDP_BULK_QUEUE_SIZE)` in the frags loop) overruns bq->q[] on traces/xdp-return.trace, where a
# single-buffer frame then a multi-buffer frame fill one bulk (XDP_BULK_QUEUE_SIZE scaled to 2).
# Linked with the plain harness's other objects (build/obj).
XDP_GUARD='^\t\t\tif \(bq->count == XDP_BULK_QUEUE_SIZE\)$'
[ "$(grep -cP "$XDP_GUARD" "$BUILD/xdp/xdp_return.c")" = 1 ] || { echo "sanitizer-bites: the frags loop's flush not found once in build/xdp/xdp_return.c" >&2; exit 1; }
sed -E "s/^(\t\t\t)if \(bq->count == XDP_BULK_QUEUE_SIZE\)$/\1if (0)/" "$BUILD/xdp/xdp_return.c" > "$OUT/xdp_return.c"
cmp -s "$BUILD/xdp/xdp_return.c" "$OUT/xdp_return.c" && { echo "sanitizer-bites: the xdp.c mutation did not apply" >&2; exit 1; }
gcc "${F[@]}" -I"$HERE/harness" -c "$OUT/xdp_return.c" -o "$OUT/xdp.o"
gcc -fsanitize=address,undefined "$BUILD"/obj/{page_pool,devmem,shim,driver}.o "$OUT/xdp.o" "$BUILD/obj/skb_split.o" -o "$OUT/harness-xdp-no-frag-flush"
"$BUILD/harness" < "$HERE/traces/xdp-return.trace" > /dev/null || { echo "sanitizer-bites: the unmodified harness failed on xdp-return.trace" >&2; exit 1; }
if "$OUT/harness-xdp-no-frag-flush" < "$HERE/traces/xdp-return.trace" > /dev/null 2> "$OUT/stderr-xdp"; then
  echo "sanitizer-bites: xdp_return_frame_bulk() without the frags loop's flush ran xdp-return.trace without a sanitizer finding" >&2; exit 1
fi
grep -m1 -E "runtime error|AddressSanitizer" "$OUT/stderr-xdp"
echo "sanitizer-bites: OK (xdp_return_frame_bulk() without the flush in its frags loop aborts under the sanitizers; the real one does not)"
