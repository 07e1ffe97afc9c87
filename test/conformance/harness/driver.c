/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace driver of the ppcheck conformance harness.
 *
 * Reads a trace on stdin, one step per line of `key=value` tokens, e.g.
 *     cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0
 * sets the context predicates (cpu, ctx) and calls the real page_pool.c function
 * (or the skbuff.c logic that stands in for an skb-level action, see the
 * "skbuff.c stand-in" section), then prints the observable state as one JSON line.
 * Lines starting with '#' and blank lines are ignored.
 *
 * Exit codes: 0 ok, 2 bad trace line (one-line message on stderr).
 */
#include <setjmp.h>
#include "harness.h"
#include <net/page_pool/helpers.h>
#include "page_pool_priv.h"
#include <net/netdev_rx_queue.h>
#include <net/page_pool/memory_provider.h>
#include <linux/genalloc.h>
#include "devmem.h"
#include "xdp_shim.h"

extern jmp_buf hp_bug_jmp;

#define MAX_TOK 32
#define HP_MAX_SKBS 32
#define HP_MAX_BUFS 64
#define MAX_SKB_FRAGS 17

static int lineno;
static char retbuf[512];

static void die(const char *fmt, const char *a)
{
	fprintf(stderr, "harness: line %d: ", lineno);
	fprintf(stderr, fmt, a);
	fputc('\n', stderr);
	exit(2);
}

/* ------------------------------------------------------------ token access */
static char *keys[MAX_TOK + 1], *vals[MAX_TOK + 1];
static void hp_reset_all(void);
static int ntok;

static const char *get(const char *k)
{
	for (int i = 0; i < ntok; i++)
		if (!strcmp(keys[i], k))
			return vals[i];
	return NULL;
}

static long num(const char *k, long dflt)
{
	const char *v = get(k);
	char *end;
	long r;

	if (!v)
		return dflt;
	if (!strcmp(v, "true"))
		return 1;
	if (!strcmp(v, "false"))
		return 0;
	if (!strcmp(v, "null") || !strcmp(v, "none"))
		return -1;
	r = strtol(v, &end, 0);
	if (*end)
		die("not a number: %s", v);
	return r;
}

static long need(const char *k)
{
	if (!get(k))
		die("missing %s=", k);
	return num(k, 0);
}

/* ------------------------------------------------------------ object lookup */
static int pool_slot(bool must_exist)
{
	long i = need("pool");

	if (i < 0 || i >= HP_MAX_POOLS)
		die("pool index out of range: %s", get("pool"));
	if (must_exist && !hp_pool_slots[i].pool)
		die("pool %s was not created", get("pool"));
	return (int)i;
}

/* A step on a pool that __page_pool_destroy() already kfree()d is a use after
 * free in the kernel; the harness reports it and does not execute it. */
static bool pool_usable(int slot)
{
	if (hp_pool_slots[slot].freed) {
		hp_event("uaf:pool%d", slot);
		snprintf(retbuf, sizeof(retbuf), "\"uaf\"");
		return false;
	}
	return true;
}

/* Handles: `as=NAME` on an allocating step binds NAME to the page it returned
 * (or to nothing when it returned NULL); `page=NAME` then names that page. A
 * step on a handle bound to nothing is skipped (ret "no_page"). */
#define HP_MAX_HANDLES 256
static char *handle_names[HP_MAX_HANDLES];
static int handle_pages[HP_MAX_HANDLES];
static int nhandles;
static struct page hp_no_page; /* stands for "the handle holds no page" */

/*
 * devmem TCP (net/core/devmem.c, compiled as it is): one net_device with one RX queue; the step
 * `fn=devmem_bind niovs=N` binds a dma-buf of N pages to it (net_devmem_bind_dmabuf() +
 * net_devmem_bind_dmabuf_to_queue()), `fn=page_pool_create ... provider=1` creates a pool on that
 * queue (PP_FLAG_ALLOW_UNREADABLE_NETMEM: page_pool_init() takes the queue's mp_params). The
 * binding's net_iovs are named HP_NIOV_BASE + their index in the (one) chunk: handles and the
 * state printer use these numbers like page numbers.
 */
#define HP_NIOV_BASE 1000
static struct netdev_rx_queue hp_rxqs[1];
static struct net_device hp_netdev = { .ifindex = 1, ._rx = hp_rxqs, .num_rx_queues = 1, .real_num_rx_queues = 1 };

static struct net_devmem_dmabuf_binding *hp_live_binding(void)
{
	return hp_binding && !hp_binding_freed ? hp_binding : NULL;
}

static struct dmabuf_genpool_chunk_owner *hp_owner(void)
{
	struct net_devmem_dmabuf_binding *b = hp_live_binding();

	return b && b->chunk_pool && b->chunk_pool->nchunks ? b->chunk_pool->chunks[0].owner : NULL;
}

/* the net_iov is allocated from the binding's genpool (not free in its chunk) */
static bool hp_niov_allocated(int i)
{
	struct dmabuf_genpool_chunk_owner *o = hp_owner();

	return o && i >= 0 && (size_t)i < o->num_niovs && hp_live_binding()->chunk_pool->chunks[0].used[i];
}

/* a page or net_iov number (as printed) -> its netmem */
static netmem_ref hp_netmem_of(int idx)
{
	if (idx >= HP_NIOV_BASE) {
		struct dmabuf_genpool_chunk_owner *o = hp_owner();

		if (!o || (size_t)(idx - HP_NIOV_BASE) >= o->num_niovs)
			die("no such net_iov: %s", "(binding gone or index out of range)");
		return net_iov_to_netmem(&o->niovs[idx - HP_NIOV_BASE]);
	}
	return page_to_netmem(&hp_pages[idx]);
}

static void bind_handle(int page_idx)
{
	const char *name = get("as");
	int i;

	if (!name)
		return;
	for (i = 0; i < nhandles; i++)
		if (!strcmp(handle_names[i], name))
			break;
	if (i == nhandles) {
		if (nhandles == HP_MAX_HANDLES)
			die("too many handles%s", "");
		handle_names[nhandles++] = strdup(name);
	}
	handle_pages[i] = page_idx;
}

/* a page or net_iov argument: a handle or a number (HP_NIOV_BASE + i for a net_iov); the
 * netmem of hp_no_page when the handle holds nothing */
static netmem_ref netmem_arg(const char *key)
{
	const char *v = get(key);
	long i;

	if (!v)
		die("missing %s=", key);
	if (!(v[0] >= '0' && v[0] <= '9')) {
		for (int h = 0; h < nhandles; h++)
			if (!strcmp(handle_names[h], v))
				return handle_pages[h] < 0 ? page_to_netmem(&hp_no_page) : hp_netmem_of(handle_pages[h]);
		die("unknown page handle: %s", v);
	}
	i = num(key, -1);
	if (i < 0 || (i >= HP_MAX_PAGES && i < HP_NIOV_BASE))
		die("page index out of range: %s", v);
	return hp_netmem_of((int)i);
}

/* a page argument of a step that only takes struct page (a net_iov there is a trace error) */
static struct page *page_arg(const char *key)
{
	netmem_ref n = netmem_arg(key);

	if (netmem_is_net_iov(n))
		die("a net_iov where the step needs a struct page: %s", get(key));
	return __netmem_to_page(n);
}

static int pidx(netmem_ref n)
{
	if (!n)
		return -1;
	if (netmem_is_net_iov(n)) {
		struct dmabuf_genpool_chunk_owner *o = hp_owner();

		return o ? HP_NIOV_BASE + (int)(netmem_to_net_iov(n) - o->niovs) : -2;
	}
	return (int)(__netmem_to_page(n) - hp_pages);
}

static bool netmem_usable(netmem_ref n)
{
	if (n == page_to_netmem(&hp_no_page)) {
		snprintf(retbuf, sizeof(retbuf), "\"no_page\"");
		return false;
	}
	if (netmem_is_net_iov(n) ? !hp_niov_allocated(pidx(n) - HP_NIOV_BASE) : !__netmem_to_page(n)->hp_in_use) {
		hp_event("use_of_free_page:p%d", pidx(n));
		snprintf(retbuf, sizeof(retbuf), "\"free_page\"");
		return false;
	}
	return true;
}

static bool page_usable(struct page *page)
{
	return netmem_usable(page_to_netmem(page));
}

static void ret_page(netmem_ref n)
{
	bind_handle(pidx(n));
	if (n)
		snprintf(retbuf, sizeof(retbuf), "%d", pidx(n));
	else
		snprintf(retbuf, sizeof(retbuf), "null");
}

/* ------------------------------------------------------------ skbuff.c stand-in */
/*
 * The skb-level actions are driven through the page_pool API exactly the way
 * net/core/skbuff.c (6.12) calls it. Only what page_pool can observe is kept:
 * an skb points at a data buffer (head + skb_shared_info) shared by clones.
 */
