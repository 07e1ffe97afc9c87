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
  if (p.ref === 0) p.pfm = false; // back to the page allocator (__free_pages)
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
