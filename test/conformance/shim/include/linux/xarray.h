/* ppcheck conformance shim: stands in for the kernel header <linux/xarray.h>; everything lives in ppshim.h. */
#include <ppshim.h>