struct hp_buf {
	int live;
	netmem_ref head;     /* head page when head_frag, 0 for a kmalloc head */
	int head_frag;
	int dataref;         /* skb_shared_info::dataref */
	int nr_frags;
	netmem_ref frags[MAX_SKB_FRAGS];
	int nr_fl;           /* skb_shared_info::frag_list, as the chain's skbs in order */
	int fl[HP_MAX_SKBS];
};
struct hp_skb {
	int live;
	int buf;
	int pp_recycle;
	int cloned;
	int unreadable; /* skb->unreadable (6.12): a net_iov frag was filled in; copied by __copy_skb_header */
};
static struct hp_buf bufs[HP_MAX_BUFS];
static struct hp_skb skbs[HP_MAX_SKBS];

static int new_buf(netmem_ref head, int head_frag)
{
	for (int i = 0; i < HP_MAX_BUFS; i++) {
		if (!bufs[i].live) {
			memset(&bufs[i], 0, sizeof(bufs[i]));
			bufs[i].live = 1;
			bufs[i].head = head;
			bufs[i].head_frag = head_frag;
			bufs[i].dataref = 1;
			return i;
		}
	}
	die("too many skb buffers%s", "");
	return -1;
}

/*
 * The new skb of skb_segment() and skb_split(): a kmalloc'd head of its own (__alloc_skb /
 * tcp_stream_alloc_skb: pp_recycle 0, not cloned), skb->unreadable copied from `from`
 * (__copy_skb_header() in skb_segment; `skb1->unreadable = skb->unreadable` in skb_split()).
 */
static struct hp_buf *new_split_skb(struct hp_skb *n, const struct hp_skb *from)
{
	if (n->live)
		die("skb %s is already live", get("new"));
	n->live = 1;
	n->buf = new_buf(0, 0);
	n->cloned = 0;
	n->pp_recycle = 0;
	n->unreadable = from->unreadable;
	return &bufs[n->buf];
}

/* harness/skbuff_shim.h (compiled with the real skb_split() of net/core/skbuff.c) */
void hp_skb_split(unsigned long *frags, int *nr, unsigned long *frags1, int *nr1, int header, int k, int inside, int unreadable, int *unreadable1);
static struct hp_skb *skb_arg(const char *key, bool must_live)
{
	long i = need(key);

	if (i < 0 || i >= HP_MAX_SKBS)
		die("skb index out of range: %s", get(key));
	if (must_live && !skbs[i].live)
		die("skb %s is not live", get(key));
	return &skbs[i];
}

/* include/linux/skbuff.h skb_cloned(): cloned and the data really shared */
static bool hp_skb_cloned(const struct hp_skb *skb)
{
	return skb->cloned && bufs[skb->buf].dataref != 1;
}

/* net/core/skbuff.c napi_pp_put_page() */
static bool hp_napi_pp_put_page(netmem_ref netmem)
{
	netmem = netmem_compound_head(netmem);

	if (unlikely(!netmem_is_pp(netmem)))
		return false;

	/* harness guard: the pool behind page->pp was freed → kernel UAF */
	{
		int slot = hp_pool_index(netmem_get_pp(netmem));
		if (slot < 0) {
			hp_event("warn:pp_points_to_unknown_pool:p%d", pidx(netmem));
			return true;
		}
		if (hp_pool_slots[slot].freed) {
			hp_event("uaf:pool%d", slot);
			return true;
		}
	}
	page_pool_put_full_netmem(netmem_get_pp(netmem), netmem, false);

	return true;
}

/* include/linux/netmem.h netmem_to_page(): WARN_ON_ONCE on a net_iov, NULL; the harness records
 * the WARN and its caller then does nothing (the kernel would go on with a NULL page) */
static struct page *hp_netmem_to_page(netmem_ref netmem)
{
	struct page *p = netmem_to_page(netmem);

	if (!p)
		hp_event("null_page_of_net_iov:p%d", pidx(netmem)); /* after netmem.h's WARN */
	return p;
}

/* skbuff_ref.h __skb_frag_ref(): get_page(skb_frag_page(frag)); a net_iov has no page (as the stand-in) */
void hp_get_frag_page(unsigned long netmem);
void hp_get_frag_page(unsigned long netmem)
{
	struct page *p = hp_netmem_to_page((netmem_ref)netmem);

	if (p)
		get_page(p);
}

/* include/linux/skbuff_ref.h skb_page_unref() */
static void hp_skb_page_unref(netmem_ref netmem, bool recycle)
{
	struct page *page;

	if (recycle && hp_napi_pp_put_page(netmem))
		return;
	page = hp_netmem_to_page(netmem); /* put_page(netmem_to_page(netmem)) */
	if (page)
		put_page(page);
}

/* skbuff.c skb_free_head(): head_frag heads go through skb_pp_recycle(), else skb_free_frag() */
static void hp_skb_free_head(struct hp_skb *skb)
{
	struct hp_buf *b = &bufs[skb->buf];

	if (b->head_frag) {
		struct page *page;

		if (skb->pp_recycle && hp_napi_pp_put_page(b->head))
			return;
		page = hp_netmem_to_page(b->head); /* skb_free_frag() -> page_frag_free(): virt_to_head_page */
		if (page)
			put_page(page);
	}
	/* else skb_kfree_head(): kmalloc'd head, no page involved */
}

static void hp_kfree_skb(struct hp_skb *skb);

/* skbuff.c skb_release_data() with skbuff.h skb_data_unref() */
static void hp_skb_release_data(struct hp_skb *skb)
{
	struct hp_buf *b = &bufs[skb->buf];

	if (skb->cloned) {
		if (b->dataref != 1 && --b->dataref != 0)
			goto exit;
	}
	for (int i = 0; i < b->nr_frags; i++)
		hp_skb_page_unref(b->frags[i], skb->pp_recycle);
	/* free_head: if (shinfo->frag_list) kfree_skb_list_reason(shinfo->frag_list, reason); */
	for (int i = 0; i < b->nr_fl; i++)
		hp_kfree_skb(&skbs[b->fl[i]]);
	b->nr_fl = 0;
	hp_skb_free_head(skb);
	b->live = 0;
exit:
	skb->pp_recycle = 0;
}

/* skbuff.c skb_pp_frag_ref() */
static int hp_skb_pp_frag_ref(struct hp_skb *skb)
{
	struct hp_buf *b = &bufs[skb->buf];

	if (!skb->pp_recycle)
		return -EINVAL;
	for (int i = 0; i < b->nr_frags; i++) {
		netmem_ref head = netmem_compound_head(b->frags[i]);
		if (likely(netmem_is_pp(head)))
			page_pool_ref_netmem(head);
		else
			page_ref_inc(netmem_to_page(head));
	}
	return 0;
}

static void hp_kfree_skb(struct hp_skb *skb)
{
	/* skb_release_all() -> skb_release_data() (head_state holds no pages), kfree_skbmem() */
	hp_skb_release_data(skb);
	skb->live = 0;
}

