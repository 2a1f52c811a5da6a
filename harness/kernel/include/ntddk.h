/* ntddk.h — the WDK's ntddk.h: everything of wdm.h; the shim adds nothing beyond it. */
#ifndef KSFUZZ_NTDDK_H
#define KSFUZZ_NTDDK_H

#include <wdm.h>

#endif /* KSFUZZ_NTDDK_H */
