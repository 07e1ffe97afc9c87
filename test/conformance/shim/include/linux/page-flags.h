/* ppcheck conformance shim: stands in for the kernel header <linux/page-flags.h>; everything lives in ppshim.h. */
#include <ppshim.h>