static bool do_skb(const char *fn)
{
	if (!strcmp(fn, "napi_build_skb") || !strcmp(fn, "build_skb") || !strcmp(fn, "alloc_skb")) {
		struct hp_skb *skb = skb_arg("skb", false);
		bool head_frag = strcmp(fn, "alloc_skb") != 0;
		netmem_ref page = head_frag ? netmem_arg("page") : 0;

		if (skb->live)
			die("skb %s is already live", get("skb"));
		if (page == page_to_netmem(&hp_no_page)) {
			/* the RX buffer allocation had failed: the skb gets a kmalloc head */
			page = 0;
			head_frag = false;
			snprintf(retbuf, sizeof(retbuf), "\"no_page\"");
		} else if (page && !netmem_usable(page)) {
			page = 0; /* reported by netmem_usable(); keep the skb so the trace goes on */
			head_frag = false;
		}
		skb->live = 1;
		skb->buf = new_buf(page, head_frag);
		skb->cloned = 0;
		skb->unreadable = 0;
		skb->pp_recycle = 0;
		if (num("recycle", 1) > 0)
			skb->pp_recycle = 1; /* skb_mark_for_recycle() */
		return true;
	}
	if (!strcmp(fn, "skb_mark_for_recycle")) {
		skb_arg("skb", true)->pp_recycle = 1;
		return true;
	}
	if (!strcmp(fn, "skb_add_rx_frag") || !strcmp(fn, "skb_add_rx_frag_netmem")) {
		/* skb_add_rx_frag_netmem() -> skb_fill_netmem_desc() -> __skb_fill_netmem_desc() */
		struct hp_skb *skb = skb_arg("skb", true);
		struct hp_buf *b = &bufs[skb->buf];
		netmem_ref page = netmem_arg("page");

		if (!netmem_usable(page))
			return true;
		if (b->nr_frags >= MAX_SKB_FRAGS)
			die("too many frags on skb %s", get("skb"));
		b->frags[b->nr_frags++] = page;
		if (netmem_is_net_iov(page)) {
			skb->unreadable = 1;
			return true;
		}
		(void)page_is_pfmemalloc(compound_head(netmem_to_page(page))); /* skb->pfmemalloc: not kept */
		return true;
	}
	if (!strcmp(fn, "tcp_recvmsg")) {
		/* net/ipv4/tcp.c tcp_recvmsg_locked() (MSG_SOCK_DEVMEM) reading the whole skb:
		 * skb_frags_readable() ? skb_copy_datagram_msg() : tcp_recvmsg_dmabuf(), then
		 * tcp_eat_recv_skb() -> __kfree_skb(). The copy is net/core/datagram.c
		 * __skb_datagram_iter(): `if (!skb_frags_readable(skb)) goto short_copy;`, then
		 * kmap_local_page(skb_frag_page(frag)) per frag (skb_frag_page(): NULL for a net_iov,
		 * netmem_to_page() for a page) */
		struct hp_skb *skb = skb_arg("skb", true);
		struct hp_buf *b = &bufs[skb->buf];

		if (!skb->unreadable) {
			for (int i = 0; i < b->nr_frags; i++)
				if (!netmem_is_net_iov(b->frags[i]))
					(void)page_address(netmem_to_page(b->frags[i])); /* kmap_local_page() */
				else
					hp_event("warn:kmap_of_null_page:p%d", pidx(b->frags[i])); /* skb_frag_page() == NULL */
			snprintf(retbuf, sizeof(retbuf), "\"copied\"");
		} else {
			/* tcp_recvmsg_dmabuf(): `if (!skb_frag_net_iov(frag))` -ENODEV; dma-buf offsets otherwise */
			for (int i = 0; i < b->nr_frags; i++)
				if (!netmem_is_net_iov(b->frags[i]))
					hp_event("pr_err:Found non-dmabuf skb with net_iov");
			snprintf(retbuf, sizeof(retbuf), "\"dmabuf\"");
		}
		hp_kfree_skb(skb);
		return true;
	}
	if (!strcmp(fn, "skb_clone")) {
		/* skbuff.c __skb_clone(): C(pp_recycle), both cloned, dataref++ */
		struct hp_skb *skb = skb_arg("skb", true);
		struct hp_skb *n = skb_arg("new", false);

		if (n->live)
			die("skb %s is already live", get("new"));
		*n = *skb;
		n->cloned = skb->cloned = 1;
		bufs[skb->buf].dataref++;
		return true;
	}
	if (!strcmp(fn, "pskb_expand_head")) {
		/* skbuff.c pskb_expand_head() */
		struct hp_skb *skb = skb_arg("skb", true);
		struct hp_buf *old = &bufs[skb->buf];
		int nb = new_buf(0, 0);

		bufs[nb].nr_frags = old->nr_frags;
		memcpy(bufs[nb].frags, old->frags, sizeof(old->frags));
		bufs[nb].nr_fl = old->nr_fl; /* the shinfo copy carries frag_list */
		memcpy(bufs[nb].fl, old->fl, sizeof(old->fl));
		if (hp_skb_cloned(skb) && old->nr_fl)
			die("pskb_expand_head: skb_clone_fraglist() (skb->users) is not emulated%s", "");
		if (hp_skb_cloned(skb)) { /* skb_cloned(): cloned and dataref != 1 */
			for (int i = 0; i < old->nr_frags; i++)
				if (hp_netmem_to_page(old->frags[i])) /* skb_frag_ref(): get_page(skb_frag_page()) */
					get_page(hp_netmem_to_page(old->frags[i]));
			hp_skb_release_data(skb);
		} else {
			hp_skb_free_head(skb);
			old->live = 0;
		}
		skb->buf = nb;
		skb->cloned = 0;
		return true;
	}
	if (!strcmp(fn, "skb_try_coalesce")) {
		/* skbuff.c skb_try_coalesce() followed by kfree_skb_partial(from, fragstolen) */
		struct hp_skb *to = skb_arg("to", true), *from = skb_arg("from", true);
		struct hp_buf *tb = &bufs[to->buf], *fb = &bufs[from->buf];
		bool stolen = false;

		if (to == from)
			die("coalesce of an skb with itself%s", "");
		bool free_on_fail = num("free_on_fail", 0) > 0; /* the caller drops @from when it cannot merge */

		if (hp_skb_cloned(to) || to->pp_recycle != from->pp_recycle)
			goto fail;
		if (!from->unreadable != !to->unreadable) /* skb_frags_readable(from) != skb_frags_readable(to) */
			goto fail;
		if (num("copy", 0) <= 0) {
			if (tb->nr_fl || fb->nr_fl) /* if (to_shinfo->frag_list || from_shinfo->frag_list) */
				goto fail;
			if (num("headlen", 0) > 0) {
				if (tb->nr_frags + fb->nr_frags >= MAX_SKB_FRAGS ||
				    !fb->head_frag || hp_skb_cloned(from) /* skb_head_is_locked() */)
					goto fail;
				tb->frags[tb->nr_frags++] = fb->head; /* skb_fill_page_desc() */
				stolen = true;
			} else if (tb->nr_frags + fb->nr_frags > MAX_SKB_FRAGS) {
				goto fail;
			}
			memcpy(tb->frags + tb->nr_frags, fb->frags, fb->nr_frags * sizeof(fb->frags[0]));
			tb->nr_frags += fb->nr_frags;
			if (!hp_skb_cloned(from))
				fb->nr_frags = 0;
			if (hp_skb_pp_frag_ref(from)) {
				for (int i = 0; i < fb->nr_frags; i++)
					if (hp_netmem_to_page(fb->frags[i])) /* __skb_frag_ref() */
						get_page(hp_netmem_to_page(fb->frags[i]));
			}
		}
		snprintf(retbuf, sizeof(retbuf), "true");
		if (stolen) {
			/* kfree_skb_partial(): only the sk_buff struct goes; head belongs to @to */
			fb->live = 0;
			from->live = 0;
		} else {
			hp_kfree_skb(from);
		}
		return true;
fail:
		snprintf(retbuf, sizeof(retbuf), "false");
		if (free_on_fail)
			hp_kfree_skb(from);
		return true;
	}
	if (!strcmp(fn, "skb_gro_receive")) {
		/* net/core/gro.c skb_gro_receive(p, skb) (6.12) on a p without frag_list, then
		 * napi_skb_finish(GRO_MERGED_FREE). headlen=0 (headlen <= offset): skb's frags move,
		 * skbinfo->nr_frags = 0, NAPI_GRO_FREE: __napi_kfree_skb(skb); else (skb->head_frag):
		 * the head page and skb's frags become p's frags, NAPI_GRO_FREE_STOLEN_HEAD:
		 * napi_skb_free_stolen_head(skb) frees only the sk_buff. The frag_list merge is not emulated. */
		struct hp_skb *p = skb_arg("p", true), *skb = skb_arg("skb", true);
		struct hp_buf *pb = &bufs[p->buf], *sb = &bufs[skb->buf];

		if (p == skb)
			die("gro receive of an skb into itself%s", "");
		if (p->pp_recycle != skb->pp_recycle) {
			snprintf(retbuf, sizeof(retbuf), "-ETOOMANYREFS");
			return true;
		}
		if (num("headlen", 1) <= 0) {
			if (pb->nr_frags + sb->nr_frags > MAX_SKB_FRAGS)
				die("skb_gro_receive: the frag_list merge is not emulated%s", "");
			memcpy(pb->frags + pb->nr_frags, sb->frags, sb->nr_frags * sizeof(sb->frags[0]));
			pb->nr_frags += sb->nr_frags;
			sb->nr_frags = 0;
			hp_kfree_skb(skb);
		} else {
			if (!sb->head_frag || pb->nr_frags + 1 + sb->nr_frags > MAX_SKB_FRAGS)
				die("skb_gro_receive: the frag_list merge is not emulated%s", "");
			pb->frags[pb->nr_frags++] = sb->head; /* skb_frag_fill_page_desc() */
			memcpy(pb->frags + pb->nr_frags, sb->frags, sb->nr_frags * sizeof(sb->frags[0]));
			pb->nr_frags += sb->nr_frags;
			sb->live = 0; /* the shinfo is inside the stolen head */
			skb->live = 0; /* napi_skb_cache_put() */
		}
		snprintf(retbuf, sizeof(retbuf), "0");
		return true;
	}
	if (!strcmp(fn, "skb_gro_receive_list")) {
		/* net/core/gro.c skb_gro_receive_list(p, skb) (6.12): skb_shinfo(p)->frag_list = skb, or
		 * NAPI_GRO_CB(p)->last->next = skb; skb keeps its head, frags and pp_recycle. */
		struct hp_skb *p = skb_arg("p", true), *skb = skb_arg("skb", true);
		struct hp_buf *pb = &bufs[p->buf];

		if (p == skb)
			die("gro receive of an skb into itself%s", "");
		pb->fl[pb->nr_fl++] = (int)(skb - skbs);
		snprintf(retbuf, sizeof(retbuf), "0");
		return true;
	}
	if (!strcmp(fn, "skb_segment")) {
		/* skbuff.c skb_segment(head_skb, features) with NETIF_F_SG as ONE segment (nskb = __alloc_skb():
		 * kmalloc'd head, pp_recycle 0): head_skb's frags, then per frag_list member its head page
		 * (skb_head_frag_to_page_desc) and frags, each `*nskb_frag = ..; __skb_frag_ref(nskb_frag)`;
		 * then validate_xmit_skb()'s consume_skb(head_skb). */
		struct hp_skb *skb = skb_arg("skb", true), *n = skb_arg("new", false);
		struct hp_buf *hb = &bufs[skb->buf];
		struct hp_buf *nb;

		nb = new_split_skb(n, skb);
		for (int i = -1; i < hb->nr_fl; i++) {
			struct hp_buf *fb = i < 0 ? hb : &bufs[skbs[hb->fl[i]].buf];

			if (i >= 0 && fb->head_frag) {
				if (nb->nr_frags >= MAX_SKB_FRAGS)
					die("skb_segment: -EINVAL (too many frags) is not emulated%s", "");
				nb->frags[nb->nr_frags++] = fb->head;
				get_page(hp_netmem_to_page(fb->head));
			}
			for (int f = 0; f < fb->nr_frags; f++) {
				if (nb->nr_frags >= MAX_SKB_FRAGS)
					die("skb_segment: -EINVAL (too many frags) is not emulated%s", "");
				nb->frags[nb->nr_frags++] = fb->frags[f];
				if (hp_netmem_to_page(fb->frags[f]))
					get_page(hp_netmem_to_page(fb->frags[f]));
			}
		}
		hp_kfree_skb(skb);
		return true;
	}
	if (!strcmp(fn, "skb_split")) {
		/* skbuff.c skb_split(skb, skb1, len) (6.12) into a fresh skb1 (tcp_stream_alloc_skb():
		 * kmalloc'd head, pp_recycle 0). header=1: skb_split_inside_header(); else
		 * skb_split_no_header() with the split line at frag `frag`'s start, or inside it.
		 * recycle=1: the fix proposed in docs/findings.md section 5 (batman-adv's
		 * batadv_frag_create(): `skb_fragment->pp_recycle = skb->pp_recycle`, and a pp reference,
		 * page_pool_ref_netmem() as skb_pp_frag_ref(), for the crossed frag of a pp page). */
		struct hp_skb *skb = skb_arg("skb", true), *n = skb_arg("new", false);
		struct hp_buf *b = &bufs[skb->buf];
		struct hp_buf *nb;
		int k = (int)num("frag", 0), nfrags = b->nr_frags, kk = 0;
		bool inside = num("inside", 0) > 0;
		bool recycle = num("recycle", 0) > 0;

		nb = new_split_skb(n, skb);
		if (!recycle) {
			/* the REAL skb_split() of net/core/skbuff.c (setup.sh's build/skbuff/skb_split.c) */
			int unr1 = 0;

			hp_skb_split(b->frags, &b->nr_frags, nb->frags, &nb->nr_frags, num("header", 0) > 0, k, inside, skb->unreadable, &unr1);
			if (unr1 != n->unreadable)
				die("skb_split: skb1->unreadable differs from skb->unreadable%s", "");
			return true;
		}
		/* recycle=1: this stand-in of 6.12's skb_split(), with the proposed fix */
		n->pp_recycle = skb->pp_recycle;
		if (num("header", 0) > 0) {
			for (int i = 0; i < nfrags; i++)
				nb->frags[i] = b->frags[i];
			nb->nr_frags = nfrags;
			b->nr_frags = 0;
			return true;
		}
		b->nr_frags = 0;
		for (int i = 0; i < nfrags; i++) {
			if (i >= k) { /* pos + size > len */
				nb->frags[kk] = b->frags[i];
				if (i == k && inside) { /* pos < len */
					netmem_ref head = netmem_compound_head(b->frags[i]);

					if (recycle && skb->pp_recycle && netmem_is_pp(head))
						page_pool_ref_netmem(head); /* the fix */
					else if (hp_netmem_to_page(b->frags[i])) /* skb_frag_ref(skb, i) */
						get_page(hp_netmem_to_page(b->frags[i]));
					b->nr_frags++;
				}
				kk++;
			} else {
				b->nr_frags++;
			}
		}
		nb->nr_frags = kk;
		return true;
	}
	if (!strcmp(fn, "skb_shift")) {
		/* skbuff.c skb_shift(tgt, skb, shiftlen) (6.12), skb_headlen(skb) == 0, neither cloned.
		 * mode 0: shiftlen == skb->len, every frag moves; 1: shiftlen below the first frag's size
		 * (no merge): __skb_frag_ref(fragfrom) for tgt; 2: the first frag merges into tgt's last
		 * (skb_can_coalesce), the rest move, __skb_frag_unref(fragfrom, skb->pp_recycle). */
		struct hp_skb *tgt = skb_arg("tgt", true), *skb = skb_arg("skb", true);
		struct hp_buf *tb = &bufs[tgt->buf], *sb = &bufs[skb->buf];
		int mode = (int)num("mode", 0), from = 0, to = tb->nr_frags;

		if (tgt == skb || hp_skb_cloned(tgt) || hp_skb_cloned(skb))
			die("skb_shift: tgt and skb must be distinct and not cloned%s", "");
		snprintf(retbuf, sizeof(retbuf), "0");
		if (mode == 1) {
			if (to == MAX_SKB_FRAGS)
				return true;
			if (hp_netmem_to_page(sb->frags[0])) /* __skb_frag_ref(fragfrom) */
				get_page(hp_netmem_to_page(sb->frags[0]));
			tb->frags[tb->nr_frags++] = sb->frags[0];
			return true;
		}
		if (mode == 2) {
			if (to < 1 || tb->frags[to - 1] != sb->frags[0])
				die("skb_shift: skb_can_coalesce() false%s", "");
			from = 1;
		}
		if (sb->nr_frags - from > MAX_SKB_FRAGS - to)
			return true;
		while (from < sb->nr_frags)
			tb->frags[to++] = sb->frags[from++];
		tb->nr_frags = to;
		if (mode == 2)
			hp_skb_page_unref(sb->frags[0], skb->pp_recycle);
		sb->nr_frags = 0;
		snprintf(retbuf, sizeof(retbuf), "1");
		return true;
	}
	if (!strcmp(fn, "kfree_skb") || !strcmp(fn, "consume_skb") || !strcmp(fn, "napi_consume_skb") ||
	    !strcmp(fn, "__kfree_skb") || !strcmp(fn, "skb_free")) {
		hp_kfree_skb(skb_arg("skb", true));
		return true;
	}
	return false;
}

