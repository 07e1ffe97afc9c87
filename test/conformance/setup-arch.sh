#!/usr/bin/env bash
# The 32-bit builds of the conformance harness (issue #16 item 3): the same real net/core/page_pool.c
# (and the XDP frame return functions of net/core/xdp.c that setup.sh cuts out),
# shims and flags as setup.sh (sourced for them: -fsanitize=address,undefined included), compiled
# with -m32 for i386 in two configurations of the machine:
#   build/arch-32/        dma_addr_t 32-bit (include/linux/types.h without CONFIG_ARCH_DMA_ADDR_T_64BIT)
#   build/arch-32-dma64/  dma_addr_t 64-bit on a 32-bit unsigned long: x86 PAE (arch/x86/Kconfig
#                         `X86_PAE select PHYS_ADDR_T_64BIT`; kernel/dma/Kconfig `ARCH_DMA_ADDR_T_64BIT
#                         def_bool 64BIT || PHYS_ADDR_T_64BIT`), passed as -DCONFIG_PHYS_ADDR_T_64BIT=1
# Each: harness (PP_ALLOC_CACHE_SIZE 128) and harness-cache1..4 (the scaled types.h of setup.sh).
# The shim derives BITS_PER_LONG, dma_addr_t, POISON_POINTER_DELTA and PAGE_OFFSET from the
# build (shim/include/ppshim.h). gcc-multilib is installed through test/apt-install.sh when -m32
# cannot build a sanitized program.
# Exit codes: 0 built, 3 skipped (kernel source or a working gcc -m32 unavailable), 4 compile error.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { echo "[conformance setup-arch] $*" >&2; }
# the 64-bit builds first (kernel files, scaled types.h); exit 3/4 passed on
bash "$HERE/setup.sh" || exit $?
PPCHECK_SETUP_FLAGS_ONLY=1
. "$HERE/setup.sh"
say() { echo "[conformance setup-arch] $*" >&2; }
BUILD="$HERE/build"
ARCH_CONFIGS=("32:-m32" "32-dma64:-m32 -DCONFIG_PHYS_ADDR_T_64BIT=1")

m32_works() {
  local d; d="$(mktemp -d)"
  printf '#include <stdio.h>\nint main(void){return sizeof(long)==4?0:1;}\n' > "$d/t.c"
  "$CC" -m32 "${SAN[@]}" "$d/t.c" -o "$d/t" >/dev/null 2>&1 && "$d/t"; local rc=$?
  rm -rf "$d"; return $rc
}
if ! m32_works; then
  say "gcc -m32 cannot build a sanitized program: installing gcc-multilib"
  . "$HERE/../apt-install.sh"
  apt_install gcc-multilib || exit 3
  m32_works || { say "SKIP: gcc -m32 with -fsanitize=address,undefined still does not build and run (gcc-multilib installed)"; exit 3; }
fi

# the sources and flags the binaries depend on (setup.sh's own stamp covers the 64-bit builds)
STAMP="$( { cat "$HERE"/shim/include/*.h "$HERE"/shim/include/*/*.h "$HERE"/harness/*.c "$HERE"/harness/*.h \
  "$KDIR/net/core/page_pool.c" "$KDIR/net/core/devmem.c" "$XDP_C" "$SKB_C" "$0"; echo "${CFLAGS[*]} ${DEFS[*]}"; } 2>/dev/null | sha1sum | cut -c1-16)"
if [ "$(cat "$BUILD/.stamp-arch" 2>/dev/null)" = "$STAMP" ] \
   && [ -x "$BUILD/arch-32/harness-cache4" ] && [ -x "$BUILD/arch-32-dma64/harness-cache4" ]; then
  exit 0
fi
build() { # $1 outdir, $2 binary, rest extra flags (as setup.sh's build, for the -m32 flags)
  local out="$1" bin="$2"; shift 2
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "$@" -c "$KDIR/net/core/page_pool.c" -o "$out/page_pool.o" || return 4
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "$@" -c "$KDIR/net/core/devmem.c" -o "$out/devmem.o" || return 4
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "$@" -c "$HERE/harness/shim.c" -o "$out/shim.o" || return 4
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "$@" -c "$HERE/harness/driver.c" -o "$out/driver.o" || return 4
  # the XDP frame return functions of net/core/xdp.c, as setup.sh cut them out ($XDP_C)
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "${XDP_INCS[@]}" "$@" -c "$XDP_C" -o "$out/xdp.o" || return 4
  # skb_split() and its halves of net/core/skbuff.c, as setup.sh cut them out ($SKB_C)
  "$CC" "${CFLAGS[@]}" "${DEFS[@]}" "${INCS[@]}" "${XDP_INCS[@]}" "$@" -c "$SKB_C" -o "$out/skb_split.o" || return 4
  "$CC" "${SAN[@]}" "$@" "$out/page_pool.o" "$out/devmem.o" "$out/shim.o" "$out/driver.o" "$out/xdp.o" "$out/skb_split.o" -o "$bin" || return 4
}
build_arch() { # $1 name, $2 flags (word-split)
  local name="$1" out="$BUILD/arch-$1"; local -a af; read -r -a af <<<"$2"
  local base=(-I"$HERE/shim/include" -I"$KDIR/include" -I"$KDIR/net/core")
  say "compiling the $name harness ($2)"
  mkdir -p "$out/obj"
  INCS=("${base[@]}")
  build "$out/obj" "$out/harness" "${af[@]}" || return 4
  for N in 1 2 3 4; do
    [ -f "$BUILD/scaled-$N/include/net/page_pool/types.h" ] || { say "scaled-$N types.h missing (setup.sh)"; return 4; }
    mkdir -p "$out/obj-$N"
    INCS=(-I"$HERE/shim/include" -I"$BUILD/scaled-$N/include" -I"$KDIR/include" -I"$KDIR/net/core")
    build "$out/obj-$N" "$out/harness-cache$N" "${af[@]}" || return 4
  done
}
for c in "${ARCH_CONFIGS[@]}"; do
  build_arch "${c%%:*}" "${c#*:}" || { say "compile of the ${c%%:*} harness failed"; exit 4; }
done
echo "$STAMP" > "$BUILD/.stamp-arch"
say "built $BUILD/arch-32 and $BUILD/arch-32-dma64"
