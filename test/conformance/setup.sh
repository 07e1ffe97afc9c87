#!/usr/bin/env bash
# Build the conformance harness against the real net/core/page_pool.c of Debian's
# linux-source-6.12 (the model-comparison builds also with CONFIG_PAGE_POOL_STATS), with the XDP frame
# return functions of the real net/core/xdp.c (cut out of it into build/xdp/xdp_return.c, see below).
# Installs the package with apt-get when it is missing (test/apt-install.sh), extracts
# only the needed files into test/conformance/build/kernel, compiles two binaries:
#   build/harness       (plain)
#   build/harness-gcov  (with -fprofile-arcs -ftest-coverage, objects in build/gcov)
# Every binary is built with -fsanitize=address,undefined (a sanitizer finding fails the run).
# Exit codes: 0 built, 3 kernel source unavailable (package cannot be installed), 4 compile error.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$HERE/build"
KDIR="$BUILD/kernel"
TARBALL="${PPCHECK_LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}"
FILES=(net/core/page_pool.c net/core/page_pool_priv.h net/core/netmem_priv.h
       net/core/devmem.c net/core/devmem.h net/core/mp_dmabuf_devmem.h
       include/net/page_pool/helpers.h include/net/page_pool/types.h
       include/net/page_pool/memory_provider.h include/net/netmem.h include/linux/ptr_ring.h
       net/core/xdp.c include/net/xdp.h net/core/skbuff.c)
say() { echo "[conformance setup] $*" >&2; }

have_all() { for f in "${FILES[@]}"; do [ -f "$KDIR/$f" ] || return 1; done; }

if ! have_all; then
  if [ ! -f "$TARBALL" ]; then
    say "kernel source $TARBALL missing: installing Debian package linux-source-6.12"
    . "$HERE/../apt-install.sh"
    apt_install linux-source-6.12 || exit 3
    [ -f "$TARBALL" ] || { say "SKIP: package installed but $TARBALL not found"; exit 3; }
  fi
  say "extracting ${#FILES[@]} files from $TARBALL into $KDIR"
  mkdir -p "$KDIR"
  pats=(); for f in "${FILES[@]}"; do pats+=("*/$f"); done
  # --occurrence=1: tar stops reading once each file is out (it need not decompress the tree's
  # rest: sound/, tools/ ... come after net/), 7.7 s of CPU instead of 9.8 s
  tar -xJf "$TARBALL" -C "$KDIR" --strip-components=1 --occurrence=1 --wildcards "${pats[@]}"
  have_all || { say "SKIP: extraction incomplete"; exit 3; }
  dpkg-query -W -f='${Version}\n' linux-source-6.12 > "$KDIR/VERSION" 2>/dev/null || echo unknown > "$KDIR/VERSION"
fi

