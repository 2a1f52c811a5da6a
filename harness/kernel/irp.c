/* irp.c — IRPs for the harness to send, IoCompleteRequest with completion accounting. */
#include <stdlib.h>

#include <ksfuzz/sanitizer_weak.h>

#include <ksfuzz/scheduler.h>

#include "arena.h"
#include "machinery.h"
#include "sync_internal.h"
#include "verifier.h"

#define IRP_BLOCK_MAGIC 0x4B534950u /* "PISK": marks IRPs this file built */

/* One arena block per IRP (arena.h): the completion record sits outside the part that is poisoned
 * after completion, so a second IoCompleteRequest can be detected without touching the IRP. */
typedef struct {
  ULONG Magic;
  KSFUZZ_IRP_COMPLETION Completion;
  PVOID OwnedUserBuffer;
  ULONG OwnedUserBufferLength;
  IRP Irp;
  IO_STACK_LOCATION Stack;
} IRP_BLOCK;

KSFUZZP_MACHINERY static IRP_BLOCK *BlockOf(PIRP Irp) {
  IRP_BLOCK *block = CONTAINING_RECORD(Irp, IRP_BLOCK, Irp);
  if (block->Magic != IRP_BLOCK_MAGIC) {
    fprintf(stderr, "ksfuzz: IRP %p was not built by KsfuzzIrpBuild*\n", (void *)Irp);
    abort();
  }
  return block;
}

KSFUZZP_MACHINERY static PIRP Build(UCHAR MajorFunction, PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject) {
  IRP_BLOCK *block = KsfuzzpArenaAllocate(sizeof(*block), _Alignof(IRP_BLOCK), 0);
  block->Magic = IRP_BLOCK_MAGIC;
  PIRP irp = &block->Irp;
  irp->Type = IO_TYPE_IRP;
  irp->Size = (USHORT)(sizeof(IRP) + sizeof(IO_STACK_LOCATION));
  irp->StackCount = 1;
  irp->CurrentLocation = 1;
  irp->RequestorMode = UserMode;
  irp->IoStatus.Status = STATUS_SUCCESS;
  irp->Tail.Overlay.CurrentStackLocation = &block->Stack;
  irp->Tail.Overlay.OriginalFileObject = FileObject;
  block->Stack.MajorFunction = MajorFunction;
  block->Stack.DeviceObject = DeviceObject;
  block->Stack.FileObject = FileObject;
  return irp;
}

KSFUZZP_MACHINERY PIRP KsfuzzIrpBuildSetSecurity(PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject,
                               SECURITY_INFORMATION SecurityInformation,
                               PSECURITY_DESCRIPTOR SecurityDescriptor) {
  PIRP irp = Build(IRP_MJ_SET_SECURITY, DeviceObject, FileObject);
  if (irp == NULL) return NULL;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  stack->Parameters.SetSecurity.SecurityInformation = SecurityInformation;
  stack->Parameters.SetSecurity.SecurityDescriptor = SecurityDescriptor;
  return irp;
}

KSFUZZP_MACHINERY PIRP KsfuzzIrpBuildQuerySecurity(PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject,
                                 SECURITY_INFORMATION SecurityInformation, ULONG Length) {
  PIRP irp = Build(IRP_MJ_QUERY_SECURITY, DeviceObject, FileObject);
  if (irp == NULL) return NULL;
  /* Length bytes, then a poisoned tail: a write past the buffer is an overflow wherever it lands
   * in the next KSFUZZ_IRP_BUFFER_TAIL bytes, not only in the allocator's redzone (a routine that
   * writes a whole descriptor into a short buffer jumps far past that). */
  UCHAR *buffer = KsfuzzpArenaAllocateWithTail(Length, KSFUZZ_IRP_BUFFER_TAIL, 1, KSFUZZP_ARENA_FILL);
  BlockOf(irp)->OwnedUserBuffer = buffer;
  BlockOf(irp)->OwnedUserBufferLength = Length;
  irp->UserBuffer = buffer;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  stack->Parameters.QuerySecurity.SecurityInformation = SecurityInformation;
  stack->Parameters.QuerySecurity.Length = Length;
  return irp;
}

