/* ppcheck conformance shim: stands in for the kernel header <linux/poison.h>; everything lives in ppshim.h. */
#include <ppshim.h>
