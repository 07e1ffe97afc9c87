/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ppshim.h — the userspace stand-in for every kernel header that
 * net/core/page_pool.c (Debian linux-source-6.12) needs besides the real
 * include/net/page_pool/{helpers,types,memory_provider}.h, include/net/netmem.h,
 * include/linux/ptr_ring.h, net/core/page_pool_priv.h and net/core/netmem_priv.h.
 *
 * Every stub named after a kernel function behaves like that function as far as
 * page_pool can observe it, and records what the harness must report:
 *   - page allocator + refcounts: a fixed page table (hp_pages) whose node,
 *     pfmemalloc bit and availability the harness decides (hp_mm);
 *   - DMA API: records every map, unmap and sync (hp_dma);
 *   - xarray: a flat array with xa_alloc's lowest-free-index policy;
 *   - workqueue: a delayed work item only runs when the harness says so;
 *   - context predicates: in_softirq/in_serving_softirq/in_hardirq/
 *     smp_processor_id/numa_mem_id read hp_ctx, set before each step;
 *   - WARN*, pr_warn/pr_crit, lockdep assertions: recorded as events.
 * Nothing here is copied from the kernel except constant values needed for
 * layout (struct page field order, PP_SIGNATURE and the DMA index bits of
 * include/linux/mm.h in 6.12.117 for x86_64).
 */
#ifndef PPSHIM_H
#define PPSHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

/* errno values (asm-generic/errno-base.h); <errno.h> is not used because the
 * shim's asm/errno.h would shadow the libc one */
#define ENOENT 2
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EINVAL 22
#define ENOSPC 28
#define E2BIG 7
#define EEXIST 17
#define ERANGE 34
#define EOPNOTSUPP 95
#define ENETDOWN 100

/* ---------------------------------------------------------------- types */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint8_t __u8;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef unsigned int gfp_t;
/*
 * The machine: BITS_PER_LONG from the compiler (setup.sh builds the harness for x86_64, and
 * with -m32 for i386, test/conformance/setup-arch.sh). Kconfig as the kernel derives it:
 * mm/Kconfig `PHYS_ADDR_T_64BIT def_bool 64BIT` (x86: `X86_PAE select PHYS_ADDR_T_64BIT`,
 * which the 32-dma64 build passes as -DCONFIG_PHYS_ADDR_T_64BIT=1), kernel/dma/Kconfig
 * `ARCH_DMA_ADDR_T_64BIT def_bool 64BIT || PHYS_ADDR_T_64BIT`; include/linux/types.h:
 * `#ifdef CONFIG_ARCH_DMA_ADDR_T_64BIT typedef u64 dma_addr_t; #else typedef u32 dma_addr_t;`.
 */
#define BITS_PER_LONG (__SIZEOF_LONG__ * 8)
#if BITS_PER_LONG == 64
#define CONFIG_64BIT 1
#ifndef CONFIG_PHYS_ADDR_T_64BIT
#define CONFIG_PHYS_ADDR_T_64BIT 1
#endif
#endif
#if defined(CONFIG_64BIT) || defined(CONFIG_PHYS_ADDR_T_64BIT)
#define CONFIG_ARCH_DMA_ADDR_T_64BIT 1
#endif
#ifdef CONFIG_ARCH_DMA_ADDR_T_64BIT
typedef u64 dma_addr_t;
#else
typedef u32 dma_addr_t;
#endif
#ifdef CONFIG_PHYS_ADDR_T_64BIT
typedef u64 phys_addr_t;
#else
typedef u32 phys_addr_t;
#endif
typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
typedef struct { atomic_t refs; } refcount_t;

