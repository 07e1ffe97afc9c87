/* ppcheck conformance shim: stands in for the kernel header <trace/events/page_pool.h>; everything lives in ppshim.h. */
#include <ppshim.h>
