/* ppcheck conformance shim: stands in for the kernel header <net/net_debug.h>; everything lives in ppshim.h. */
#include <ppshim.h>