#define __force
#define __bitwise
#define __percpu
#define __rcu
#define __iomem
#define __must_check
#define __acquires(x)
#define __releases(x)
#undef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#define noinline __attribute__((__noinline__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val) do { *(volatile typeof(x) *)&(x) = (val); } while (0)
#define barrier() __asm__ __volatile__("" ::: "memory")
#define smp_wmb() barrier()
#define smp_rmb() barrier()
#define smp_mb() barrier()
#define cpu_relax() do { } while (0)
#define BUILD_BUG_ON(cond) do { } while (0)
#define static_assert(expr, ...) __hp_static_assert(expr, ##__VA_ARGS__, #expr)
#define __hp_static_assert(expr, msg, ...) _Static_assert(expr, msg)

#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option) __is_defined(option)

#define EXPORT_SYMBOL(sym) extern int __hp_export_##sym
#define EXPORT_SYMBOL_GPL(sym) extern int __hp_export_##sym
#define ALLOW_ERROR_INJECTION(fn, type) extern int __hp_errinj_##fn

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define BIT(n) (1UL << (n))
#define GENMASK(h, l) (((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define min(a, b) ({ typeof(a) __a = (a); typeof(b) __b = (b); __a < __b ? __a : __b; })
#define max(a, b) ({ typeof(a) __a = (a); typeof(b) __b = (b); __a > __b ? __a : __b; })
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define ALIGN(x, a) (((x) + ((typeof(x))(a) - 1)) & ~((typeof(x))(a) - 1))
#define __fls(x) (BITS_PER_LONG - 1 - __builtin_clzl(x))
#define __ffs(x) (__builtin_ctzl(x))
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }
static inline void *ERR_CAST(const void *ptr) { return (void *)ptr; }

#define struct_group_tagged(TAG, NAME, MEMBERS...) \
	union { struct { MEMBERS }; struct TAG { MEMBERS } NAME; }
#define SMP_CACHE_BYTES 64
#define ____cacheline_aligned_in_smp __attribute__((__aligned__(SMP_CACHE_BYTES)))
#define __cacheline_group_begin_aligned(GROUP, ...) __u8 __cacheline_group_begin__##GROUP[0]
#define __cacheline_group_end_aligned(GROUP, ...) __u8 __cacheline_group_end__##GROUP[0]
#define CACHELINE_ASSERT_GROUP_MEMBER(...) do { } while (0)
#define CACHELINE_ASSERT_GROUP_SIZE(...) do { } while (0)

/* ---------------------------------------------------------------- events */
/* Everything page_pool.c does that the harness reports besides the state
 * snapshot (WARNs, DMA calls, frees, scheduled work) is appended here. */
void hp_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *hp_base(const char *file);
#define __hp_warn(cond, what) ({ bool __c = !!(cond); \
	if (__c) { hp_event("warn:%s:%d:%s", hp_base(__FILE__), __LINE__, what); } \
	__c; })
#define WARN_ON(cond) __hp_warn(cond, #cond)
#define WARN_ON_ONCE(cond) __hp_warn(cond, #cond)
#define WARN(cond, fmt...) __hp_warn(cond, #cond)
#define WARN_ONCE(cond, fmt...) __hp_warn(cond, #cond)
#define BUG_ON(cond) do { if (unlikely(cond)) { hp_event("bug:%s:%d:%s", hp_base(__FILE__), __LINE__, #cond); hp_bug(); } } while (0)
#define BUG() BUG_ON(1)
void hp_bug(void) __attribute__((noreturn));
#define DEBUG_NET_WARN_ON_ONCE(cond) ((void)0)
#define pr_warn(fmt, ...) hp_event("pr_warn:" fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...) hp_event("pr_crit:" fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) hp_event("pr_err:" fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) do { } while (0)
#define pr_debug(fmt, ...) do { } while (0)

