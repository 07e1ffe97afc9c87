#!/usr/bin/env bash
# Shows that the sanitizers of the conformance harness (setup.sh: -fsanitize=address,undefined)
# catch an out-of-bounds access in the real page_pool.c: a copy with page_pool_recycle_in_cache()'s
# `if (unlikely(pool->alloc.count == PP_ALLOC_CACHE_SIZE))` removed (the model's mutant
# recycle-in-cache-no-full-check) aborts on traces/cache-full.trace, which the unmodified
# harness replays cleanly. Run after setup.sh. Exit 0: both as expected; 1 otherwise.
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
gcc -fsanitize=address,undefined "$OUT"/*.o -o "$OUT/harness-no-full-check"
"$BUILD/harness" < "$HERE/traces/cache-full.trace" > /dev/null || { echo "sanitizer-bites: the unmodified harness failed on cache-full.trace" >&2; exit 1; }
if "$OUT/harness-no-full-check" < "$HERE/traces/cache-full.trace" > /dev/null 2> "$OUT/stderr"; then
  echo "sanitizer-bites: the mutated page_pool.c ran cache-full.trace without a sanitizer finding" >&2; exit 1
fi
grep -m1 -E "runtime error|AddressSanitizer" "$OUT/stderr"
echo "sanitizer-bites: OK (the mutated page_pool.c aborts under the sanitizers; the real one does not)"