/* ------------------------------------------------------------ page_pool API steps */
static unsigned int parse_flags(void)
{
	const char *f = get("flags");
	unsigned int r = 0;

	if (!f)
		return PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV;
	if (f[0] >= '0' && f[0] <= '9')
		return (unsigned int)strtoul(f, NULL, 0);
	if (strstr(f, "dma_map"))
		r |= PP_FLAG_DMA_MAP;
	if (strstr(f, "dma_sync"))
		r |= PP_FLAG_DMA_SYNC_DEV;
	if (strstr(f, "system"))
		r |= PP_FLAG_SYSTEM_POOL;
	return r;
}

static void hp_disconnect(void *pool)
{
	hp_event("xdp_disconnect:%d", hp_pool_index(pool));
}

/* a page handle or number given inside a list token (page_pool_put_page_bulk's pages=, the XDP frames' frags=) */
static struct page *list_page_tok(char *tok)
{
	struct page *pg;

	keys[ntok] = "list_page";
	vals[ntok] = tok;
	ntok++;
	pg = page_arg("list_page");
	ntok--;
	return pg;
}

static bool do_pool(const char *fn)
{
	if (!strcmp(fn, "page_pool_create")) {
		int slot = pool_slot(false);
		struct hp_pool_slot *s = &hp_pool_slots[slot];
		struct page_pool_params pp = { 0 };
		struct page_pool *pool;

		if (s->pool)
			die("pool %s already created", get("pool"));
		s->dev.need_sync = (int)num("need_sync", 1);
		s->napi.list_owner = -1;
		s->napi.poll_list.next = &s->napi.poll_list; /* netif_napi_add() */
		s->napi.state = 1UL << NAPI_STATE_SCHED;   /* disabled until napi_enable */
		pp.flags = parse_flags();
		pp.order = (unsigned int)num("order", 0);
		pp.pool_size = (unsigned int)num("pool_size", 256);
		pp.nid = (int)num("nid", NUMA_NO_NODE);
		pp.dev = &s->dev;
		pp.napi = num("napi", 1) > 0 ? &s->napi : NULL;
		if (get("napi_of")) {
			/* share another slot's NAPI instance (several pools under one NAPI) */
			long o = num("napi_of", -1);
			if (o < 0 || o >= HP_MAX_POOLS)
				die("napi_of out of range: %s", get("napi_of"));
			pp.napi = &hp_pool_slots[o].napi;
			if (o != slot) {
				s->napi.list_owner = -1;
				s->napi.poll_list.next = NULL;
			}
		}
		pp.dma_dir = DMA_FROM_DEVICE;
		pp.max_len = (unsigned int)num("max_len", PAGE_SIZE);
		pp.offset = 0;
		/* the pool is for RX queue 0 of the harness's net_device; provider=1: a driver that allows
		 * unreadable netmem there (e.g. bnxt), so page_pool_init() reads
		 * __netif_get_rx_queue(netdev, queue_idx)->mp_params (a bound dma-buf's provider, or none) */
		hp_rxqs[0].dev = &hp_netdev;
		pp.netdev = &hp_netdev;
		pp.queue_idx = 0;
		if (num("provider", 0) > 0)
			pp.flags |= PP_FLAG_ALLOW_UNREADABLE_NETMEM;
		hp_creating_slot = slot;
		if (get("cpuid"))
			pool = page_pool_create_percpu(&pp, (int)num("cpuid", -1));
		else
			pool = page_pool_create(&pp);
		hp_creating_slot = -1;
		if (IS_ERR(pool)) {
			s->pool = NULL;
			snprintf(retbuf, sizeof(retbuf), "%ld", PTR_ERR(pool));
		} else {
			s->pool = pool;
			snprintf(retbuf, sizeof(retbuf), "%d", slot);
#ifdef CONFIG_PAGE_POOL_STATS
			/* a system pool counts into the static per-CPU pp_system_recycle_stats, which
			 * lives as long as the process: each trace starts from a fresh boot's zeros */
			if (pool->system)
				memset(pool->recycle_stats, 0, NR_CPUS * sizeof(*pool->recycle_stats));
#endif
		}
		return true;
	}
	if (!strcmp(fn, "napi_enable") || !strcmp(fn, "napi_complete") || !strcmp(fn, "napi_complete_done")) {
		struct hp_pool_slot *s = &hp_pool_slots[pool_slot(true)];
		s->napi.state = 0;
		WRITE_ONCE(s->napi.list_owner, -1);
		return true;
	}
	if (!strcmp(fn, "napi_schedule") || !strcmp(fn, "__napi_schedule")) {
		/* ____napi_schedule(): list_owner = this cpu while on its poll list */
		struct hp_pool_slot *s = &hp_pool_slots[pool_slot(true)];
		s->napi.state = 1UL << NAPI_STATE_SCHED;
		WRITE_ONCE(s->napi.list_owner, (int)num("owner", hp_ctx.cpu));
		return true;
	}
	if (!strcmp(fn, "napi_disable")) {
		struct hp_pool_slot *s = &hp_pool_slots[pool_slot(true)];
		s->napi.state = 1UL << NAPI_STATE_SCHED;
		WRITE_ONCE(s->napi.list_owner, -1);
		return true;
	}
	if (!strcmp(fn, "page_pool_alloc_pages") || !strcmp(fn, "page_pool_dev_alloc_pages") ||
	    !strcmp(fn, "page_pool_alloc_netmems")) {
		int slot = pool_slot(true);
		if (!pool_usable(slot))
			return true;
		if (!strcmp(fn, "page_pool_alloc_netmems"))
			ret_page(page_pool_alloc_netmems(hp_pool_slots[slot].pool, GFP_ATOMIC | __GFP_NOWARN));
		else /* page_pool_dev_alloc_pages() = page_pool_alloc_pages(pool, GFP_ATOMIC | __GFP_NOWARN) */
			ret_page(page_to_netmem(page_pool_alloc_pages(hp_pool_slots[slot].pool, GFP_ATOMIC | __GFP_NOWARN)));
		return true;
	}
	if (!strcmp(fn, "page_pool_alloc_frag") || !strcmp(fn, "page_pool_dev_alloc_frag")) {
		int slot = pool_slot(true);
		unsigned int offset = 0;
		netmem_ref n;

		if (!pool_usable(slot))
			return true;
		/* page_pool_dev_alloc_frag() = page_pool_alloc_frag(pool, &offset, size, GFP_ATOMIC | __GFP_NOWARN) */
		n = page_to_netmem(page_pool_alloc_frag(hp_pool_slots[slot].pool, &offset,
							(unsigned int)num("size", 1024), GFP_ATOMIC | __GFP_NOWARN));
		bind_handle(pidx(n));
		if (n)
			snprintf(retbuf, sizeof(retbuf), "{\"page\":%d,\"offset\":%u}", pidx(n), offset);
		else
			snprintf(retbuf, sizeof(retbuf), "null");
		return true;
	}
	if (!strcmp(fn, "page_pool_alloc") || !strcmp(fn, "page_pool_dev_alloc")) {
		int slot = pool_slot(true);
		unsigned int offset = 0, size = (unsigned int)num("size", 1024);
		struct page *p;

		if (!pool_usable(slot))
			return true;
		p = page_pool_alloc(hp_pool_slots[slot].pool, &offset, &size, GFP_ATOMIC | __GFP_NOWARN);
		bind_handle(p ? (int)(p - hp_pages) : -1);
		if (p)
			snprintf(retbuf, sizeof(retbuf), "{\"page\":%d,\"offset\":%u,\"size\":%u}",
				 (int)(p - hp_pages), offset, size);
		else
			snprintf(retbuf, sizeof(retbuf), "null");
		return true;
	}
	if (!strcmp(fn, "page_pool_put_page") || !strcmp(fn, "page_pool_put_full_page") ||
	    !strcmp(fn, "page_pool_recycle_direct") || !strcmp(fn, "page_pool_put_unrefed_page") ||
	    !strcmp(fn, "page_pool_free_va")) {
		int slot = pool_slot(true);
		netmem_ref netmem = netmem_arg("page");
		bool direct = num("direct", 0) > 0 || !strcmp(fn, "page_pool_recycle_direct");
		unsigned int size = (unsigned int)num("size", -1);
		struct page_pool *pool = hp_pool_slots[slot].pool;

		if (!netmem_usable(netmem) || !pool_usable(slot))
			return true;
		/* the netmem forms (the page forms are page_to_netmem() wrappers of them): a net_iov of a
		 * memory provider's pool goes through the same calls */
		if (!strcmp(fn, "page_pool_put_unrefed_page"))
			page_pool_put_unrefed_netmem(pool, netmem, size, direct);
		else if (!strcmp(fn, "page_pool_put_page"))
			page_pool_put_netmem(pool, netmem, size, direct);
		else /* page_pool_put_full_page(), page_pool_recycle_direct(): page_pool_put_full_netmem() */
			page_pool_put_full_netmem(pool, netmem, direct);
		return true;
	}
	if (!strcmp(fn, "page_pool_unref_put")) {
		/* a driver's own last-user test then the unrefed put, as
		 * mlx5e_page_release_fragmented() does:
		 * if (page_pool_unref_page(page, nr) == 0) page_pool_put_unrefed_page(...) */
		int slot = pool_slot(true);
		struct page *page = page_arg("page");
		long left;

		if (!page_usable(page) || !pool_usable(slot))
			return true;
		left = page_pool_unref_page(page, num("nr", 1));
		snprintf(retbuf, sizeof(retbuf), "%ld", left);
		if (left == 0)
			page_pool_put_unrefed_page(hp_pool_slots[slot].pool, page,
						   (unsigned int)num("size", -1), num("direct", 0) > 0);
		return true;
	}
	if (!strcmp(fn, "page_pool_put_page_bulk")) {
		int slot = pool_slot(true);
		const char *list = get("pages");
		void *data[64];
		int count = 0;

		if (!list)
			die("missing pages=%s", "");
		char tmp[1024];
		snprintf(tmp, sizeof(tmp), "%s", list);
		for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok && count < 64;
		     tok = strtok_r(NULL, ",", &save)) {
			struct page *pg = list_page_tok(tok);

			if (pg == &hp_no_page)
				continue;
			if (!page_usable(pg))
				return true;
			data[count++] = page_address(pg);
		}
		if (!count) {
			snprintf(retbuf, sizeof(retbuf), "\"no_page\"");
			return true;
		}
		if (!pool_usable(slot))
			return true;
		page_pool_put_page_bulk(hp_pool_slots[slot].pool, data, count);
		return true;
	}
	if (!strcmp(fn, "page_pool_destroy") || !strcmp(fn, "xdp_rxq_info_unreg")) {
		int slot = pool_slot(true);
		if (!pool_usable(slot))
			return true;
		page_pool_destroy(hp_pool_slots[slot].pool);
		return true;
	}
	if (!strcmp(fn, "page_pool_release_retry") || !strcmp(fn, "run_work")) {
		/* the delayed work item runs when the trace says so */
		int slot = pool_slot(true);
		struct page_pool *pool = hp_pool_slots[slot].pool;

		if (!pool->release_dw.pending) {
			snprintf(retbuf, sizeof(retbuf), "\"not_pending\"");
			return true;
		}
		if (!pool_usable(slot))
			return true;
		pool->release_dw.pending = 0;
		hp_jiffies += pool->release_dw.delay;
		pool->release_dw.work.func(&pool->release_dw.work);
		return true;
	}
	if (!strcmp(fn, "page_pool_disable_direct_recycling")) {
		int slot = pool_slot(true);
		if (pool_usable(slot))
			page_pool_disable_direct_recycling(hp_pool_slots[slot].pool);
		return true;
	}
	if (!strcmp(fn, "page_pool_update_nid") || !strcmp(fn, "page_pool_nid_changed")) {
		int slot = pool_slot(true);
		if (!pool_usable(slot))
			return true;
		if (!strcmp(fn, "page_pool_nid_changed"))
			page_pool_nid_changed(hp_pool_slots[slot].pool, (int)need("nid"));
		else
			page_pool_update_nid(hp_pool_slots[slot].pool, (int)need("nid"));
		return true;
	}
	if (!strcmp(fn, "page_pool_use_xdp_mem") || !strcmp(fn, "xdp_rxq_info_reg_mem_model")) {
		int slot = pool_slot(true);
		struct xdp_mem_info mem = { .type = MEM_TYPE_PAGE_POOL, .id = (u32)slot + 1 };
		if (pool_usable(slot))
			page_pool_use_xdp_mem(hp_pool_slots[slot].pool, hp_disconnect, &mem);
		return true;
	}
	/* page-level helpers (include/net/page_pool/helpers.h) and mm refcounts */
	if (!strcmp(fn, "page_pool_ref_page") || !strcmp(fn, "page_pool_ref_netmem")) {
		struct page *page = page_arg("page");
		if (page_usable(page))
			page_pool_ref_page(page);
		return true;
	}
	if (!strcmp(fn, "page_pool_unref_page") || !strcmp(fn, "page_pool_unref_netmem")) {
		struct page *page = page_arg("page");
		if (page_usable(page))
			snprintf(retbuf, sizeof(retbuf), "%ld", page_pool_unref_page(page, num("nr", 1)));
		return true;
	}
	if (!strcmp(fn, "page_pool_fragment_page")) {
		struct page *page = page_arg("page");
		if (page_usable(page))
			page_pool_fragment_page(page, need("nr"));
		return true;
	}
	if (!strcmp(fn, "alloc_page")) {
		/* alloc_page(GFP_ATOMIC): an ordinary page from the page allocator, no pool's
		 * (a driver's copy-break or header buffer), bound to `as` */
		struct page *page = alloc_pages_node(NUMA_NO_NODE, GFP_ATOMIC, 0);

		ret_page(page ? page_to_netmem(page) : 0);
		return true;
	}
	if (!strcmp(fn, "get_page") || !strcmp(fn, "page_ref_inc")) {
		struct page *page = page_arg("page");
		if (page_usable(page))
			get_page(page);
		return true;
	}
	if (!strcmp(fn, "put_page")) {
		struct page *page = page_arg("page");
		if (page_usable(page))
			put_page(page);
		return true;
	}
	if (!strcmp(fn, "napi_pp_put_page") || !strcmp(fn, "skb_page_unref")) {
		netmem_ref netmem = netmem_arg("page");
		if (!netmem_usable(netmem))
			return true;
		if (!strcmp(fn, "skb_page_unref"))
			hp_skb_page_unref(netmem, num("recycle", 1) > 0);
		else
			snprintf(retbuf, sizeof(retbuf), hp_napi_pp_put_page(netmem) ? "true" : "false");
		return true;
	}
	if (!strcmp(fn, "devmem_bind")) {
		/* netdev_nl_bind_rx_doit(): net_devmem_bind_dmabuf(dev, fd) then
		 * net_devmem_bind_dmabuf_to_queue(dev, 0, binding) (rxq mp_params = binding, dmabuf_devmem_ops) */
		struct net_devmem_dmabuf_binding *b;
		int err;

		if (hp_binding)
			die("one binding per trace%s", "");
		hp_rxqs[0].dev = &hp_netdev;
		b = net_devmem_bind_dmabuf(&hp_netdev, (unsigned int)need("niovs"), NULL);
		if (IS_ERR(b)) {
			snprintf(retbuf, sizeof(retbuf), "%ld", PTR_ERR(b));
			return true;
		}
		hp_binding = b;
		err = net_devmem_bind_dmabuf_to_queue(&hp_netdev, 0, b, NULL);
		snprintf(retbuf, sizeof(retbuf), "%d", err);
		return true;
	}
	if (!strcmp(fn, "net_devmem_unbind_dmabuf")) {
		/* the netlink socket that bound the dma-buf closes (netdev_nl_sock_priv_destroy) */
		if (!hp_live_binding())
			die("no live binding to unbind%s", "");
		net_devmem_unbind_dmabuf(hp_binding);
		return true;
	}
	/* environment */
	if (!strcmp(fn, "mm")) {
		hp_mm.avail = (int)num("avail", hp_mm.avail);
		hp_mm.nid = (int)num("nid", hp_mm.nid);
		hp_mm.pfmemalloc = (int)num("pfmemalloc", hp_mm.pfmemalloc);
		hp_mm.dma_fail = (int)num("dma_fail", hp_mm.dma_fail);
		hp_mm.xa_fail = (int)num("xa_fail", hp_mm.xa_fail);
		if (get("dma_base")) {
			/* a 64-bit value on every build (strtol's long is 32-bit under -m32) */
			char *end;
			unsigned long long b = strtoull(get("dma_base"), &end, 0);

			if (*end || (sizeof(dma_addr_t) < 8 && b + (u64)HP_MAX_PAGES * 0x100000ULL > 0xffffffffULL))
				die("dma_base does not fit this build's dma_addr_t: %s", get("dma_base"));
			hp_mm.dma_base = b;
		}
		return true;
	}
	if (!strcmp(fn, "set_cpu_nid")) {
		long c = need("cpu_of"), n = need("nid");
		if (c < 0 || c >= NR_CPUS)
			die("cpu out of range: %s", get("cpu_of"));
		hp_cpu_nid[c] = (int)n;
		return true;
	}
	if (!strcmp(fn, "tick")) {
		hp_jiffies += (unsigned long)num("jiffies", HZ);
		return true;
	}
	if (!strcmp(fn, "nop"))
		return true;
	if (!strcmp(fn, "layout")) {
		/* this build's machine: the widths and the pp_magic constants page_pool.c was compiled
		 * with (checked against the model's ARCH_LAYOUTS / PP_MAGIC_LAYOUTS by run-arch.ts) */
		snprintf(retbuf, sizeof(retbuf),
			 "{\"long_bits\":%d,\"dma_bits\":%d,\"signature\":\"0x%lx\",\"index_shift\":%d,"
			 "\"index_bits\":%d,\"index_mask\":\"0x%lx\",\"magic_mask\":\"0x%lx\","
			 "\"split\":%s,\"off_pp_magic\":%d,\"off_pp\":%d,\"off_dma_addr\":%d,\"off_pp_ref_count\":%d}",
			 (int)(sizeof(unsigned long) * 8), (int)(sizeof(dma_addr_t) * 8), (unsigned long)PP_SIGNATURE,
			 (int)PP_DMA_INDEX_SHIFT, (int)PP_DMA_INDEX_BITS, (unsigned long)PP_DMA_INDEX_MASK,
			 (unsigned long)PP_MAGIC_MASK, PAGE_POOL_32BIT_ARCH_WITH_64BIT_DMA ? "true" : "false",
			 (int)offsetof(struct page, pp_magic), (int)offsetof(struct page, pp),
			 (int)offsetof(struct page, dma_addr), (int)offsetof(struct page, pp_ref_count));
		return true;
	}

	return false;
}