/* ---------------------------------------------------------------- context */
/* hp_ctx is set by the harness before each step (cpu=, ctx= of the trace). */
enum hp_context { HP_PROCESS = 0, HP_BH = 1, HP_SOFTIRQ = 2, HP_HARDIRQ = 3 };
struct hp_ctx_state {
	int cpu;
	enum hp_context ctx;
	int bh_disabled;   /* local_bh_disable / spin_lock_bh nesting */
	int rcu_depth;
	int locks_held;
};
extern struct hp_ctx_state hp_ctx;
#define NR_CPUS 8
extern int hp_cpu_nid[NR_CPUS];
/* macros, as in the kernel: page_pool.c has a local variable named in_softirq */
static inline bool hp_in_serving_softirq(void) { return hp_ctx.ctx == HP_SOFTIRQ; }
/* softirq_count() != 0: serving a softirq, or BH disabled (ctx=bh, spin_lock_bh) */
static inline bool hp_in_softirq(void)
{
	return hp_ctx.ctx == HP_SOFTIRQ || hp_ctx.ctx == HP_BH || hp_ctx.bh_disabled > 0;
}
static inline bool hp_in_hardirq(void) { return hp_ctx.ctx == HP_HARDIRQ; }
#define in_serving_softirq() hp_in_serving_softirq()
#define in_softirq() hp_in_softirq()
#define in_hardirq() hp_in_hardirq()
#define in_interrupt() (hp_in_hardirq() || hp_in_softirq())
#define in_task() (!in_interrupt())
#define smp_processor_id() (hp_ctx.cpu)
#define raw_smp_processor_id() (hp_ctx.cpu)
#define NUMA_NO_NODE (-1)
static inline int numa_mem_id(void) { return hp_cpu_nid[hp_ctx.cpu]; }
static inline int numa_node_id(void) { return hp_cpu_nid[hp_ctx.cpu]; }
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)
#define lockdep_assert_no_hardirq() \
	do { if (in_hardirq()) hp_event("warn:lockdep_assert_no_hardirq"); } while (0)
#define lockdep_assert_held(l) do { } while (0)
static inline void local_bh_disable(void) { hp_ctx.bh_disabled++; }
static inline void local_bh_enable(void) { hp_ctx.bh_disabled--; }
static inline void rcu_read_lock(void) { hp_ctx.rcu_depth++; }
static inline void rcu_read_unlock(void) { hp_ctx.rcu_depth--; }
static inline void synchronize_net(void)
{
	hp_event("synchronize_net");
	if (hp_ctx.rcu_depth || in_interrupt())
		hp_event("warn:synchronize_net_in_atomic");
}
#define ASSERT_RTNL() do { } while (0)

/* ---------------------------------------------------------------- atomics */
static inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static inline void atomic_set(atomic_t *v, int i) { v->counter = i; }
static inline int atomic_inc_return_relaxed(atomic_t *v) { return ++v->counter; }
static inline int atomic_inc_return(atomic_t *v) { return ++v->counter; }
static inline void atomic_inc(atomic_t *v) { v->counter++; }
static inline int atomic_sub_return(int i, atomic_t *v) { return v->counter -= i; }
static inline long atomic_long_read(const atomic_long_t *v) { return READ_ONCE(v->counter); }
static inline void atomic_long_set(atomic_long_t *v, long i) { v->counter = i; }
static inline void atomic_long_inc(atomic_long_t *v) { v->counter++; }
static inline long atomic_long_sub_return(long i, atomic_long_t *v) { return v->counter -= i; }
static inline void refcount_set(refcount_t *r, int n) { r->refs.counter = n; }
static inline void refcount_inc(refcount_t *r)
{
	if (r->refs.counter <= 0)
		hp_event("warn:refcount_t:addition_on_0");
	r->refs.counter++;
}
static inline bool refcount_dec_and_test(refcount_t *r)
{
	if (r->refs.counter <= 0) {
		hp_event("warn:refcount_t:underflow");
		return false;
	}
	return --r->refs.counter == 0;
}