CC="${CC:-gcc}"
DEFS=(-D__KERNEL__ -DCONFIG_PAGE_POOL=1 -DCONFIG_NUMA=1 -DCONFIG_HAS_DMA=1 -DCONFIG_DMA_NEED_SYNC=1 -DCONFIG_NET_DEVMEM=1)
INCS=(-I"$HERE/shim/include" -I"$KDIR/include" -I"$KDIR/net/core")
CFLAGS=(-std=gnu11 -O0 -g -Wall -Wno-unused-function -Wno-address -Wno-unused-variable -Wno-pointer-arith -Wno-unused-but-set-variable -fno-strict-aliasing)
# AddressSanitizer + UBSan (its -fsanitize=bounds checks indexes of fixed-size arrays such as
# pool->alloc.cache[PP_ALLOC_CACHE_SIZE] and skb frags, which ASan cannot see inside one object):
# the real code's bounds are checked on the same traces as the model's no-out-of-bounds; any
# finding aborts the harness (non-zero exit: the run fails). Leak detection is off: the harness
# frees nothing at exit on purpose (__asan_default_options in harness/shim.c).
SAN=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
CFLAGS+=("${SAN[@]}")
SRCS_H=("$HERE/harness/shim.c" "$HERE/harness/driver.c")
# The XDP frame return functions of net/core/xdp.c, their REAL text (xdp.c as a whole needs BPF,
# rhashtable, xsk...): cut_xdp below writes them to $XDP_C after `#include "xdp_shim.h"`
# (harness/xdp_shim.h: the shims, and XDP_BULK_QUEUE_SIZE scaled 16 -> 2, the one value changed)
XDP_FNS=(__xdp_return xdp_return_frame xdp_return_frame_rx_napi xdp_flush_frame_bulk xdp_return_frame_bulk xdp_return_buff)
XDP_C="$BUILD/xdp/xdp_return.c"
XDP_INCS=(-I"$HERE/harness")
# skb_split() and its two halves of net/core/skbuff.c, their REAL text (skbuff.c as a whole needs
# all of the networking core): cut_skb below writes them to $SKB_C after `#include "skbuff_shim.h"`
# (harness/skbuff_shim.h: a minimal struct sk_buff / skb_shared_info); driver.c's fn=skb_split
# runs them (docs/findings.md section 5: batman-adv's batadv_frag_create())
SKB_FNS=(skb_split_inside_header skb_split_no_header skb_split)
SKB_C="$BUILD/skbuff/skb_split.c"
# sourced by setup-arch.sh for the kernel files and the flags above (the 32-bit builds): stop here
if [ "${PPCHECK_SETUP_FLAGS_ONLY:-}" = 1 ]; then return 0; fi
stamp_src() { cat "$HERE"/shim/include/*.h "$HERE"/shim/include/*/*.h "$HERE"/harness/*.c "$HERE"/harness/*.h "$KDIR/net/core/page_pool.c" "$KDIR/net/core/devmem.c" "$KDIR/net/core/xdp.c" "$KDIR/net/core/skbuff.c" "$0" 2>/dev/null | sha1sum | cut -c1-16; }
STAMP="$(stamp_src)"
# PPCHECK_CONFORMANCE_GCOV=0: without the gcov builds (npm test's conformance test reads no
# coverage; `npm run conformance` builds them): 9 of the 22 builds
GCOV="${PPCHECK_CONFORMANCE_GCOV:-1}"
# PPCHECK_CONFORMANCE_BUILDS="harness harness-cache2 …": only these binaries (names in build/), for
# a test that needs a few of them (npm test's conformance test builds each on first use:
# test/conformance/harness.ts ensureBuilt); unset: every binary (the gcov ones unless GCOV=0)
ONLY="${PPCHECK_CONFORMANCE_BUILDS:-}"
# a binary in build/ is always built from the current sources: when they change (the stamp), the
# old binaries go, and each is built again when wanted
if [ "$(cat "$BUILD/.stamp" 2>/dev/null)" != "$STAMP" ]; then
  rm -f "$BUILD/harness" "$BUILD/harness-gcov" "$BUILD"/harness-cache*
fi
# wanted BINARY [gcov]: not built yet, and asked for (listed, or no list; a gcov build only with GCOV)
wanted() {
  [ -x "$BUILD/$1" ] && return 1
  if [ -n "$ONLY" ]; then case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; fi
  [ "${2:-}" != gcov ] || [ "$GCOV" != 0 ]
}
any=0
for b in harness harness-gcov; do wanted "$b" "${b#harness-}" && any=1; done
for N in 1 2 3 4; do for b in "" -rt -stats -gcov -stats-gcov; do
  case "$b" in *gcov) g=gcov ;; *) g="" ;; esac
  wanted "harness-cache$N$b" $g && any=1
done; done
if [ "$any" = 0 ]; then exit 0; fi
say "compiling harness (real page_pool.c + shims)${ONLY:+: $ONLY}"
mkdir -p "$BUILD/obj" "$BUILD/gcov" "$BUILD/xdp" "$BUILD/skbuff"
# cut one function out of xdp.c: from its definition's first line (column 0, `NAME(`) to the first
# `}` at column 0 after it, with a #line so that compiler and sanitizer reports name xdp.c's lines
cut_fn() { # $1 function, $2 file under $KDIR (default net/core/xdp.c)
  local src="${2:-net/core/xdp.c}"
  awk -v fn="$1" -v src="$src" '
    !on && $0 ~ ("^[A-Za-z_][^;]*[ *]" fn "[(]") && $0 !~ /;[ \t]*$/ { on = 1; printf "#line %d \"%s\"\n", NR, src }
    on { print; if ($0 ~ /^}/) { done = 1; exit } }
    END { exit done ? 0 : 1 }' "$KDIR/$src"
}
cut_xdp() {
  # the scaling of XDP_BULK_QUEUE_SIZE in xdp_shim.h is of the 6.12 value: check that it is still 16
  grep -q "^#define XDP_BULK_QUEUE_SIZE.16\$" "$KDIR/include/net/xdp.h" || { say "include/net/xdp.h: XDP_BULK_QUEUE_SIZE is not 16"; return 4; }
  local f out="$XDP_C.tmp"
  { echo "/* generated by test/conformance/setup.sh: the text of ${XDP_FNS[*]}"
    echo " * cut out of net/core/xdp.c of linux-source-6.12 $(cat "$KDIR/VERSION" 2>/dev/null), unmodified */"
    echo "#define HP_XDP_C 1"
    echo "#include \"xdp_shim.h\""; } > "$out"
  for f in "${XDP_FNS[@]}"; do
    cut_fn "$f" >> "$out" || { say "net/core/xdp.c: function $f not found"; rm -f "$out"; return 4; }
    echo >> "$out"
  done
  mv "$out" "$XDP_C"
}
cut_xdp || exit 4
cut_skb() {
  local f out="$SKB_C.tmp"
  { echo "/* generated by test/conformance/setup.sh: the text of ${SKB_FNS[*]}"
    echo " * cut out of net/core/skbuff.c of linux-source-6.12 $(cat "$KDIR/VERSION" 2>/dev/null), unmodified */"
    echo "#include \"skbuff_shim.h\""; } > "$out"
  for f in "${SKB_FNS[@]}"; do
    cut_fn "$f" net/core/skbuff.c >> "$out" || { say "net/core/skbuff.c: function $f not found"; rm -f "$out"; return 4; }
    echo >> "$out"
  done
  mv "$out" "$SKB_C"
}
cut_skb || exit 4
build() { # $1 outdir, $2 binary, rest extra flags
  local out="$1" bin="$2"; shift 2
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "$@" -c "$KDIR/net/core/page_pool.c" -o "$out/page_pool.o" || return 4
  # the devmem TCP memory provider (dmabuf_devmem_ops), compiled as it is: pool->mp_ops of a pool
  # created on the RX queue a dma-buf is bound to (shims: linux/dma-buf.h, linux/genalloc.h)
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "$@" -c "$KDIR/net/core/devmem.c" -o "$out/devmem.o" || return 4
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" -c "$HERE/harness/shim.c" -o "$out/shim.o" || return 4
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" -c "$HERE/harness/driver.c" -o "$out/driver.o" || return 4
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "${XDP_INCS[@]}" -c "$XDP_C" -o "$out/xdp.o" || return 4
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "${XDP_INCS[@]}" -c "$SKB_C" -o "$out/skb_split.o" || return 4
  "$CC" "${SAN[@]}" "$@" "$out/page_pool.o" "$out/devmem.o" "$out/shim.o" "$out/driver.o" "$out/xdp.o" "$out/skb_split.o" -o "$bin" || return 4
}
# build_wanted BINARY OBJDIR: build() BINARY (under $BUILD) in OBJDIR when it is wanted; a
# *-gcov binary with the coverage flags
build_wanted() {
  local bin="$1" obj="$2" g="" flags=()
  case "$bin" in *-gcov) g=gcov; flags=(-fprofile-arcs -ftest-coverage) ;; esac
  wanted "$bin" $g || return 0
  mkdir -p "$obj"
  build "$obj" "$BUILD/$bin" "${flags[@]}" || { say "compile of $bin failed"; exit 4; }
}
build_wanted harness "$BUILD/obj"
# Scaled builds for comparison with the model, whose alloc cache is scaled down
# (bound cacheSize 1..4): the ONLY patch, applied by sed to a copy of
# include/net/page_pool/types.h, sets PP_ALLOC_CACHE_SIZE = N and
# PP_ALLOC_CACHE_REFILL = max(1, N/2) (the model's refillOf). page_pool.c itself is unmodified.
# (every scaled types.h is written, also for builds not wanted here: setup-arch.sh uses them)
for N in 1 2 3 4; do
  R=$(( N / 2 )); [ "$R" -ge 1 ] || R=1
  SD="$BUILD/scaled-$N/include/net/page_pool"
  mkdir -p "$SD"
  sed -e "s/^#define PP_ALLOC_CACHE_SIZE\t128$/#define PP_ALLOC_CACHE_SIZE\t$N/" \
      -e "s/^#define PP_ALLOC_CACHE_REFILL\t64$/#define PP_ALLOC_CACHE_REFILL\t$R/" \
      "$KDIR/include/net/page_pool/types.h" > "$SD/types.h"
  grep -q "^#define PP_ALLOC_CACHE_SIZE.$N\$" "$SD/types.h" && grep -q "^#define PP_ALLOC_CACHE_REFILL.$R\$" "$SD/types.h" \
    || { say "scaling sed did not apply to types.h"; exit 4; }
  INCS=(-I"$HERE/shim/include" -I"$BUILD/scaled-$N/include" -I"$KDIR/include" -I"$KDIR/net/core")
  build_wanted "harness-cache$N" "$BUILD/obj-$N"
  build_wanted "harness-cache$N-gcov" "$BUILD/gcov-$N"
  # PREEMPT_RT flavour (Debian's linux-image-rt-amd64 is built from the same source):
  # page_pool_napi_local() returns false; nothing else in page_pool.c depends on it
  DEFS+=(-DCONFIG_PREEMPT_RT=1)
  build_wanted "harness-cache$N-rt" "$BUILD/obj-$N-rt"
  unset 'DEFS[${#DEFS[@]}-1]'
  # CONFIG_PAGE_POOL_STATS flavour (the model's bound poolStats=1): pool->alloc_stats and the
  # per-CPU pool->recycle_stats compiled in, printed per step through page_pool_get_stats()
  DEFS+=(-DCONFIG_PAGE_POOL_STATS=1)
  build_wanted "harness-cache$N-stats" "$BUILD/obj-$N-stats"
  build_wanted "harness-cache$N-stats-gcov" "$BUILD/gcov-$N-stats"
  unset 'DEFS[${#DEFS[@]}-1]'
done
INCS=(-I"$HERE/shim/include" -I"$KDIR/include" -I"$KDIR/net/core")
build_wanted harness-gcov "$BUILD/gcov"
echo "$STAMP" > "$BUILD/.stamp"
say "built in $BUILD${ONLY:+: $ONLY}"
