/* tests/data/extra_impl.c — extra implementations in C for ks_extra_impl_test: a routine that
 * counts its calls and forwards to ks.sys, and a mutant registered with the four-argument form. */
#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/implementation.h>

static LONG g_calls;

/// How many IRPs CountingSetSecurity has handled (the test reads it).
LONG KsfuzzTestExtraCalls(void) { return g_calls; }

static NTSTATUS NTAPI CountingSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  ++g_calls;
  return KsDispatchSetSecurity(DeviceObject, Irp);
}

static NTSTATUS NTAPI DenyingSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  Irp->IoStatus.Status = STATUS_ACCESS_DENIED;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_ACCESS_DENIED;
}

KSFUZZ_IMPLEMENTATION(extra_counting, "counts its calls, then does what ks.sys does",
                      CountingSetSecurity, NULL)
KSFUZZ_MUTANT(extra_denies_everything, "refuses every change with STATUS_ACCESS_DENIED",
              DenyingSetSecurity, KsDispatchQuerySecurity)