/* ---------------------------------------------------------------- locks */
typedef struct { int locked; } spinlock_t;
#define spin_lock_init(l) do { (l)->locked = 0; } while (0)
void hp_lock(spinlock_t *l);
void hp_unlock(spinlock_t *l);
#define spin_lock(l) hp_lock(l)
#define spin_unlock(l) hp_unlock(l)
#define spin_lock_bh(l) do { local_bh_disable(); hp_lock(l); } while (0)
#define spin_unlock_bh(l) do { hp_unlock(l); local_bh_enable(); } while (0)
#define spin_lock_irq(l) hp_lock(l)
#define spin_unlock_irq(l) hp_unlock(l)
#define spin_lock_irqsave(l, flags) do { (flags) = 0; hp_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); hp_unlock(l); } while (0)

/* ---------------------------------------------------------------- static keys */
struct static_key_false { int enabled; };
#define DEFINE_STATIC_KEY_FALSE(name) struct static_key_false name = { 0 }
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name
#define static_branch_unlikely(k) unlikely((k)->enabled > 0)
#define static_branch_inc(k) ((k)->enabled++)
#define static_branch_dec(k) ((k)->enabled--)

/* ---------------------------------------------------------------- gfp, slab */
#define __GFP_DMA 0x01u
#define __GFP_HIGHMEM 0x02u
#define __GFP_DMA32 0x04u
#define __GFP_HIGH 0x20u
#define __GFP_ZERO 0x100u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_NOWARN 0x2000u
#define __GFP_MEMALLOC 0x20000u
#define __GFP_COMP 0x40000u
#define __GFP_RECLAIM 0xc00u
#define __GFP_IO 0x40u
#define __GFP_FS 0x80u
#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define alloc_hooks(x) (x)
#define KMALLOC_MAX_SIZE (1UL << 22)
void *hp_kzalloc(size_t size);
void hp_kfree(const void *p);
#define kzalloc_node(size, gfp, nid) hp_kzalloc(size)
#define kzalloc(size, gfp) hp_kzalloc(size)
#define kfree(p) hp_kfree(p)
#define kvfree(p) hp_kfree(p)
#define kvmalloc_array_noprof(n, size, gfp) hp_kzalloc((size_t)(n) * (size))
#define kmalloc_array_noprof(n, size, gfp) hp_kzalloc((size_t)(n) * (size))
#define kvmalloc_array(n, size, gfp) hp_kzalloc((size_t)(n) * (size))

/* ------------------------------------------------ per-CPU data (CONFIG_PAGE_POOL_STATS)
 * A per-CPU object is NR_CPUS consecutive copies of its type. The only per-CPU type
 * page_pool.c has is struct page_pool_recycle_stats (pool->recycle_stats, from
 * alloc_percpu(), or the static pp_system_recycle_stats of the system page pools), so
 * this_cpu_add(s->field, n) steps by its size to the copy of the current CPU (hp_ctx.cpu).
 * The harness runs one context at a time, so the kernel's guarantee for this_cpu ops
 * (preemption and the CPU's own interrupts cannot split them) holds trivially here. */
#define alloc_percpu(type) ((type *)hp_kzalloc(NR_CPUS * sizeof(type)))
#define free_percpu(p) hp_kfree(p)
#define per_cpu_ptr(p, cpu) ((p) + (cpu))
#define HP_PERCPU_STRIDE sizeof(struct page_pool_recycle_stats)
#define this_cpu_add(pcp, val) \
	(*(typeof(&(pcp)))((char *)&(pcp) + (size_t)hp_ctx.cpu * HP_PERCPU_STRIDE) += (val))
#define this_cpu_inc(pcp) this_cpu_add(pcp, 1)
/* DEFINE_PER_CPU(T, name): NR_CPUS copies; `&name` is the first (the per-CPU base pointer) */
#define DEFINE_PER_CPU(type, name) type name##__hp_percpu[NR_CPUS]
#define pp_system_recycle_stats pp_system_recycle_stats__hp_percpu[0]