/* ------------------------------------------------------------ net/core/xdp.c (real) */
/*
 * The XDP frame return functions are the kernel's own text (setup.sh cuts them out of
 * net/core/xdp.c into build/xdp/xdp_return.c; shims in harness/xdp_shim.h). A frame of pool
 * slot K has mem { MEM_TYPE_PAGE_POOL, id K + 1 } (the id page_pool_use_xdp_mem() is given),
 * its data is page_address() of its head page, its frags are in the harness's skb_shared_info
 * next to it. Frames and the bulk queue are harness-owned (stack), never inside a page.
 *   fn=xdp_return_frame pool=K page=H frags=F[,F2]|- direct=0|1
 *        xdp_return_frame() (direct=0) or xdp_return_frame_rx_napi() (direct=1)
 *   fn=xdp_return_buff pool=K page=H frags=F|-     xdp_return_buff() (rxq->mem = pool K's)
 *   fn=xdp_return_frame_bulk frames=K:H[+F..],K2:H2[+F2..]..
 *        xdp_frame_bulk_init(&bq); rcu_read_lock(); xdp_return_frame_bulk(f, &bq) per frame;
 *        xdp_flush_frame_bulk(&bq); rcu_read_unlock() (a TX completion loop, e.g. mlx5e's)
 */
