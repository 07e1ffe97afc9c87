/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stand-ins the XDP frame return functions of net/core/xdp.c need (Debian linux-source-6.12):
 * __xdp_return, xdp_return_frame, xdp_return_frame_rx_napi, xdp_flush_frame_bulk,
 * xdp_return_frame_bulk, xdp_return_buff. setup.sh cuts their REAL text out of xdp.c into
 * build/xdp/xdp_return.c, which defines HP_XDP_C and includes this header; the trace driver
 * (driver.c) includes it for the types. Each definition below stands for the kernel one it
 * names; only what those six functions read is kept.
 */
#ifndef HP_XDP_SHIM_H
#define HP_XDP_SHIM_H
#include "harness.h"
#include <net/page_pool/helpers.h>

/* include/net/xdp.h enum xdp_mem_type (6.12, values as there) */
enum xdp_mem_type {
	MEM_TYPE_PAGE_SHARED = 0, /* Split-page refcnt based model */
	MEM_TYPE_PAGE_ORDER0,     /* Orig XDP full page model */
	MEM_TYPE_PAGE_POOL,
	MEM_TYPE_XSK_BUFF_POOL,
	MEM_TYPE_MAX,
};
/* struct xdp_mem_info { u32 type; u32 id; } is ppshim.h's (page_pool_use_xdp_mem() takes one) */

/* include/net/xdp.h enum xdp_buff_flags */
#define XDP_FLAGS_HAS_FRAGS BIT(0) /* non-linear xdp buff */

/* include/net/xdp.h struct xdp_rxq_info: only its mem (xdp_return_buff() reads xdp->rxq->mem) */
struct xdp_rxq_info {
	struct xdp_mem_info mem;
};

/* include/net/xdp.h struct xdp_buff: the fields the return path reads */
struct xdp_buff {
	void *data;
	struct xdp_rxq_info *rxq;
	u32 flags; /* supported values defined in xdp_buff_flags */
};

/* include/net/xdp.h struct xdp_frame: the fields the return path reads */
struct xdp_frame {
	void *data;
	struct xdp_mem_info mem;
	u32 flags; /* supported values defined in xdp_buff_flags */
};

/*
 * A frame or buff of the harness with its skb_shared_info. In the kernel the shared info lives at
 * the tail of the head buffer (xdp_get_shared_info_from_frame(): data_hard_start + frame_sz -
 * SKB_DATA_ALIGN(sizeof(struct skb_shared_info))); the shim's page_address() is the struct page
 * itself, so the harness keeps it next to the frame instead (never inside the page).
 */
struct hp_xdp_frame {
	struct xdp_frame f;
	struct skb_shared_info sinfo;
};
struct hp_xdp_buff {
	struct xdp_buff b;
	struct skb_shared_info sinfo;
};

/* include/net/xdp.h xdp_frame_has_frags(), xdp_buff_has_frags() (as there) */
static __always_inline bool xdp_frame_has_frags(const struct xdp_frame *frame)
{
	return !!(frame->flags & XDP_FLAGS_HAS_FRAGS);
}
static __always_inline bool xdp_buff_has_frags(const struct xdp_buff *xdp)
{
	return !!(xdp->flags & XDP_FLAGS_HAS_FRAGS);
}
/* include/net/xdp.h xdp_get_shared_info_from_frame() / _from_buff(): the harness's shared info */
static inline struct skb_shared_info *xdp_get_shared_info_from_frame(const struct xdp_frame *frame)
{
	return &container_of(frame, struct hp_xdp_frame, f)->sinfo;
}
static inline struct skb_shared_info *xdp_get_shared_info_from_buff(const struct xdp_buff *xdp)
{
	return &container_of(xdp, struct hp_xdp_buff, b)->sinfo;
}

/*
 * include/net/xdp.h `#define XDP_BULK_QUEUE_SIZE 16`, SCALED to 2: the model's XDP_BULK_QUEUE_SIZE
 * (model/kernel/net/core/xdp.ts), as PP_ALLOC_CACHE_SIZE is scaled in the harness-cacheN builds.
 * This is the only value of the return path that differs from 6.12 (setup.sh checks that the real
 * header still says 16). struct xdp_frame_bulk and xdp_frame_bulk_init() as there.
 */