KSFUZZP_MACHINERY PIRP KsfuzzIrpBuildClose(PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject) {
  return Build(IRP_MJ_CLOSE, DeviceObject, FileObject);
}

KSFUZZP_MACHINERY PIRP KsfuzzIrpBuildCreate(PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject) {
  return Build(IRP_MJ_CREATE, DeviceObject, FileObject);
}

KSFUZZP_MACHINERY static VOID PoisonIrp(IRP_BLOCK *Block, BOOLEAN Poison) {
  SIZE_T bytes = sizeof(Block->Irp) + sizeof(Block->Stack);
  if (Poison) ASAN_POISON_MEMORY_REGION(&Block->Irp, bytes);
  else ASAN_UNPOISON_MEMORY_REGION(&Block->Irp, bytes);
}

KSFUZZP_MACHINERY const KSFUZZ_IRP_COMPLETION *KsfuzzIrpTakeBack(PIRP Irp) {
  IRP_BLOCK *block = BlockOf(Irp);
  /* The dispatch routine has returned: what it left behind in its context is its own finding. */
  KsfuzzCheckContextAtReturn(KsfuzzpCurrentContext());
  PoisonIrp(block, FALSE);
  return &block->Completion;
}

KSFUZZP_MACHINERY const KSFUZZ_IRP_COMPLETION *KsfuzzIrpCompletion(PIRP Irp) { return &BlockOf(Irp)->Completion; }

KSFUZZP_MACHINERY BOOLEAN KsfuzzIrpIsPastUserBuffer(PIRP Irp, const VOID *Address) {
  IRP_BLOCK *block = BlockOf(Irp);
  const UCHAR *end = (const UCHAR *)block->OwnedUserBuffer + block->OwnedUserBufferLength;
  return block->OwnedUserBuffer != NULL && (const UCHAR *)Address >= end && (const UCHAR *)Address < end + KSFUZZ_IRP_BUFFER_TAIL;
}

KSFUZZP_MACHINERY VOID KsfuzzIrpFree(PIRP Irp) {
  if (Irp == NULL) return;
  IRP_BLOCK *block = BlockOf(Irp);
  PoisonIrp(block, FALSE);
  KsfuzzpArenaFree(block->OwnedUserBuffer);
  block->Magic = 0;
  KsfuzzpArenaFree(block);
}

static VOID Complete(PIRP Irp, CCHAR PriorityBoost) {
  IRP_BLOCK *block = BlockOf(Irp);
  if (block->Completion.Count++ > 0) {
    const ULONG_PTR parameters[4] = {(ULONG_PTR)Irp, 0, 0, 0};
    if (KsfuzzpVerifierRaise(KsfuzzViolationIrpCompletedTwice, KsfuzzpVerifierTick(), 0, parameters,
                             NULL, NULL))
      KsfuzzpVerifierDie(NULL);
    return; /* the IRP is poisoned: do not read it again */
  }
  block->Completion.Status = Irp->IoStatus.Status;
  block->Completion.Information = Irp->IoStatus.Information;
  block->Completion.PriorityBoost = PriorityBoost;
  if (Irp->IoStatus.Status == STATUS_PENDING || Irp->IoStatus.Status == (NTSTATUS)-1) {
    const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, (ULONG_PTR)(ULONG)Irp->IoStatus.Status,
                                     (ULONG_PTR)Irp, 0};
    if (KsfuzzpVerifierRaise(KsfuzzViolationIrpCompletedPending, KsfuzzpVerifierTick(), 0, parameters,
                             NULL, NULL))
      KsfuzzpVerifierDie(NULL);
  }
  /* From here on the IRP belongs to the I/O manager: a driver that touches it is caught. */
  PoisonIrp(block, TRUE);
}

VOID FASTCALL IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost) {
  KSFUZZ_YIELDING_VOID("IofCompleteRequest", Complete(Irp, PriorityBoost));
}

static GENERIC_MAPPING g_file_mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                                          FILE_ALL_ACCESS};

PGENERIC_MAPPING NTAPI IoGetFileObjectGenericMapping(VOID) {
  return KSFUZZ_YIELDING("IoGetFileObjectGenericMapping", &g_file_mapping);
}