/* ---------------------------------------------------------------- mm */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#if BITS_PER_LONG == 64
/* include/linux/poison.h with CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000 (x86_64) */
#define POISON_POINTER_DELTA 0xdead000000000000UL
#else
/* arch/x86/Kconfig: ILLEGAL_POINTER_VALUE `default 0 if X86_32`; include/linux/poison.h then
 * has POISON_POINTER_DELTA 0. PAGE_OFFSET: arch/x86/Kconfig PAGE_OFFSET `default 0xC0000000`
 * (VMSPLIT_3G), asm/page_32_types.h __PAGE_OFFSET = CONFIG_PAGE_OFFSET */
#define POISON_POINTER_DELTA 0UL
#define PAGE_OFFSET ((unsigned long)0xC0000000UL)
#endif
#define PP_SIGNATURE (0x40 + POISON_POINTER_DELTA)
/* include/linux/mm.h (6.12.117): DMA index bits kept in page->pp_magic */
#define PP_DMA_INDEX_SHIFT (1 + __fls(PP_SIGNATURE - POISON_POINTER_DELTA))
#if POISON_POINTER_DELTA > 0
#define PP_DMA_INDEX_BITS MIN(32, __ffs(POISON_POINTER_DELTA) - PP_DMA_INDEX_SHIFT)
#else
/* "Use the lowest bit of PAGE_OFFSET if there's at least 8 bits available" (mm.h, verbatim) */
#define PP_DMA_INDEX_MIN_OFFSET (1 << (PP_DMA_INDEX_SHIFT + 8))
#define PP_DMA_INDEX_BITS ((__builtin_constant_p(PAGE_OFFSET) && \
			    PAGE_OFFSET >= PP_DMA_INDEX_MIN_OFFSET && \
			    !(PAGE_OFFSET & (PP_DMA_INDEX_MIN_OFFSET - 1))) ? \
			      MIN(32, __ffs(PAGE_OFFSET) - PP_DMA_INDEX_SHIFT) : 0)
#endif
#define PP_DMA_INDEX_MASK GENMASK(PP_DMA_INDEX_BITS + PP_DMA_INDEX_SHIFT - 1, PP_DMA_INDEX_SHIFT)
#define PP_MAGIC_MASK ~(PP_DMA_INDEX_MASK | 0x3UL)

struct page_pool;
/* Field order of the page_pool part of struct page in include/linux/mm_types.h
 * (flags; pp_magic overlays lru.next; pp; _pp_mapping_pad; dma_addr;
 * pp_ref_count); net/netmem.h static_asserts that it matches struct net_iov.
 * Every word is an unsigned long as there: 32 bits on the -m32 builds, where
 * dma_addr_t may be 64-bit (CONFIG_ARCH_DMA_ADDR_T_64BIT) while dma_addr is not. */
struct page {
	unsigned long flags;
	unsigned long pp_magic;
	struct page_pool *pp;
	unsigned long _pp_mapping_pad;
	unsigned long dma_addr;
	atomic_long_t pp_ref_count;
	atomic_t _refcount;
	/* harness-only bookkeeping */
	int hp_nid;
	int hp_in_use;
	unsigned int hp_order;
};
#define HP_MAX_PAGES 512
extern struct page hp_pages[HP_MAX_PAGES];
static inline int page_ref_count(const struct page *page) { return atomic_read(&page->_refcount); }
static inline void page_ref_inc(struct page *page) { atomic_inc(&page->_refcount); }
static inline void get_page(struct page *page)
{
	if (page_ref_count(page) <= 0)
		hp_event("warn:get_page_on_free_page:p%d", (int)(page - hp_pages));
	page_ref_inc(page);
}
void put_page(struct page *page);
/* set_page_pfmemalloc() stores BIT(1) in lru.next, the word pp_magic overlays */
static inline bool page_is_pfmemalloc(const struct page *page) { return page->pp_magic & BIT(1); }
static inline int page_to_nid(const struct page *page) { return page->hp_nid; }
static inline unsigned long page_to_pfn(const struct page *page) { return (unsigned long)(page - hp_pages); }
static inline struct page *compound_head(struct page *page) { return page; }
static inline void *page_address(const struct page *page) { return (void *)page; }
#define virt_to_page(v) ((struct page *)(v))
#define virt_to_head_page(v) ((struct page *)(v))
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
unsigned long alloc_pages_bulk_array_node(gfp_t gfp, int nid, unsigned long nr_pages,
					  struct page **page_array);