#define XDP_BULK_QUEUE_SIZE 2
struct xdp_frame_bulk {
	int count;
	void *xa;
	void *q[XDP_BULK_QUEUE_SIZE];
};
static __always_inline void xdp_frame_bulk_init(struct xdp_frame_bulk *bq)
{
	/* bq->count will be zero'ed when bq->xa gets updated */
	bq->xa = NULL;
}

/* include/net/xdp_priv.h struct xdp_mem_allocator (its rhash_head and rcu_head left out) */
struct xdp_mem_allocator {
	struct xdp_mem_info mem;
	union {
		void *allocator;
		struct page_pool *page_pool;
	};
};

/*
 * The mem id table (xdp.c's rhashtable mem_id_ht, filled by xdp_reg_mem_model(), emptied by
 * mem_allocator_disconnect() when the pool is released): the harness's pool slot K has mem
 * { MEM_TYPE_PAGE_POOL, id K + 1 }; NULL for an id whose pool does not exist (driver.c).
 */
struct xdp_mem_allocator *hp_xdp_mem_lookup(u32 id);

/* net/core/xdp.c, include/net/xdp.h */
void __xdp_return(void *data, struct xdp_mem_info *mem, bool napi_direct, struct xdp_buff *xdp);
void xdp_return_frame(struct xdp_frame *xdpf);
void xdp_return_frame_rx_napi(struct xdp_frame *xdpf);
void xdp_flush_frame_bulk(struct xdp_frame_bulk *bq);
void xdp_return_frame_bulk(struct xdp_frame *xdpf, struct xdp_frame_bulk *bq);
void xdp_return_buff(struct xdp_buff *xdp);

#ifdef HP_XDP_C
/* ------------------------------------------- what the extracted xdp.c text itself refers to */
/* include/linux/rhashtable.h: only rhashtable_lookup() on xdp.c's mem_id_ht */
struct rhashtable { int hp_unused; };
struct rhashtable_params { int hp_unused; };
static struct rhashtable hp_mem_id_ht;
static struct rhashtable *mem_id_ht = &hp_mem_id_ht;   /* xdp.c: static struct rhashtable *mem_id_ht */
static const struct rhashtable_params mem_id_rht_params; /* xdp.c: key mem.id, hash = the id */
static inline void *rhashtable_lookup(struct rhashtable *ht, const void *key, const struct rhashtable_params params)
{
	(void)ht;
	(void)params;
	return hp_xdp_mem_lookup(*(const u32 *)key);
}

/* include/linux/skbuff.h (6.12): skb_frag_page(), skb_frag_off(), skb_frag_address() as there */
static inline bool skb_frag_is_net_iov(const skb_frag_t *frag)
{
	return netmem_is_net_iov(frag->netmem);
}
static inline struct page *skb_frag_page(const skb_frag_t *frag)
{
	if (skb_frag_is_net_iov(frag))
		return NULL;

	return netmem_to_page(frag->netmem);
}
static inline unsigned int skb_frag_off(const skb_frag_t *frag)
{
	return frag->offset;
}
static inline void *skb_frag_address(const skb_frag_t *frag)
{
	if (!skb_frag_page(frag))
		return NULL;

	return page_address(skb_frag_page(frag)) + skb_frag_off(frag);
}

/* include/linux/filter.h xdp_return_frame_no_direct(): BPF_RI_F_RF_NO_DIRECT is set only by
 * xdp_do_flush()'s callers of cpumap/devmap around their own returns; no trace sets it */
static inline bool xdp_return_frame_no_direct(void)
{
	return false;
}

/* the other memory types: every harness frame is MEM_TYPE_PAGE_POOL, so these are never reached
 * (mm/page_frag_cache.c page_frag_free, net/xdp/xsk_buff_pool.c xsk_buff_free; the ORDER0 case's
 * put_page() is the shim's) */
static inline void page_frag_free(void *addr)
{
	(void)addr;
	fprintf(stderr, "harness: page_frag_free() reached (MEM_TYPE_PAGE_SHARED)\n");
	abort();
}
static inline void xsk_buff_free(struct xdp_buff *xdp)
{
	(void)xdp;
	fprintf(stderr, "harness: xsk_buff_free() reached (MEM_TYPE_XSK_BUFF_POOL)\n");
	abort();
}
#endif /* HP_XDP_C */
#endif /* HP_XDP_SHIM_H */
