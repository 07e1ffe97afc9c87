/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-line parts of the kernel stand-ins declared in shim/include/ppshim.h:
 * page allocator, DMA API, xarray, workqueue, locks, slab, page_pool_user.c's
 * listing hooks, and the event log. Each records what it did in the event log.
 */
#include <stdarg.h>
#include <setjmp.h>
#include "harness.h"
#include <linux/dma-buf.h>
#include <linux/genalloc.h>
#include <net/netdev_rx_queue.h>

struct hp_ctx_state hp_ctx;
int hp_cpu_nid[NR_CPUS];
struct page hp_pages[HP_MAX_PAGES];
unsigned long hp_jiffies = 100000;
struct hp_mm_policy hp_mm = { .avail = -1, .nid = -1 };
struct hp_pool_slot hp_pool_slots[HP_MAX_POOLS];
char *hp_events[HP_MAX_EVENTS];
int hp_nevents;
int hp_dma_mapped[HP_MAX_PAGES];
jmp_buf hp_bug_jmp;

/* AddressSanitizer's defaults (setup.sh builds with -fsanitize=address,undefined): the harness
 * frees nothing at exit, so leak detection would only report that. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

const char *hp_base(const char *file)
{
	const char *s = strrchr(file, '/');
	return s ? s + 1 : file;
}

void hp_event(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* keep events printable as JSON strings without escaping */
	for (char *p = buf; *p; p++)
		if (*p == '"' || *p == '\\' || *p == '\n' || (unsigned char)*p < 0x20)
			*p = ' ';
	if (hp_nevents < HP_MAX_EVENTS)
		hp_events[hp_nevents++] = strdup(buf);
}

void hp_reset_events(void)
{
	for (int i = 0; i < hp_nevents; i++)
		free(hp_events[i]);
	hp_nevents = 0;
}

void hp_bug(void)
{
	longjmp(hp_bug_jmp, 1);
}

int hp_pool_index(const struct page_pool *pool)
{
	for (int i = 0; i < HP_MAX_POOLS; i++)
		if (pool && hp_pool_slots[i].pool == pool)
			return i;
	return -1;
}

/* ------------------------------------------------------------ locks */
void hp_lock(spinlock_t *l)
{
	/* A single-threaded replay that finds its lock taken is a self-deadlock. */
	if (l->locked)
		hp_event("deadlock:lock_already_held");
	l->locked++;
	hp_ctx.locks_held++;
}

void hp_unlock(spinlock_t *l)
{
	if (!l->locked)
		hp_event("warn:unlock_of_unlocked_lock");
	l->locked--;
	hp_ctx.locks_held--;
}

/* ------------------------------------------------------------ slab */
void *hp_kzalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);
	if (!p) {
		fprintf(stderr, "harness: out of memory\n");
		exit(255);
	}
	return p;
}

void hp_kfree(const void *p)
{
	int i = hp_pool_index(p);

	if (p && p == hp_binding) {
		/* __net_devmem_dmabuf_binding_free(): the binding really goes (AddressSanitizer
		 * reports any later access by the real code); the printer stops reading it */
		hp_binding_freed = 1;
		hp_event("binding_freed");
	}

	if (i >= 0) {
		/* The pool's memory is kept (poisoned would crash the replay); the
		 * driver refuses later steps that would touch it and reports them. */
		hp_pool_slots[i].freed = 1;
		hp_event("pool_freed:%d", i);
		return;
	}
	free((void *)p);
}

/* ------------------------------------------------------------ page allocator */
static struct page *hp_take_page(int nid, unsigned int order)
{
	if (hp_mm.avail == 0)
		return NULL;
	for (int i = 0; i < HP_MAX_PAGES; i++) {
		struct page *page = &hp_pages[i];

		if (page->hp_in_use)
			continue;
		memset(page, 0, sizeof(*page));
		page->hp_in_use = 1;
		page->hp_order = order;
		atomic_set(&page->_refcount, 1);
		if (hp_mm.nid >= 0)
			page->hp_nid = hp_mm.nid;
		else
			page->hp_nid = nid == NUMA_NO_NODE ? numa_mem_id() : nid;
		if (hp_mm.pfmemalloc)
			page->pp_magic = BIT(1); /* set_page_pfmemalloc(): lru.next = BIT(1) */
		if (hp_mm.avail > 0)
			hp_mm.avail--;
		hp_event("alloc:p%d", i);
		return page;
	}
	return NULL;
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	(void)gfp;
	return hp_take_page(nid, order);
}