#define HP_XDP_MAX_BULK 16
static struct xdp_mem_allocator hp_xdp_allocators[HP_MAX_POOLS];
static struct xdp_rxq_info hp_xdp_rxq[HP_MAX_POOLS];

struct xdp_mem_allocator *hp_xdp_mem_lookup(u32 id)
{
	int k = (int)id - 1;

	if (k < 0 || k >= HP_MAX_POOLS || !hp_pool_slots[k].pool || hp_pool_slots[k].freed)
		return NULL; /* mem_allocator_disconnect() removed it, or it was never registered */
	hp_xdp_allocators[k].mem = (struct xdp_mem_info){ .type = MEM_TYPE_PAGE_POOL, .id = id };
	hp_xdp_allocators[k].page_pool = hp_pool_slots[k].pool;
	return &hp_xdp_allocators[k];
}

/*
 * Fill a frame's head and shared info: head page `head`, frags in `frags` separated by `sep`
 * ("-" or NULL: none). False when a page is unusable (reported in ret/events as elsewhere).
 */
static bool xdp_fill(void **data, u32 *flags, struct skb_shared_info *si, char *head, char *frags, const char *sep)
{
	struct page *pg = list_page_tok(head);

	if (pg == &hp_no_page) {
		snprintf(retbuf, sizeof(retbuf), "\"no_page\"");
		return false;
	}
	if (!page_usable(pg))
		return false;
	*data = page_address(pg);
	*flags = 0;
	memset(si, 0, sizeof(*si));
	if (!frags || !strcmp(frags, "-"))
		return true;
	for (char *save = NULL, *tok = strtok_r(frags, sep, &save); tok; tok = strtok_r(NULL, sep, &save)) {
		struct page *fp = list_page_tok(tok);

		if (si->nr_frags == MAX_SKB_FRAGS)
			die("too many frags in an XDP frame: %s", frags);
		if (fp == &hp_no_page) {
			snprintf(retbuf, sizeof(retbuf), "\"no_page\"");
			return false;
		}
		if (!page_usable(fp))
			return false;
		/* xdp_buff_add_frag()-like: skb_frag_fill_page_desc(frag, page, 0, size) */
		si->frags[si->nr_frags].netmem = page_to_netmem(fp);
		si->frags[si->nr_frags].offset = 0;
		si->frags[si->nr_frags].len = PAGE_SIZE;
		si->nr_frags++;
		*flags = XDP_FLAGS_HAS_FRAGS; /* xdp_buff_set_frags_flag() */
	}
	return true;
}

