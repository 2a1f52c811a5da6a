/* tests/data/extra_impl.c — extra implementations in C for ks_extra_impl_test: a routine that
 * counts its calls and forwards to ks.sys, a mutant registered with the four-argument form, and a
 * routine that reads a captured descriptor after the I/O manager freed it. */
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

/* Keeps the descriptor its SetSecurity IRP carried (the I/O manager's capture) and reads it at its
 * next SetSecurity, after the I/O manager has freed it: a use after free of a captured descriptor,
 * which ks_extra_impl_test expects the harness to report as one. */
static const volatile UCHAR *g_kept_descriptor;

static NTSTATUS NTAPI KeepingSetSecurity(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  if (g_kept_descriptor != NULL) (void)g_kept_descriptor[0];
  g_kept_descriptor = IoGetCurrentIrpStackLocation(Irp)->Parameters.SetSecurity.SecurityDescriptor;
  return KsDispatchSetSecurity(DeviceObject, Irp);
}

KSFUZZ_IMPLEMENTATION(extra_keeps_capture, "keeps the captured descriptor and reads it at its next SetSecurity",
                      KeepingSetSecurity, NULL)