static inline bool page_pool_page_is_pp(struct page *page)
{
	return (page->pp_magic & PP_MAGIC_MASK) == PP_SIGNATURE;
}

/* ---------------------------------------------------------------- DMA API */
enum dma_data_direction { DMA_BIDIRECTIONAL = 0, DMA_TO_DEVICE = 1, DMA_FROM_DEVICE = 2, DMA_NONE = 3 };
#define DMA_ATTR_WEAK_ORDERING (1UL << 1)
#define DMA_ATTR_SKIP_CPU_SYNC (1UL << 5)
#define DMA_MAPPING_ERROR (~(dma_addr_t)0)
struct device { int need_sync; struct device *parent; };
static inline int dev_to_node(const struct device *dev) { (void)dev; return NUMA_NO_NODE; }
dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs);
static inline int dma_mapping_error(struct device *dev, dma_addr_t addr) { return addr == DMA_MAPPING_ERROR; }
void __dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
				  enum dma_data_direction dir);
void dma_sync_single_range_for_cpu(struct device *dev, dma_addr_t addr, unsigned long offset,
				   size_t size, enum dma_data_direction dir);
static inline bool dma_dev_need_sync(const struct device *dev) { return dev->need_sync; }
static inline int dma_get_cache_alignment(void) { return 1; } /* x86: no ARCH_DMA_MINALIGN */

/* ---------------------------------------------------------------- xarray */
#define HP_XA_SLOTS 1024
struct xa_limit { u32 max; u32 min; };
#define XA_LIMIT(_min, _max) ((struct xa_limit){ .min = (_min), .max = (_max) })
#define XA_FLAGS_ALLOC1 1u
#define XA_FLAGS_ALLOC 2u
#define xa_limit_32b XA_LIMIT(0, UINT_MAX)
struct xarray { unsigned int flags; void *slots[HP_XA_SLOTS]; };
#define DEFINE_XARRAY_FLAGS(name, f) struct xarray name = { .flags = (f) }
static inline void xa_init_flags(struct xarray *xa, unsigned int flags)
{
	memset(xa, 0, sizeof(*xa));
	xa->flags = flags;
}
int xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, gfp_t gfp);
#define xa_alloc_bh(xa, id, entry, limit, gfp) \
	({ int __r; local_bh_disable(); __r = xa_alloc(xa, id, entry, limit, gfp); local_bh_enable(); __r; })
void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry, gfp_t gfp);
/* the lowest free index from *next (then from limit.min); the xarray is remembered in
 * hp_cyclic_xa so that the driver can empty devmem.c's static binding table between traces */
int xa_alloc_cyclic(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, u32 *next, gfp_t gfp);
extern struct xarray *hp_cyclic_xa;
static inline void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *old = index < HP_XA_SLOTS ? xa->slots[index] : NULL;

	if (index < HP_XA_SLOTS)
		xa->slots[index] = NULL;
	return old;
}
#define xa_cmpxchg_bh(xa, index, old, entry, gfp) \
	({ void *__r; local_bh_disable(); __r = xa_cmpxchg(xa, index, old, entry, gfp); local_bh_enable(); __r; })