/* mm/page_alloc.c __alloc_pages_bulk(): fills the NULL slots of page_array,
 * returns the number of populated slots (old and new). */
unsigned long alloc_pages_bulk_array_node(gfp_t gfp, int nid, unsigned long nr_pages,
					  struct page **page_array)
{
	unsigned long populated = 0;

	(void)gfp;
	for (unsigned long i = 0; i < nr_pages; i++) {
		if (!page_array[i]) {
			page_array[i] = hp_take_page(nid, 0);
			if (!page_array[i])
				break;
		}
		populated++;
	}
	return populated;
}

void put_page(struct page *page)
{
	int idx = (int)(page - hp_pages);

	if (!page->hp_in_use || page_ref_count(page) <= 0) {
		hp_event("warn:put_page_on_free_page:p%d", idx);
		return;
	}
	if (atomic_sub_return(1, &page->_refcount) > 0)
		return;
	/* free_pages_prepare(): a page still carrying the pp signature is a bad page */
	if (page_pool_page_is_pp(page))
		hp_event("bad_page:p%d:pp_magic_set", idx);
	if (hp_dma_mapped[idx])
		hp_event("warn:page_freed_while_dma_mapped:p%d", idx);
	page->hp_in_use = 0;
	hp_event("free:p%d", idx);
}

/* ------------------------------------------------------------ DMA API */
/* Bus addresses: page i is mapped at base + i * HP_DMA_STRIDE (+ offset), base HP_DMA_BASE unless
 * the trace sets another (`fn=mm dma_base=0x...`: the model comparison on the 32-bit builds hands
 * out the model's address, above 4 GiB on 32-dma64, or one page_pool_set_dma_addr_netmem() must
 * refuse). Each live mapping's address is kept (hp_dma_addr), so a page is found by its address
 * whatever base was in effect when it was mapped. */
#define HP_DMA_BASE 0x10000000ULL
#define HP_DMA_STRIDE 0x100000ULL /* room for high-order pages */
u64 hp_dma_addr[HP_MAX_PAGES];

int hp_dma_page_of(dma_addr_t addr)
{
	/* a live mapping first; else the page an address was last handed out for (named in the WARN) */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < HP_MAX_PAGES; i++)
			if ((pass || hp_dma_mapped[i]) && hp_dma_addr[i] && addr >= hp_dma_addr[i] &&
			    addr - hp_dma_addr[i] < HP_DMA_STRIDE)
				return i;
	return -1;
}

dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	int idx = (int)(page - hp_pages);
	u64 base = hp_mm.dma_base ? hp_mm.dma_base : HP_DMA_BASE;

	(void)dev; (void)size; (void)dir; (void)attrs;
	if (hp_mm.dma_fail) {
		hp_event("dma_map_error:p%d", idx);
		return DMA_MAPPING_ERROR;
	}
	hp_dma_mapped[idx]++;
	hp_dma_addr[idx] = base + (u64)idx * HP_DMA_STRIDE;
	hp_event("dma_map:p%d", idx);
	return (dma_addr_t)(hp_dma_addr[idx] + offset);
}

void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size,
			  enum dma_data_direction dir, unsigned long attrs)
{
	int idx = hp_dma_page_of(addr);

	(void)dev; (void)size; (void)dir; (void)attrs;
	if (idx < 0 || !hp_dma_mapped[idx]) {
		hp_event("warn:dma_unmap_of_unmapped:p%d", idx);
		return;
	}
	hp_dma_mapped[idx]--;
	hp_event("dma_unmap:p%d", idx);
}

void __dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
				  enum dma_data_direction dir)
{
	int idx = hp_dma_page_of(addr);

	(void)dev; (void)size; (void)dir;
	if (idx < 0 || !hp_dma_mapped[idx])
		hp_event("warn:dma_sync_of_unmapped:p%d", idx);
	hp_event("dma_sync_dev:p%d", idx);
}

void dma_sync_single_range_for_cpu(struct device *dev, dma_addr_t addr, unsigned long offset,
				   size_t size, enum dma_data_direction dir)
{
	int idx = hp_dma_page_of(addr);

	(void)dev; (void)offset; (void)size; (void)dir;
	if (idx < 0 || !hp_dma_mapped[idx])
		hp_event("warn:dma_sync_of_unmapped:p%d", idx);
	hp_event("dma_sync_cpu:p%d", idx);
}

