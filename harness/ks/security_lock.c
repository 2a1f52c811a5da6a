/* security_lock.c — KsAcquireDeviceSecurityLock and KsReleaseDeviceSecurityLock: the device
 * header's security resource, held inside a critical region (SEMANTICS L1). */
#include "ks_internal.h"

static VOID AcquireDeviceSecurityLock(PKSIDEVICE_HEADER Header, BOOLEAN Exclusive) {
  /* ExAcquireResource*Lite require normal kernel APCs disabled until the release. */
  KeEnterCriticalRegion();
  if (Exclusive) ExAcquireResourceExclusiveLite(&Header->SecurityLock, TRUE);
  else ExAcquireResourceSharedLite(&Header->SecurityLock, TRUE);
}

static VOID ReleaseDeviceSecurityLock(PKSIDEVICE_HEADER Header) {
  ExReleaseResourceLite(&Header->SecurityLock);
  KeLeaveCriticalRegion();
}

VOID NTAPI KsAcquireDeviceSecurityLock(KSDEVICE_HEADER Header, BOOLEAN Exclusive) {
  KSFUZZ_YIELDING_VOID("KsAcquireDeviceSecurityLock", AcquireDeviceSecurityLock(Header, Exclusive));
}

VOID NTAPI KsReleaseDeviceSecurityLock(KSDEVICE_HEADER Header) {
  KSFUZZ_YIELDING_VOID("KsReleaseDeviceSecurityLock", ReleaseDeviceSecurityLock(Header));
}
