/**
 * Proposal: "the fragment batadv_frag_create() splits off a page_pool packet recycles like it".
 *
 * Mainline (6.12) splits a pp_recycle-1 skb (an RX packet of a page_pool driver, forwarded by
 * batman-adv over a link with a smaller MTU) into a dev_alloc_skb() fragment with pp_recycle 0:
 * the frags after the split line move there with their pp references, and the fragment's free
 * put_page()s them (skb_release_data -> __skb_frag_unref(frag, skb->pp_recycle = 0)): a pool
 * page freed while the pool counts it in flight (docs/findings.md).
 *
 * The patch, two lines (net/batman-adv/fragmentation.c batadv_frag_create() and
 * net/core/skbuff.c skb_split_no_header()):
 *
 *   	skb_fragment->priority = skb->priority;
 *   +	skb_fragment->pp_recycle = skb->pp_recycle;
 *
 *   	if (pos < len) {
 *   -		skb_frag_ref(skb, i);
 *   +		skb_pp_frag_ref_one(skb, i);	/* page_pool_ref_netmem() on a pp page of a
 *   +					   pp_recycle skb, else get_page(), as skb_pp_frag_ref() *\/
 *
 * The first line alone is not enough: a frag the split line crosses is then held by two
 * pp_recycle skbs, one of them by a page reference (skb_frag_ref: get_page) that its free
 * returns through napi_pp_put_page() (pp_ref_count--): the pool lets the page go
 * (page_pool_return_page: DMA unmap, pp info cleared) while the other skb still holds it as a
 * pool page -- the model's pp-ownership, the mixing 1effe8ca4e34 removed from skb_try_coalesce().
 * (Where skb_split() itself copies pp_recycle, `skb1->pp_recycle = skb->pp_recycle`, both lines
 * live in skbuff.c and cover every caller; TCP's skbs are pp_recycle 0 on both sides.)
 *
 * Check it:    npx ppcheck check --model proposals/batadv-frag-pp-recycle.ts
 * Compare it:  npx ppcheck diff --model proposals/batadv-frag-pp-recycle.ts --scenario batadv-fragment
 */
import { KIND_PAGE, KIND_PP, SKB_FREE, SPLIT_IN_HEADER, defineProposal } from '../model/proposal.ts';

export const family = defineProposal({
  id: 'batadv-frag-pp-recycle',
  description: 'batadv_frag_create(): skb_fragment->pp_recycle = skb->pp_recycle; skb_split_no_header(): a pp reference (page_pool_ref_netmem) for the crossed frag of a pp_recycle skb',
  base: 'mainline',
  scenarios: ['batadv-fragment'],
  replace: {
    batadv_frag_create(t, a, k) {
      const fragment = t.skbs.findIndex((x) => x.st === SKB_FREE); // dev_alloc_skb(): skb_split()'s skb1
      k.call('skb_split', a.a, a.b); // dev_alloc_skb() + skb_split(skb, skb_fragment, ...)
      const skb = t.skbs[a.a];
      t.skbs[fragment].ppr = skb.ppr; // + skb_fragment->pp_recycle = skb->pp_recycle;
      if (a.b === SPLIT_IN_HEADER || (a.b & 1) === 0 || !skb.ppr) return; // no frag crossed
      // the crossed frag: skb's new reference (skb_split pushed it last) becomes a pp one
      const h = t.sh[skb.sh];
      const r = h.refs[h.refs.length - 1];
      const p = t.pages[r >> 1];
      if ((r & 1) !== KIND_PAGE || !p.magic) return; // not a pool page: get_page() as before
      p.ref--; // - skb_frag_ref(skb, i)
      p.ppRef++; // + page_pool_ref_netmem(netmem)
      h.refs[h.refs.length - 1] = (r >> 1) * 2 + KIND_PP;
    },
  },
  expect: { verdict: 'ok' },
});