static bool xdp_frame_fill(struct hp_xdp_frame *x, int slot, char *head, char *frags, const char *sep)
{
	x->f.mem = (struct xdp_mem_info){ .type = MEM_TYPE_PAGE_POOL, .id = (u32)slot + 1 };
	return xdp_fill(&x->f.data, &x->f.flags, &x->sinfo, head, frags, sep);
}

static char *xdp_arg_copy(char *buf, size_t n, const char *key)
{
	const char *v = get(key);

	if (!v)
		return NULL;
	snprintf(buf, n, "%s", v);
	return buf;
}

static bool do_xdp(const char *fn)
{
	if (!strcmp(fn, "xdp_return_frame")) {
		struct hp_xdp_frame x;
		int slot = pool_slot(true);
		char head[64], frags[512];

		if (!xdp_arg_copy(head, sizeof(head), "page"))
			die("missing page=%s", "");
		if (!xdp_frame_fill(&x, slot, head, xdp_arg_copy(frags, sizeof(frags), "frags"), ",") || !pool_usable(slot))
			return true;
		if (num("direct", 0) > 0)
			xdp_return_frame_rx_napi(&x.f);
		else
			xdp_return_frame(&x.f);
		return true;
	}
	if (!strcmp(fn, "xdp_return_buff")) {
		struct hp_xdp_buff x;
		int slot = pool_slot(true);
		char head[64], frags[512];

		if (!xdp_arg_copy(head, sizeof(head), "page"))
			die("missing page=%s", "");
		/* the RX queue's memory model: xdp_rxq_info_reg_mem_model(rxq, MEM_TYPE_PAGE_POOL, pool) */
		hp_xdp_rxq[slot].mem = (struct xdp_mem_info){ .type = MEM_TYPE_PAGE_POOL, .id = (u32)slot + 1 };
		x.b.rxq = &hp_xdp_rxq[slot];
		if (!xdp_fill(&x.b.data, &x.b.flags, &x.sinfo, head, xdp_arg_copy(frags, sizeof(frags), "frags"), ",") ||
		    !pool_usable(slot))
			return true;
		xdp_return_buff(&x.b);
		return true;
	}
	if (!strcmp(fn, "xdp_return_frame_bulk")) {
		struct hp_xdp_frame x[HP_XDP_MAX_BULK];
		struct xdp_frame_bulk bq;
		char list[1024];
		int n = 0;

		if (!xdp_arg_copy(list, sizeof(list), "frames"))
			die("missing frames=%s", "");
		for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *colon = strchr(tok, ':'), *plus, *end;
			long slot;

			if (n == HP_XDP_MAX_BULK)
				die("too many frames in one bulk: %s", get("frames"));
			if (!colon)
				die("a bulk frame is POOL:PAGE[+FRAG..]: %s", tok);
			*colon = 0;
			slot = strtol(tok, &end, 10);
			if (*end || slot < 0 || slot >= HP_MAX_POOLS || !hp_pool_slots[slot].pool)
				die("bad pool of a bulk frame: %s", tok);
			plus = strchr(colon + 1, '+');
			if (plus)
				*plus++ = 0;
			if (!xdp_frame_fill(&x[n], (int)slot, colon + 1, plus, "+") || !pool_usable((int)slot))
				return true;
			n++;
		}
		xdp_frame_bulk_init(&bq);
		rcu_read_lock();
		for (int i = 0; i < n; i++)
			xdp_return_frame_bulk(&x[i].f, &bq);
		xdp_flush_frame_bulk(&bq);
		rcu_read_unlock();
		return true;
	}
	return false;
}

/* Start a new trace in the same process: forget every pool, page, skb and handle. */
extern struct static_key_false page_pool_mem_providers;
static void hp_reset_all(void)
{
	for (int i = 0; i < HP_MAX_POOLS; i++) {
		struct page_pool *pool = hp_pool_slots[i].pool;
		if (pool) {
			if (!hp_pool_slots[i].freed)
				free(pool->ring.queue);
			free(pool);
		}
	}
	memset(hp_pool_slots, 0, sizeof(hp_pool_slots));
	memset(hp_pages, 0, sizeof(struct page) * HP_MAX_PAGES);
	memset(hp_dma_mapped, 0, sizeof(hp_dma_mapped));
	memset(hp_dma_addr, 0, sizeof(hp_dma_addr));
	memset(skbs, 0, sizeof(skbs));
	memset(bufs, 0, sizeof(bufs));
	for (int i = 0; i < nhandles; i++)
		free(handle_names[i]);
	nhandles = 0;
	hp_mm = (struct hp_mm_policy){ .avail = -1, .nid = -1 };
	for (int i = 0; i < NR_CPUS; i++)
		hp_cpu_nid[i] = 0;
	hp_jiffies = 100000;
	memset(&hp_ctx, 0, sizeof(hp_ctx));
	page_pool_mem_providers.enabled = 0;
	/* devmem: the binding of the last trace is forgotten (leaked: the harness frees nothing it
	 * cannot free through the kernel's own paths), devmem.c's binding table emptied */
	hp_binding = NULL;
	hp_binding_freed = 0;
	memset(hp_rxqs, 0, sizeof(hp_rxqs));
	if (hp_cyclic_xa)
		xa_destroy(hp_cyclic_xa);
}

/* ------------------------------------------------------------ state printer */
static void print_pages_list(const netmem_ref *a, int n)
{
	for (int i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", pidx(a[i]));
}

#ifdef CONFIG_PAGE_POOL_STATS
/* CONFIG_PAGE_POOL_STATS: what page_pool_get_stats() reports (alloc_stats, recycle_stats summed
 * over the CPUs) and each CPU's own struct page_pool_recycle_stats (per_cpu_ptr) */
static void print_pool_stats(const struct page_pool *pool)
{
	struct page_pool_stats st;
	const struct page_pool_alloc_stats *a = &st.alloc_stats;
	const struct page_pool_recycle_stats *r = &st.recycle_stats;

	memset(&st, 0, sizeof(st)); /* "The caller is responsible to initialize stats." */
	page_pool_get_stats(pool, &st);
	printf(",\"alloc_stats\":[%llu,%llu,%llu,%llu,%llu,%llu]", (unsigned long long)a->fast,
	       (unsigned long long)a->slow, (unsigned long long)a->slow_high_order, (unsigned long long)a->empty,
	       (unsigned long long)a->refill, (unsigned long long)a->waive);
	printf(",\"recycle_stats\":[%llu,%llu,%llu,%llu,%llu]", (unsigned long long)r->cached,
	       (unsigned long long)r->cache_full, (unsigned long long)r->ring, (unsigned long long)r->ring_full,
	       (unsigned long long)r->released_refcnt);
	printf(",\"recycle_percpu\":[");
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct page_pool_recycle_stats *c = per_cpu_ptr(pool->recycle_stats, cpu);
		printf("%s[%llu,%llu,%llu,%llu,%llu]", cpu ? "," : "", (unsigned long long)c->cached,
		       (unsigned long long)c->cache_full, (unsigned long long)c->ring, (unsigned long long)c->ring_full,
		       (unsigned long long)c->released_refcnt);
	}
	printf("]");
}
#endif

