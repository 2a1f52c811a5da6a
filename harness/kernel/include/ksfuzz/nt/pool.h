/* ksfuzz/nt/pool.h — POOL_TYPE, POOL_FLAGS and the Ex pool routines, backed by the pool ledger. */
#ifndef KSFUZZ_NT_POOL_H
#define KSFUZZ_NT_POOL_H

#include <ntdef.h>

KSFUZZ_EXTERN_C_BEGIN

typedef enum _POOL_TYPE {
  NonPagedPool = 0,
  NonPagedPoolExecute = NonPagedPool,
  PagedPool = 1,
  NonPagedPoolMustSucceed = NonPagedPool + 2,
  DontUseThisType = 3,
  NonPagedPoolCacheAligned = NonPagedPool + 4,
  PagedPoolCacheAligned = 5,
  NonPagedPoolCacheAlignedMustS = NonPagedPool + 6,
  MaxPoolType = 7,
  NonPagedPoolBase = 0,
  NonPagedPoolBaseMustSucceed = NonPagedPoolBase + 2,
  NonPagedPoolBaseCacheAligned = NonPagedPoolBase + 4,
  NonPagedPoolBaseCacheAlignedMustS = NonPagedPoolBase + 6,
  NonPagedPoolSession = 32,
  PagedPoolSession = NonPagedPoolSession + 1,
  NonPagedPoolMustSucceedSession = PagedPoolSession + 1,
  DontUseThisTypeSession = NonPagedPoolMustSucceedSession + 1,
  NonPagedPoolCacheAlignedSession = DontUseThisTypeSession + 1,
  PagedPoolCacheAlignedSession = NonPagedPoolCacheAlignedSession + 1,
  NonPagedPoolCacheAlignedMustSSession = PagedPoolCacheAlignedSession + 1,
  NonPagedPoolNx = 512,
  NonPagedPoolNxCacheAligned = NonPagedPoolNx + 4,
  NonPagedPoolSessionNx = NonPagedPoolNx + 32
} POOL_TYPE;

/* Modifiers OR-ed into a POOL_TYPE. */
#define POOL_QUOTA_FAIL_INSTEAD_OF_RAISE 8
#define POOL_RAISE_IF_ALLOCATION_FAILURE 16
#define POOL_COLD_ALLOCATION 256
#define POOL_NX_ALLOCATION 512

typedef ULONG64 POOL_FLAGS;

#define POOL_FLAG_REQUIRED_START 0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ULL
#define POOL_FLAG_SESSION 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ULL
#define POOL_FLAG_RESERVED1 0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ULL
#define POOL_FLAG_PAGED 0x0000000000000100ULL
#define POOL_FLAG_RESERVED2 0x0000000000000200ULL
#define POOL_FLAG_RESERVED3 0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END 0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START 0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL 0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END 0x8000000000000000ULL

/* A tag with this bit set must be freed with ExFreePoolWithTag and the same tag. */
#define PROTECTED_POOL 0x80000000UL

#define PAGE_SIZE 0x1000
#define PAGE_SHIFT 12

/// A block of exactly NumberOfBytes (16-aligned; page-aligned from a page up), or NULL when the
/// ledger's fault plan fails this allocation. Contents uninitialised, as the kernel's are.
/// POOL_RAISE_IF_ALLOCATION_FAILURE does not raise here: the failure returns NULL (documented
/// shim limitation; ksfuzz has no exception mechanism that C driver code could unwind through).
/// NumberOfBytes 0 is a Driver Verifier violation (0xC4/0x00).
NTKERNELAPI PVOID NTAPI ExAllocatePoolWithTag(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
                                              _In_ ULONG Tag);
/// As ExAllocatePoolWithTag; zeroed unless POOL_FLAG_UNINITIALIZED. NULL for tag 0, for flags
/// outside the known set, or unless exactly one of NON_PAGED, NON_PAGED_EXECUTE, PAGED is given.
/// POOL_FLAG_RAISE_ON_FAILURE returns NULL as well (see above).
NTKERNELAPI PVOID NTAPI ExAllocatePool2(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes,
                                        _In_ ULONG Tag);
/// Frees a block the pool handed out; every misuse is reported by the ledger (double free,
/// interior or foreign pointer, protected tag).
NTKERNELAPI VOID NTAPI ExFreePool(_In_ PVOID P);
/// As ExFreePool, and Tag must equal the allocation's tag (0xC2/0x0A otherwise).
NTKERNELAPI VOID NTAPI ExFreePoolWithTag(_In_ PVOID P, _In_ ULONG Tag);

/* Where each call is: NOT WDK. Driver code calls the four routines above by their names; these
 * macros turn each call into the ...At variant with the caller's file:line, which the pool ledger
 * prints with the block's history ("allocated by ... (ExAllocatePoolWithTag at my_driver.c:41)").
 * The origin travels as an argument, not a global, so it stays right when an IRP's context yields
 * inside the call. Only calls are rewritten: `&ExFreePool` is still the routine itself. Define
 * KSFUZZ_POOL_NO_ORIGIN before including to turn the rewriting off. */
NTKERNELAPI PVOID NTAPI KsfuzzExAllocatePoolWithTagAt(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
                                                      _In_ ULONG Tag, _In_opt_z_ PCSTR Origin);
NTKERNELAPI PVOID NTAPI KsfuzzExAllocatePool2At(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes,
                                                _In_ ULONG Tag, _In_opt_z_ PCSTR Origin);
NTKERNELAPI VOID NTAPI KsfuzzExFreePoolAt(_In_ PVOID P, _In_opt_z_ PCSTR Origin);
NTKERNELAPI VOID NTAPI KsfuzzExFreePoolWithTagAt(_In_ PVOID P, _In_ ULONG Tag, _In_opt_z_ PCSTR Origin);

#define KSFUZZ_STRINGIZE_(x) #x
#define KSFUZZ_STRINGIZE(x) KSFUZZ_STRINGIZE_(x)
#ifdef __FILE_NAME__
/* The base name: the same report wherever the tree is checked out. */
#define KSFUZZ_ORIGIN __FILE_NAME__ ":" KSFUZZ_STRINGIZE(__LINE__)
#else
#define KSFUZZ_ORIGIN __FILE__ ":" KSFUZZ_STRINGIZE(__LINE__)
#endif

#ifndef KSFUZZ_POOL_NO_ORIGIN
#define ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag) \
  KsfuzzExAllocatePoolWithTagAt((PoolType), (NumberOfBytes), (Tag), KSFUZZ_ORIGIN)
#define ExAllocatePool2(Flags, NumberOfBytes, Tag) \
  KsfuzzExAllocatePool2At((Flags), (NumberOfBytes), (Tag), KSFUZZ_ORIGIN)
#define ExFreePool(P) KsfuzzExFreePoolAt((P), KSFUZZ_ORIGIN)
#define ExFreePoolWithTag(P, Tag) KsfuzzExFreePoolWithTagAt((P), (Tag), KSFUZZ_ORIGIN)
#endif

KSFUZZ_EXTERN_C_END

#endif /* KSFUZZ_NT_POOL_H */