/* ------------------------------------------------------------ xarray */
int xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, gfp_t gfp)
{
	(void)gfp;
	if (hp_mm.xa_fail)
		return -ENOMEM;
	for (u32 i = limit.min; i <= limit.max && i < HP_XA_SLOTS; i++) {
		if (!xa->slots[i]) {
			xa->slots[i] = entry;
			*id = i;
			return 0;
		}
	}
	return -EBUSY;
}

void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry, gfp_t gfp)
{
	void *cur;

	(void)gfp;
	if (index >= HP_XA_SLOTS)
		return NULL;
	cur = xa->slots[index];
	if (cur == old)
		xa->slots[index] = entry;
	return cur;
}

/* ------------------------------------------------------------ workqueue */
bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay)
{
	if (dw->pending)
		return false;
	dw->pending = 1;
	dw->delay = delay;
	hp_event("work_scheduled");
	return true;
}

/* ------------------------------------------------------------ net/core/page_pool_user.c */
int hp_creating_slot = -1;

int page_pool_list(struct page_pool *pool)
{
	/* called from page_pool_create_percpu(): this is where the harness learns the pointer */
	if (hp_creating_slot >= 0) {
		hp_pool_slots[hp_creating_slot].pool = pool;
		hp_pool_slots[hp_creating_slot].listed = 1;
	}
	return 0;
}

void page_pool_detached(struct page_pool *pool)
{
	int i = hp_pool_index(pool);

	if (i >= 0)
		hp_pool_slots[i].detached = 1;
	hp_event("pool_detached:%d", i);
}

void page_pool_unlist(struct page_pool *pool)
{
	int i = hp_pool_index(pool);

	if (i >= 0)
		hp_pool_slots[i].listed = 0;
}

/* ------------------------------------------------------------ devmem: dma-buf, genalloc, queue restart */
void *hp_binding;
int hp_binding_freed;
struct xarray *hp_cyclic_xa;

#define HP_DMABUF_BASE 0x80000000ULL

/* dma_buf_get(fd): the harness's dma-buf of `fd` pages of device memory */
struct dma_buf *dma_buf_get(int fd)
{
	struct dma_buf *d;

	if (fd <= 0 || fd > HP_GENPOOL_UNITS)
		return ERR_PTR(-EINVAL);
	d = hp_kzalloc(sizeof(*d));
	d->refs = 1;
	d->npages = (unsigned int)fd;
	hp_event("dma_buf_get:%d", fd);
	return d;
}

void dma_buf_put(struct dma_buf *dmabuf)
{
	if (dmabuf->refs <= 0) {
		hp_event("warn:dma_buf_put_underflow");
		return;
	}
	if (--dmabuf->refs == 0) {
		hp_event("dma_buf_released");
		free(dmabuf);
	}
}

struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf, struct device *dev)
{
	struct dma_buf_attachment *a = hp_kzalloc(sizeof(*a));

	(void)dev;
	a->dmabuf = dmabuf;
	return a;
}

void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach)
{
	if (attach->dmabuf != dmabuf || attach->mapped)
		hp_event("warn:dma_buf_detach_mismatch");
	free(attach);
}

struct sg_table *dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
						 enum dma_data_direction dir)
{
	(void)dir;
	attach->mapped = 1;
	attach->sg.dma_address = HP_DMABUF_BASE;
	attach->sg.dma_length = attach->dmabuf->npages * PAGE_SIZE;
	attach->sgt.sgl = &attach->sg;
	attach->sgt.nents = 1;
	return &attach->sgt;
}

void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach, struct sg_table *sgt,
				       enum dma_data_direction dir)
{
	(void)dir;
	if (!attach->mapped || sgt != &attach->sgt)
		hp_event("warn:dma_buf_unmap_mismatch");
	attach->mapped = 0;
}

/* lib/genalloc.c */
struct gen_pool *gen_pool_create(int min_alloc_order, int nid)
{
	struct gen_pool *p = hp_kzalloc(sizeof(*p));

	(void)nid;
	p->min_alloc_order = min_alloc_order;
	return p;
}

int gen_pool_add_owner(struct gen_pool *pool, unsigned long addr, phys_addr_t phys, size_t size,
		       int nid, void *owner)
{
	struct gen_pool_chunk *c;

	(void)phys; (void)nid;
	if (pool->nchunks == HP_GENPOOL_CHUNKS || (size >> pool->min_alloc_order) > HP_GENPOOL_UNITS)
		return -ENOMEM;
	c = &pool->chunks[pool->nchunks++];
	c->start_addr = addr;
	c->end_addr = addr + size - 1;
	c->owner = owner;
	return 0;
}

