/* ppcheck conformance shim: stands in for the kernel header <net/xdp.h>; everything lives in ppshim.h. */
#include <ppshim.h>
