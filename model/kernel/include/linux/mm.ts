/**
 * include/linux/mm.h (Linux 6.12 mainline): the page's _refcount as another
 * subsystem (a socket splice, a tap) takes and drops it. Leaves out: compound
 * pages, folios, ZONE_DEVICE pages; a page back at refcount 0 is simply free
 * (its pfmemalloc mark cleared), the allocator is not modelled further.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';

/** put_page(): drop a _refcount reference (ghost `putFreed` on a free page). */
export function putPage(t: PagePoolState, pg: number): void {
  const p = t.pages[pg];
  if (p.ref <= 0) {
    if (t.g.putFreed < 0) t.g.putFreed = pg;
    return;
  }
  p.ref--;
  if (p.ref === 0) {
    // __free_pages() -> free_pages_prepare() -> free_page_is_bad(): page_expected_state() with
    // page_pool_page_is_pp() (PP_SIGNATURE in pp_magic) -> bad_page("page_pool leak"); the
    // pool that still counts it (page->pp) would later count it back (release_cnt)
    if ((p.magic || p.pp >= 0) && t.g.badPage < 0) t.g.badPage = pg;
    p.pfm = false; // back to the page allocator (__free_pages)
  }
}

/**
 * alloc_page(GFP_ATOMIC) (include/linux/gfp.h -> the page allocator): a free frame, _refcount
 * 1; returns -1 when none is free. The page is nobody's pool page: page->pp_magic holds
 * whatever the previous owner left (page_pool_clear_pp_info() cleared PP_SIGNATURE).
 */
export function allocPage(t: PagePoolState): number {
  const pg = t.pages.findIndex((p) => p.ref === 0);
  if (pg < 0) return -1;
  t.pages[pg].ref = 1;
  return pg;
}

/** get_page(page) by another subsystem on a page an skb holds: _refcount++. */
export function get_page(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  t.pages[a.a].ref++;
  t.ext.push(a.a);
}

/** put_page(page): the other subsystem drops the reference it took. */
export function put_page(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  t.ext.shift();
  putPage(t, a.a);
}
