/* ppcheck conformance shim: stands in for the kernel header <dev.h>; everything lives in ppshim.h. */
#include <ppshim.h>