static inline bool xa_empty(const struct xarray *xa)
{
	for (int i = 0; i < HP_XA_SLOTS; i++)
		if (xa->slots[i])
			return false;
	return true;
}
static inline void xa_destroy(struct xarray *xa) { memset(xa->slots, 0, sizeof(xa->slots)); }
static inline void *hp_xa_find(struct xarray *xa, unsigned long *index)
{
	for (; *index < HP_XA_SLOTS; (*index)++)
		if (xa->slots[*index])
			return xa->slots[*index];
	return NULL;
}
#define xa_for_each(xa, index, entry) \
	for (index = 0, entry = hp_xa_find(xa, &(index)); entry; (index)++, entry = hp_xa_find(xa, &(index)))

/* ---------------------------------------------------------------- workqueue, time */
struct work_struct { void (*func)(struct work_struct *work); };
struct delayed_work { struct work_struct work; int pending; unsigned long delay; };
#define to_delayed_work(w) container_of(w, struct delayed_work, work)
#define INIT_DELAYED_WORK(dw, fn) do { (dw)->work.func = (fn); (dw)->pending = 0; } while (0)
bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay);
extern unsigned long hp_jiffies;
#define jiffies hp_jiffies
#define HZ 250
#define msecs_to_jiffies(ms) ((unsigned long)(ms) * HZ / 1000)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)

/* ---------------------------------------------------------------- net */
#define ETH_GSTRING_LEN 32
#define NET_PTR_POISON ((void *)0x801)
struct netdev_rx_queue;
/* the fields page_pool_init() (PP_FLAG_ALLOW_UNREADABLE_NETMEM) and net/core/devmem.c read */
struct net_device {
	int ifindex;
	struct device dev;
	struct netdev_rx_queue *_rx;
	unsigned int num_rx_queues;
	unsigned int real_num_rx_queues;
};
/* include/linux/list.h: only what devmem.c touches (binding->list, never linked by the harness) */
struct list_head { struct list_head *next, *prev; };
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = entry->prev = NULL;
}
struct netlink_ext_ack { const char *msg; };
#define NL_SET_ERR_MSG(extack, m) do { if (extack) (extack)->msg = (m); hp_event("extack:%s", m); } while (0)
#define NAPI_STATE_SCHED 0
struct hp_list_head { void *next, *prev; };
struct hlist_node { struct hlist_node *next, **pprev; };
struct netdev_rx_queue;
struct napi_struct { struct hp_list_head poll_list; unsigned long state; int list_owner; };
static inline bool test_bit(int nr, const unsigned long *addr) { return (*addr >> nr) & 1; }
/* net/core/dev.h, 6.12: best-effort check that the NAPI cannot run */
static inline void napi_assert_will_not_race(const struct napi_struct *napi)
{
	if (!napi->poll_list.next)
		return;
	WARN_ON(!test_bit(NAPI_STATE_SCHED, &napi->state));
	WARN_ON(READ_ONCE(napi->list_owner) != -1);
}
/* include/linux/skbuff.h (6.12) skb_frag_t, its netmem the unsigned long that include/net/netmem.h's
 * netmem_ref is (declared after this header) */
typedef struct skb_frag {
	unsigned long netmem;
	unsigned int len;
	unsigned int offset;
} skb_frag_t;
#define MAX_SKB_FRAGS 17 /* CONFIG_MAX_SKB_FRAGS default */
/* include/linux/skbuff.h struct skb_shared_info: what page_pool.c (its alignment) and the XDP
 * return functions of net/core/xdp.c (nr_frags, frags[]: harness/xdp_shim.h) read */
struct skb_shared_info {
	unsigned long hp_align;
	u8 nr_frags;
	skb_frag_t frags[MAX_SKB_FRAGS];
};
struct xdp_mem_info { u32 type; u32 id; };
static inline int is_kernel_rodata(unsigned long addr) { (void)addr; return 1; }

/* ---------------------------------------------------------------- tracepoints */
#define trace_page_pool_state_hold(...) do { } while (0)
#define trace_page_pool_state_release(...) do { } while (0)
#define trace_page_pool_release(...) do { } while (0)
#define trace_page_pool_update_nid(...) do { } while (0)

#endif /* PPSHIM_H */