static size_t hp_chunk_units(const struct gen_pool *pool, const struct gen_pool_chunk *c)
{
	return (c->end_addr - c->start_addr + 1) >> pool->min_alloc_order;
}

unsigned long gen_pool_alloc_owner(struct gen_pool *pool, size_t size, void **owner)
{
	size_t n = (size + (1UL << pool->min_alloc_order) - 1) >> pool->min_alloc_order;

	if (owner)
		*owner = NULL;
	for (int k = 0; k < pool->nchunks; k++) {
		struct gen_pool_chunk *c = &pool->chunks[k];
		size_t units = hp_chunk_units(pool, c);

		for (size_t i = 0; i + n <= units; i++) {
			size_t j;

			for (j = 0; j < n && !c->used[i + j]; j++)
				;
			if (j < n)
				continue;
			for (j = 0; j < n; j++)
				c->used[i + j] = 1;
			if (owner)
				*owner = c->owner;
			return c->start_addr + (i << pool->min_alloc_order);
		}
	}
	return 0;
}

static struct gen_pool_chunk *hp_chunk_of(struct gen_pool *pool, unsigned long addr, size_t size)
{
	for (int k = 0; k < pool->nchunks; k++) {
		struct gen_pool_chunk *c = &pool->chunks[k];

		if (addr >= c->start_addr && addr + size - 1 <= c->end_addr)
			return c;
	}
	return NULL;
}

void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size)
{
	struct gen_pool_chunk *c = hp_chunk_of(pool, addr, size);
	size_t i, n = size >> pool->min_alloc_order;

	if (!c) {
		hp_event("bug:gen_pool_free_outside_pool");
		hp_bug();
	}
	i = (addr - c->start_addr) >> pool->min_alloc_order;
	for (size_t j = 0; j < n; j++) {
		if (!c->used[i + j]) {
			/* gen_pool_free_owner(): BUG_ON(remain) when bitmap_clear_ll() finds a clear bit */
			hp_event("bug:gen_pool_free_of_free_unit");
			hp_bug();
		}
		c->used[i + j] = 0;
	}
}

bool gen_pool_has_addr(struct gen_pool *pool, unsigned long start, size_t size)
{
	return hp_chunk_of(pool, start, size) != NULL;
}

void gen_pool_for_each_chunk(struct gen_pool *pool, genpool_chunk_fn func, void *data)
{
	for (int k = 0; k < pool->nchunks; k++)
		func(pool, &pool->chunks[k], data);
}

size_t gen_pool_size(struct gen_pool *pool)
{
	size_t s = 0;

	for (int k = 0; k < pool->nchunks; k++)
		s += pool->chunks[k].end_addr - pool->chunks[k].start_addr + 1;
	return s;
}

size_t gen_pool_avail(struct gen_pool *pool)
{
	size_t a = 0;

	for (int k = 0; k < pool->nchunks; k++) {
		struct gen_pool_chunk *c = &pool->chunks[k];

		for (size_t i = 0; i < hp_chunk_units(pool, c); i++)
			if (!c->used[i])
				a += 1UL << pool->min_alloc_order;
	}
	return a;
}

void gen_pool_destroy(struct gen_pool *pool)
{
	if (gen_pool_avail(pool) != gen_pool_size(pool))
		hp_event("bug:gen_pool_destroy_with_allocations"); /* lib/genalloc.c BUG_ON(bit < end_bit) */
	free(pool);
}

/* include/linux/xarray.h xa_alloc_cyclic() */
int xa_alloc_cyclic(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, u32 *next, gfp_t gfp)
{
	(void)gfp;
	hp_cyclic_xa = xa;
	for (int pass = 0; pass < 2; pass++) {
		u32 from = pass ? limit.min : (*next > limit.min ? *next : limit.min);

		for (u32 i = from; i <= limit.max && i < HP_XA_SLOTS; i++) {
			if (!xa->slots[i]) {
				xa->slots[i] = entry;
				*id = i;
				*next = i + 1;
				return pass;
			}
		}
	}
	return -EBUSY;
}

/* net/core/netdev_rx_queue.c netdev_rx_queue_restart(): the driver's queue restart is the
 * trace's own steps (napi_disable, RX ring teardown, page_pool_destroy, a new pool): recorded */
int netdev_rx_queue_restart(struct net_device *dev, unsigned int rxq)
{
	(void)dev;
	hp_event("rx_queue_restart:%u", rxq);
	return 0;
}