static void print_state(int step, const char *fn)
{
	int first;

	printf("{\"step\":%d,\"fn\":\"%s\",\"cpu\":%d,\"ctx\":%d,\"ret\":%s,\"events\":[",
	       step, fn, hp_ctx.cpu, (int)hp_ctx.ctx, retbuf);
	for (int i = 0; i < hp_nevents; i++)
		printf("%s\"%s\"", i ? "," : "", hp_events[i]);
	printf("],\"pages\":{");
	first = 1;
	for (int i = 0; i < HP_MAX_PAGES; i++) {
		struct page *p = &hp_pages[i];
		if (!p->hp_in_use)
			continue;
		long ppref = atomic_long_read(&p->pp_ref_count);
		printf("%s\"%d\":{\"ref\":%d,\"pp_ref\":", first ? "" : ",", i, page_ref_count(p));
		/* values near BIAS_MAX (frag pages) do not fit a JSON double: print them symbolically */
		if (ppref > (LONG_MAX >> 2))
			printf("\"BIAS_MAX-%ld\"", (LONG_MAX >> 1) - ppref);
		else
			printf("%ld", ppref);
		printf(",\"pp\":");
		if (p->pp)
			printf("%d", hp_pool_index(p->pp));
		else
			printf("null");
		printf(",\"pp_magic\":%s,\"dma\":%d,\"dma_index\":%lu,\"dma_addr\":%lu,\"nid\":%d,\"pfmemalloc\":%s",
		       page_pool_page_is_pp(p) ? "true" : "false", hp_dma_mapped[i],
		       (p->pp_magic & PP_DMA_INDEX_MASK) >> PP_DMA_INDEX_SHIFT, (unsigned long)p->dma_addr, p->hp_nid,
		       page_is_pfmemalloc(p) ? "true" : "false");
		/* the words as stored (hex: above 2^53 on x86_64), and the bus address the DMA API
		 * handed out for the page's last mapping (the model comparison's frame, see model-compare.ts) */
		printf(",\"pp_magic_word\":\"0x%lx\",\"dma_addr_word\":\"0x%lx\",\"dma_map_addr\":\"0x%llx\"}",
		       p->pp_magic, p->dma_addr, (unsigned long long)hp_dma_addr[i]);
		first = 0;
	}
	/* the binding's allocated net_iovs (free ones are the genpool's, as free pages are the allocator's) */
	for (int i = 0; hp_owner() && (size_t)i < hp_owner()->num_niovs; i++) {
		struct net_iov *n = &hp_owner()->niovs[i];
		netmem_ref nm = net_iov_to_netmem(n);

		if (!hp_niov_allocated(i))
			continue;
		printf("%s\"%d\":{\"niov\":true,\"ref\":%d,\"pp_ref\":%ld,\"pp\":", first ? "" : ",", HP_NIOV_BASE + i,
		       netmem_ref_count(nm), atomic_long_read(&n->pp_ref_count));
		if (n->pp)
			printf("%d", hp_pool_index(n->pp));
		else
			printf("null");
		printf(",\"pp_magic\":%s,\"dma\":0,\"dma_index\":%lu,\"dma_addr\":%lu,\"nid\":-1,\"pfmemalloc\":%s}",
		       (n->pp_magic & PP_MAGIC_MASK) == PP_SIGNATURE ? "true" : "false",
		       (n->pp_magic & PP_DMA_INDEX_MASK) >> PP_DMA_INDEX_SHIFT, (unsigned long)n->dma_addr,
		       netmem_is_pfmemalloc(nm) ? "true" : "false");
		first = 0;
	}
	printf("},\"binding\":");
	if (!hp_binding)
		printf("null");
	else if (hp_binding_freed)
		printf("{\"freed\":true,\"ref\":0,\"bound\":%s}", hp_rxqs[0].mp_params.mp_priv ? "true" : "false");
	else
		printf("{\"freed\":false,\"ref\":%d,\"bound\":%s}",
		       ((struct net_devmem_dmabuf_binding *)hp_binding)->ref.refs.counter,
		       hp_rxqs[0].mp_params.mp_priv ? "true" : "false");
	printf(",\"mem_providers\":%d,\"pools\":[", page_pool_mem_providers.enabled);
	first = 1;
	for (int i = 0; i < HP_MAX_POOLS; i++) {
		struct hp_pool_slot *s = &hp_pool_slots[i];
		struct page_pool *pool = s->pool;
		if (!pool)
			continue;
		printf("%s{\"id\":%d,\"freed\":%s,\"hold\":%u,\"release\":%d,\"destroy_cnt\":%llu,"
		       "\"user_cnt\":%d,\"napi_owner\":%d", first ? "" : ",", i, s->freed ? "true" : "false",
		       pool->pages_state_hold_cnt, atomic_read(&pool->pages_state_release_cnt),
		       (unsigned long long)pool->destroy_cnt, pool->user_cnt.refs.counter, s->napi.list_owner);
		first = 0;
		if (!s->freed) {
			struct ptr_ring *r = &pool->ring;
			int n = 0;
			printf(",\"cache\":[");
			print_pages_list(pool->alloc.cache, (int)pool->alloc.count);
			printf("],\"ring\":[");
			for (int k = 0, j = r->consumer_head; k < r->size && r->queue[j]; k++) {
				printf("%s%d", n++ ? "," : "", pidx((netmem_ref)r->queue[j]));
				if (++j >= r->size)
					j = 0;
			}
			printf("],\"ring_size\":%d,\"frag_page\":", r->size);
			if (pool->frag_page)
				printf("%d", pidx(pool->frag_page));
			else
				printf("null");
			printf(",\"mp\":%s", pool->mp_ops ? "true" : "false");
			printf(",\"frag_users\":%ld,\"frag_offset\":%u,\"cpuid\":%d,\"napi\":%s,"
			       "\"dma_sync\":%s,\"nid\":%d,\"work_pending\":%s,\"detached\":%s,\"xa\":{",
			       pool->frag_users, pool->frag_offset, pool->cpuid,
			       pool->p.napi ? "true" : "false", pool->dma_sync ? "true" : "false",
			       pool->p.nid, pool->release_dw.pending ? "true" : "false",
			       s->detached ? "true" : "false");
			n = 0;
			for (int k = 0; k < HP_XA_SLOTS; k++)
				if (pool->dma_mapped.slots[k])
					printf("%s\"%d\":%d", n++ ? "," : "", k,
					       (int)((struct page *)pool->dma_mapped.slots[k] - hp_pages));
			printf("}");
#ifdef CONFIG_PAGE_POOL_STATS
			print_pool_stats(pool);
#endif
		} else {
			printf(",\"work_pending\":%s", pool->release_dw.pending ? "true" : "false");
		}
		printf("}");
	}
	printf("],\"skbs\":[");
	first = 1;
	for (int i = 0; i < HP_MAX_SKBS; i++) {
		struct hp_skb *s = &skbs[i];
		struct hp_buf *b;
		if (!s->live)
			continue;
		b = &bufs[s->buf];
		printf("%s{\"id\":%d,\"buf\":%d,\"pp_recycle\":%d,\"cloned\":%d,\"unreadable\":%d,\"dataref\":%d,\"head\":",
		       first ? "" : ",", i, s->buf, s->pp_recycle, s->cloned, s->unreadable, b->dataref);
		if (b->head_frag && b->head)
			printf("%d", pidx(b->head));
		else
			printf("null");
		printf(",\"frags\":[");
		for (int k = 0; k < b->nr_frags; k++)
			printf("%s%d", k ? "," : "", pidx(b->frags[k]));
		printf("]}");
		first = 0;
	}
	printf("]}\n");
	fflush(stdout);
}

/* ------------------------------------------------------------ main loop */
static enum hp_context parse_ctx(const char *c)
{
	if (!c || !strcmp(c, "process") || !strcmp(c, "task"))
		return HP_PROCESS;
	if (!strcmp(c, "bh") || !strcmp(c, "bh_disabled"))
		return HP_BH;
	if (!strcmp(c, "softirq") || !strcmp(c, "napi"))
		return HP_SOFTIRQ;
	if (!strcmp(c, "hardirq") || !strcmp(c, "irq"))
		return HP_HARDIRQ;
	die("unknown ctx=%s", c);
	return HP_PROCESS;
}

int main(void)
{
	char line[4096];
	int step = 0;

	for (int i = 0; i < NR_CPUS; i++)
		hp_cpu_nid[i] = 0;
	while (fgets(line, sizeof(line), stdin)) {
		char *p = line, *fn;

		lineno++;
		ntok = 0;
		while (*p) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				*p++ = 0;
			if (!*p || *p == '#')
				break;
			if (ntok == MAX_TOK)
				die("too many tokens%s", "");
			keys[ntok] = p;
			while (*p && *p != '=' && *p != ' ' && *p != '\t' && *p != '\n')
				p++;
			if (*p != '=')
				die("token without '=': %s", keys[ntok]);
			*p++ = 0;
			vals[ntok++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
		}
		if (!ntok)
			continue;
		fn = (char *)get("fn");
		if (!fn)
			die("missing fn=%s", "");
		if (!strcmp(fn, "reset")) {
			/* a new trace starts in the same process */
			hp_reset_all();
			hp_reset_events();
			printf("{\"reset\":true}\n");
			step = 0;
			continue;
		}
		hp_ctx.cpu = (int)num("cpu", 0);
		if (hp_ctx.cpu < 0 || hp_ctx.cpu >= NR_CPUS)
			die("cpu out of range: %s", get("cpu"));
		hp_ctx.ctx = parse_ctx(get("ctx"));
		hp_ctx.bh_disabled = 0;
		hp_ctx.locks_held = 0;
		hp_ctx.rcu_depth = 0;
		hp_reset_events();
		snprintf(retbuf, sizeof(retbuf), "null");
		if (setjmp(hp_bug_jmp) == 0) {
			if (!do_pool(fn) && !do_skb(fn) && !do_xdp(fn))
				die("unknown fn=%s", fn);
		} else {
			snprintf(retbuf, sizeof(retbuf), "\"BUG\"");
		}
		if (hp_ctx.locks_held || hp_ctx.bh_disabled || hp_ctx.rcu_depth)
			hp_event("warn:unbalanced_locking_after_step");
		print_state(step, fn);
		step++;
	}
	return 0;
}
