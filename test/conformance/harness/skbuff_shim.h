/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stand-ins skb_split(), skb_split_inside_header() and skb_split_no_header() of
 * net/core/skbuff.c (Debian linux-source-6.12) need. setup.sh cuts their REAL text out of skbuff.c
 * into build/skbuff/skb_split.c, which includes this header; driver.c's `fn=skb_split` (without
 * `recycle=1`) builds a struct sk_buff of a harness skb around it (hp_real_skb_split) and reads the
 * frags back. Each definition below stands for the kernel one it names; only what those three
 * functions read and write is kept: lengths, a linear buffer, skb_shared_info's nr_frags, flags
 * and frags, skb->unreadable. skb_frag_ref() is skbuff_ref.h's, get_page() of the frag's page
 * (hp_get_frag_page(), driver.c).
 */
#ifndef HP_SKBUFF_SHIM_H
#define HP_SKBUFF_SHIM_H
#include "harness.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* include/linux/skbuff.h enum skb_shared_info flags (6.12 values) */
#define SKBFL_SHARED_FRAG BIT(1)
#define SKBFL_PURE_ZEROCOPY BIT(2)

/* include/linux/skbuff.h struct skb_shared_info: what skb_split() reads and writes (flags,
 * nr_frags, frags[]); ppshim.h's struct skb_shared_info is page_pool.c's, so this one has its own name */
struct hp_split_shinfo {
	u8 flags;
	u8 nr_frags;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

/* include/linux/skbuff.h struct sk_buff: the fields skb_split() touches (tail as a pointer:
 * !NET_SKBUFF_DATA_USES_OFFSET) and, in place of skb_end_pointer(), the shared info itself */
struct sk_buff {
	unsigned int len, data_len;
	unsigned char *data, *tail;
	u8 unreadable:1;
	struct hp_split_shinfo *hp_shinfo;
};
#define skb_shinfo(skb) ((skb)->hp_shinfo)

static inline unsigned int skb_headlen(const struct sk_buff *skb) { return skb->len - skb->data_len; }
static inline void skb_set_tail_pointer(struct sk_buff *skb, const int offset) { skb->tail = skb->data + offset; }
static inline void *skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb->tail;

	skb->tail += len;
	skb->len += len;
	return tmp;
}
static inline void skb_copy_from_linear_data_offset(const struct sk_buff *skb, const int offset, void *to, const unsigned int len)
{
	memcpy(to, skb->data + offset, len);
}
/* zerocopy: the harness's skbs carry no ubuf_info (skb_zcopy() is NULL), so both are no-ops, as in
 * the kernel for such an skb: skb_zcopy_downgrade_managed() tests skb_zcopy_managed(skb) (false),
 * skb_zerocopy_clone() returns 0 when `!orig uarg` */
static inline void skb_zcopy_downgrade_managed(struct sk_buff *skb) { (void)skb; }
static inline int skb_zerocopy_clone(struct sk_buff *nskb, struct sk_buff *orig, gfp_t gfp_mask)
{
	(void)nskb; (void)orig; (void)gfp_mask;
	return 0;
}
/* include/linux/skbuff.h frag accessors */
static inline unsigned int skb_frag_size(const skb_frag_t *frag) { return frag->len; }
static inline void skb_frag_size_set(skb_frag_t *frag, unsigned int size) { frag->len = size; }
static inline void skb_frag_size_sub(skb_frag_t *frag, int delta) { frag->len -= delta; }
static inline void skb_frag_off_add(skb_frag_t *frag, int delta) { frag->offset += delta; }
/* include/linux/skbuff_ref.h (6.12): __skb_frag_ref(frag) is get_page(skb_frag_page(frag)) */
void hp_get_frag_page(unsigned long netmem);
static inline void skb_frag_ref(struct sk_buff *skb, int f) { hp_get_frag_page(skb_shinfo(skb)->frags[f].netmem); }

/* the cut-out skb_split(), renamed so that no kernel header's declaration can collide */
#define skb_split hp_real_skb_split
void hp_real_skb_split(struct sk_buff *skb, struct sk_buff *skb1, const u32 len);

/*
 * driver.c's entry (declared there): split a harness skb's frags `frags[0..*nr)` at the line the
 * model names, into a fresh skb1 (`frags1`, `*nr1`), by the real skb_split(). The lengths are a
 * layout: a linear part of HP_HEADLEN bytes and frags of HP_FRAG_SIZE each; `header`: the line
 * inside the linear part (skb_split_inside_header); else at frag `k`'s start, or inside it
 * (`inside`: skb_split_no_header's split frag). Checks the lengths skb_split() leaves.
 */
#define HP_HEADLEN 100
#define HP_FRAG_SIZE 1000
void hp_skb_split(unsigned long *frags, int *nr, unsigned long *frags1, int *nr1, int header, int k, int inside, int unreadable, int *unreadable1);
void hp_skb_split(unsigned long *frags, int *nr, unsigned long *frags1, int *nr1, int header, int k, int inside, int unreadable, int *unreadable1)
{
	static unsigned char head[HP_HEADLEN], head1[HP_HEADLEN];
	struct hp_split_shinfo sh, sh1;
	struct sk_buff skb, skb1;
	u32 len, total;
	int i;

	memset(&sh, 0, sizeof(sh));
	memset(&sh1, 0, sizeof(sh1));
	memset(&skb, 0, sizeof(skb));
	memset(&skb1, 0, sizeof(skb1));
	memset(head, 0xab, sizeof(head));
	sh.nr_frags = (u8)*nr;
	for (i = 0; i < *nr; i++) {
		sh.frags[i].netmem = frags[i];
		sh.frags[i].len = HP_FRAG_SIZE;
		sh.frags[i].offset = 0;
	}
	skb.data = head;
	skb.data_len = (unsigned int)*nr * HP_FRAG_SIZE;
	skb.len = HP_HEADLEN + skb.data_len;
	skb.tail = head + HP_HEADLEN;
	skb.unreadable = unreadable ? 1 : 0;
	skb.hp_shinfo = &sh;
	skb1.data = head1; /* dev_alloc_skb() / tcp_stream_alloc_skb(): empty, room for the copy */
	skb1.tail = head1;
	skb1.hp_shinfo = &sh1;
	len = header ? HP_HEADLEN / 2 : HP_HEADLEN + (u32)k * HP_FRAG_SIZE + (inside ? HP_FRAG_SIZE / 2 : 0);
	total = skb.len;
	skb_split(&skb, &skb1, len);
	if (skb.len != len || skb1.len != total - len || skb_headlen(&skb) > HP_HEADLEN) {
		fprintf(stderr, "hp_skb_split: lengths after skb_split(): skb %u (want %u), skb1 %u (want %u)\n", skb.len, len, skb1.len, total - len);
		abort();
	}
	*nr = sh.nr_frags;
	for (i = 0; i < sh.nr_frags; i++)
		frags[i] = sh.frags[i].netmem;
	*nr1 = sh1.nr_frags;
	for (i = 0; i < sh1.nr_frags; i++)
		frags1[i] = sh1.frags[i].netmem;
	*unreadable1 = skb1.unreadable;
}
#endif /* HP_SKBUFF_SHIM_H */
