/* ppcheck conformance shim: stands in for the kernel header <asm/errno.h>; everything lives in ppshim.h. */
#include <ppshim.h>
