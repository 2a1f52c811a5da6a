/* ledger.c — the pool ledger: who allocated, held and freed every pool block of an iteration. */
#include "ledger.h"

#include "arena.h"

#include <stdlib.h>

#include <ksfuzz/sanitizer_weak.h>

#include "sync_internal.h"
#include "verifier.h"

#define SITE_CHARS 48
#define HOLDER_NAME_CHARS 32
#define MAX_BAD_FREES 2
#define HASH_BITS 15
#define HASH_SIZE (1u << HASH_BITS)
/* Each block is allocated once and freed at most once; a failed attempt needs a KsfuzzPoolFailNth
 * call of its own, so a few hundred are far more than an iteration makes. */
#define MAX_FAILED_ATTEMPT_EVENTS 256
#define MAX_EVENTS (2 * KSFUZZ_POOL_MAX_BLOCKS + MAX_FAILED_ATTEMPT_EVENTS)

typedef struct {
  char Name[HOLDER_NAME_CHARS];
  ULONG_PTR Slot;
  ULONG AddEvent;
  BOOLEAN Removed;
  BOOLEAN HeldAtFree; /* the slot still pointed at the block when it was freed */
} HOLDER;

typedef struct {
  ULONG Event;
  char Site[SITE_CHARS];
  PCSTR Api;
  PCSTR Origin;
} BAD_FREE;

typedef struct {
  ULONG_PTR Address;
  SIZE_T Size;
  ULONG Tag;
  POOL_TYPE PoolType;
  ULONG AllocEvent;
  ULONG FreeEvent;
  BOOLEAN Live;
  UCHAR HolderCount;
  UCHAR BadFreeCount;
  PCSTR AllocApi;
  PCSTR FreeApi;
  PCSTR AllocOrigin; /* the caller's "file:line", NULL when unknown */
  PCSTR FreeOrigin;
  char Site[SITE_CHARS];
  char FreeSite[SITE_CHARS];
  HOLDER Holders[KSFUZZ_POOL_MAX_HOLDERS];
  BAD_FREE BadFrees[MAX_BAD_FREES];
} RECORD;

typedef struct {
  ULONG_PTR Address;
  ULONG Generation; /* valid only when equal to g_generation: a reset is one increment */
  ULONG Record;
} HASH_ENTRY;

/* Reserved once in memory LeakSanitizer does not scan: it holds raw block addresses. */
typedef struct {
  RECORD Records[KSFUZZ_POOL_MAX_BLOCKS];
  HASH_ENTRY Hash[HASH_SIZE];
  KSFUZZ_POOL_EVENT Events[MAX_EVENTS];
} LEDGER;

static LEDGER *g_ledger;
static ULONG g_record_count;
static ULONG g_generation = 1;
static ULONG g_live_count;
static ULONG g_event_count;
static ULONG g_attempts;
static ULONG g_tag_attempts;
static ULONG g_fail_nth;
static ULONG g_fail_tag;
static PCSTR g_site = "unnamed site";

static LEDGER *Ledger(VOID) {
  if (g_ledger == NULL) {
    g_ledger = KsfuzzpReserveUnscanned(sizeof(LEDGER));
    KsfuzzpVerifierSetBlockPrinter(KsfuzzPoolPrintBlockHistory);
  }
  return g_ledger;
}

/* Ticks the verifier's clock and logs the pool event; returns its number. */
static ULONG LogEvent(KSFUZZ_POOL_EVENT_KIND Kind, ULONG BlockId) {
  LEDGER *ledger = Ledger();
  if (g_event_count >= MAX_EVENTS) {
    fprintf(stderr, "ksfuzz: pool event log full: more than %u pool events in one iteration "
                    "(call KsfuzzKernelReset between iterations)\n", MAX_EVENTS);
    abort();
  }
  KSFUZZ_POOL_EVENT *event = &ledger->Events[g_event_count++];
  event->Event = KsfuzzpVerifierTick();
  event->Kind = Kind;
  event->BlockId = BlockId;
  return event->Event;
}

static VOID CopySite(char *Destination, size_t Capacity, PCSTR Source) {
  size_t n = strlen(Source);
  if (n >= Capacity) n = Capacity - 1;
  memcpy(Destination, Source, n);
  Destination[n] = '\0';
}

static ULONG HashOf(ULONG_PTR Address) {
  return (ULONG)(((Address >> 4) * 0x9E3779B97F4A7C15ull) >> (64 - HASH_BITS));
}

/* The latest record of a block that started at Address this iteration, or NULL. */
static RECORD *Lookup(ULONG_PTR Address) {
  LEDGER *ledger = Ledger();
  for (ULONG i = HashOf(Address);; i = (i + 1) & (HASH_SIZE - 1)) {
    HASH_ENTRY *entry = &ledger->Hash[i];
    if (entry->Generation != g_generation) return NULL;
    if (entry->Address == Address) return &ledger->Records[entry->Record];
  }
}

static VOID Remember(ULONG_PTR Address, ULONG Record) {
  LEDGER *ledger = Ledger();
  for (ULONG i = HashOf(Address);; i = (i + 1) & (HASH_SIZE - 1)) {
    HASH_ENTRY *entry = &ledger->Hash[i];
    if (entry->Generation != g_generation || entry->Address == Address) {
      entry->Address = Address;
      entry->Generation = g_generation;
      entry->Record = Record;
      return;
    }
  }
}

static RECORD *RecordOf(ULONG BlockId) {
  return BlockId >= 1 && BlockId <= g_record_count ? &Ledger()->Records[BlockId - 1] : NULL;
}

static ULONG IdOf(const RECORD *Record) { return (ULONG)(Record - Ledger()->Records) + 1; }

/* The latest live or freed block whose bytes contain Address (a linear walk: only error paths use
 * it). */
static RECORD *Containing(ULONG_PTR Address, BOOLEAN LiveOnly) {
  for (ULONG i = g_record_count; i-- > 0;) {
    RECORD *record = &Ledger()->Records[i];
    if (LiveOnly && !record->Live) continue;
    if (Address >= record->Address && Address < record->Address + (record->Size ? record->Size : 1))
      return record;
  }
  return NULL;
}

/* ---------------------------- printing ---------------------------- */

VOID KsfuzzPoolFormatTag(ULONG Tag, char Text[5]) {
  for (int i = 0; i < 4; ++i) {
    unsigned char c = (unsigned char)(Tag >> (8 * i));
    if (i == 3) c &= 0x7F; /* the PROTECTED_POOL bit is not part of the spelling */
    Text[i] = (c >= 0x20 && c < 0x7F) ? (char)c : '.';
  }
  Text[4] = '\0';
}

static PCSTR PoolTypeName(POOL_TYPE Type) {
  switch ((int)Type & ~(POOL_RAISE_IF_ALLOCATION_FAILURE | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE |
                        POOL_COLD_ALLOCATION)) {
    case NonPagedPool: return "NonPagedPool";
    case PagedPool: return "PagedPool";
    case NonPagedPoolMustSucceed: return "NonPagedPoolMustSucceed";
    case NonPagedPoolCacheAligned: return "NonPagedPoolCacheAligned";
    case PagedPoolCacheAligned: return "PagedPoolCacheAligned";
    case NonPagedPoolNx: return "NonPagedPoolNx";
    case NonPagedPoolNxCacheAligned: return "NonPagedPoolNxCacheAligned";
    case NonPagedPoolSession: return "NonPagedPoolSession";
    case PagedPoolSession: return "PagedPoolSession";
  }
  return "pool type ?";
}

/* Reports that must read the same on every run leave out addresses (ASLR moves them). */
static BOOLEAN g_stable_history;

VOID KsfuzzPoolSetStableHistory(_In_ BOOLEAN Stable) { g_stable_history = Stable; }

/* "(ExFreePool at my_driver.c:41)", or "(ExFreePool)" when the call's origin is unknown. */
static VOID PrintCall(FILE *Out, PCSTR Api, PCSTR Origin) {
  if (Origin != NULL) fprintf(Out, "(%s at %s)", Api, Origin);
  else fprintf(Out, "(%s)", Api);
}

static VOID PrintRecord(FILE *Out, const RECORD *Record) {
  char tag[5], where[40] = "";
  KsfuzzPoolFormatTag(Record->Tag, tag);
  if (!g_stable_history) snprintf(where, sizeof where, " at %p", (void *)Record->Address);
  fprintf(Out, "  pool block #%u%s: %zu bytes, tag '%s' (0x%08X%s), %s (%d), %s\n", IdOf(Record),
          where, (size_t)Record->Size, tag, (unsigned)Record->Tag,
          (Record->Tag & PROTECTED_POOL) ? ", protected" : "", PoolTypeName(Record->PoolType),
          (int)Record->PoolType, Record->Live ? "live" : "freed");
  fprintf(Out, "    event %u: allocated by \"%s\" ", Record->AllocEvent, Record->Site);
  PrintCall(Out, Record->AllocApi, Record->AllocOrigin);
  fprintf(Out, "\n");
  for (ULONG i = 0; i < Record->HolderCount; ++i) {
    const HOLDER *holder = &Record->Holders[i];
    char slot[40] = "";
    if (!g_stable_history) snprintf(slot, sizeof slot, " (slot %p)", (void *)holder->Slot);
    fprintf(Out, "    event %u: held by \"%s\"%s%s\n", holder->AddEvent, holder->Name, slot,
            holder->Removed ? ", since let go" : "");
  }
  if (!Record->Live) {
    fprintf(Out, "    event %u: freed by \"%s\" ", Record->FreeEvent, Record->FreeSite);
    PrintCall(Out, Record->FreeApi, Record->FreeOrigin);
    PCSTR separator = " while still held by ";
    for (ULONG i = 0; i < Record->HolderCount; ++i) {
      if (!Record->Holders[i].HeldAtFree) continue;
      fprintf(Out, "%s\"%s\"", separator, Record->Holders[i].Name);
      separator = ", ";
    }
    fprintf(Out, "\n");
  }
  for (ULONG i = 0; i < Record->BadFreeCount && i < MAX_BAD_FREES; ++i) {
    fprintf(Out, "    event %u: freed AGAIN by \"%s\" ", Record->BadFrees[i].Event, Record->BadFrees[i].Site);
    PrintCall(Out, Record->BadFrees[i].Api, Record->BadFrees[i].Origin);
    fprintf(Out, "\n");
  }
  if (Record->HolderCount > 0) {
    fprintf(Out, "    holders:");
    for (ULONG i = 0; i < Record->HolderCount; ++i)
      fprintf(Out, "%s \"%s\"", i ? "," : "", Record->Holders[i].Name);
    fprintf(Out, "\n");
  }
}

VOID KsfuzzPoolPrintBlockHistory(FILE *Out, ULONG BlockId) {
  const RECORD *record = RecordOf(BlockId);
  if (record == NULL) {
    fprintf(Out, "  pool block #%u: no such block this iteration\n", BlockId);
    return;
  }
  PrintRecord(Out, record);
}

KSFUZZ_POOL_PLACE KsfuzzPoolWhereIs(const VOID *Address, ULONG *BlockId, SIZE_T *Offset) {
  ULONG_PTR address = (ULONG_PTR)Address;
  *BlockId = 0;
  *Offset = 0;
  if (g_ledger == NULL) return KsfuzzPoolPlaceNone;
  /* The arena knows which of its blocks the address is in or beside; the place is the pool's
   * only when that block is a pool block (not an IRP, a buffer or a captured descriptor). */
  PVOID start;
  KSFUZZ_POOL_PLACE place = KsfuzzArenaWhereIs(Address, &start);
  const RECORD *record = place == KsfuzzPoolPlaceNone ? NULL : Lookup((ULONG_PTR)start);
  if (record == NULL) return KsfuzzPoolPlaceNone;
  *BlockId = IdOf(record);
  switch (place) {
    case KsfuzzPoolPlacePastEnd: *Offset = address - (record->Address + record->Size); return place;
    case KsfuzzPoolPlaceBeforeStart: *Offset = record->Address - address; return place;
    default: *Offset = address - record->Address; return record->Live ? KsfuzzPoolPlaceLive : KsfuzzPoolPlaceFreed;
  }
}

VOID KsfuzzPoolPrintAddressHistory(FILE *Out, const VOID *Address) {
  ULONG id;
  SIZE_T offset;
  KSFUZZ_POOL_PLACE place = KsfuzzPoolWhereIs(Address, &id, &offset);
  switch (place) {
    case KsfuzzPoolPlaceNone: {
      /* Another of the arena's blocks: no history, but where it is. */
      static const char *const kWhere[] = {"", "inside a live", "inside a freed", "past the end of a",
                                           "before the start of a"};
      static const char *const kWhat[] = {"", "", ": a use after free", ": an overflow", ": an underflow"};
      PVOID start;
      KSFUZZ_POOL_PLACE other = KsfuzzArenaWhereIs(Address, &start);
      if (other != KsfuzzPoolPlaceNone)
        fprintf(Out, "  %s block of the emulated kernel that is no pool block (an IRP, a buffer or a captured "
                     "descriptor)%s\n", kWhere[other], kWhat[other]);
      return;
    }
    case KsfuzzPoolPlaceLive: fprintf(Out, "  %zu bytes into live pool block #%u\n", (size_t)offset, id); break;
    case KsfuzzPoolPlaceFreed:
      fprintf(Out, "  %zu bytes into pool block #%u, freed: a use after free\n", (size_t)offset, id);
      break;
    case KsfuzzPoolPlacePastEnd:
      fprintf(Out, "  %zu bytes past the end of pool block #%u: an overflow\n", (size_t)offset, id);
      break;
    case KsfuzzPoolPlaceBeforeStart:
      fprintf(Out, "  %zu bytes before pool block #%u: an underflow\n", (size_t)offset, id);
      break;
  }
  PrintRecord(Out, RecordOf(id));
}

static VOID PrintRecordDetails(FILE *Out, const VOID *Context) {
  if (Context != NULL) PrintRecord(Out, (const RECORD *)Context);
}

/* AddressSanitizer reports first when the bad access is its business (a use after free, a double
 * free still in quarantine); the ledger then adds what it knows of the faulting address. */
static KSFUZZ_SANITIZER_REPORT_HOOK g_report_hook;

VOID KsfuzzSetSanitizerReportHook(KSFUZZ_SANITIZER_REPORT_HOOK Hook) { g_report_hook = Hook; }

/* AddressSanitizer calls this once its report is printed, before the process dies (so libFuzzer's
 * own death callback, which saves the input, still runs after it). */
static void OnAsanReport(const char *Report) {
  (void)Report;
  void *address = __asan_get_report_address();
  if (address != NULL && g_ledger != NULL) {
    fprintf(stderr, "ksfuzz: pool ledger history of %p:\n", address);
    KsfuzzPoolPrintAddressHistory(stderr, address);
  }
  if (g_report_hook != NULL) g_report_hook();
}

__attribute__((constructor)) static void InstallAsanHook(void) {
  if (KSFUZZ_HAVE_ASAN) __asan_set_error_report_callback(OnAsanReport);
}

/* ---------------------------- harness control ---------------------------- */

VOID KsfuzzpLedgerReset(VOID) {
  LEDGER *ledger = Ledger();
  KsfuzzpArenaReset();
  g_record_count = 0;
  g_live_count = 0;
  g_event_count = 0;
  g_attempts = 0;
  g_tag_attempts = 0;
  g_fail_nth = 0;
  g_fail_tag = 0;
  if (++g_generation == 0) { /* wrapped: stale entries could look current, so wipe once */
    memset(ledger->Hash, 0, sizeof(ledger->Hash));
    g_generation = 1;
  }
}

PCSTR KsfuzzPoolSetSite(PCSTR Site) {
  PCSTR previous = g_site;
  g_site = Site != NULL ? Site : "unnamed site";
  return previous;
}

BOOLEAN KsfuzzPoolAddHolder(const VOID *Block, PCSTR Name, VOID *const *Slot) {
  RECORD *record = Lookup((ULONG_PTR)Block);
  if (record == NULL || !record->Live || record->HolderCount >= KSFUZZ_POOL_MAX_HOLDERS) return FALSE;
  HOLDER *holder = &record->Holders[record->HolderCount++];
  CopySite(holder->Name, sizeof(holder->Name), Name);
  holder->Slot = (ULONG_PTR)Slot;
  holder->AddEvent = KsfuzzpVerifierTick();
  holder->Removed = FALSE;
  holder->HeldAtFree = FALSE;
  return TRUE;
}

VOID KsfuzzPoolRemoveHolder(const VOID *Block, VOID *const *Slot) {
  RECORD *record = Lookup((ULONG_PTR)Block);
  if (record == NULL) return;
  for (ULONG i = 0; i < record->HolderCount; ++i)
    if (record->Holders[i].Slot == (ULONG_PTR)Slot) record->Holders[i].Removed = TRUE;
}

VOID KsfuzzPoolFailNth(ULONG N, ULONG Tag) {
  g_fail_nth = N;
  g_fail_tag = Tag;
  g_tag_attempts = 0;
}

ULONG KsfuzzPoolAttemptCount(VOID) { return g_attempts; }
ULONG KsfuzzPoolLiveCount(VOID) { return g_live_count; }
ULONG KsfuzzPoolEventCount(VOID) { return g_event_count; }

const KSFUZZ_POOL_EVENT *KsfuzzPoolEvent(ULONG Index) {
  return Index < g_event_count ? &Ledger()->Events[Index] : NULL;
}

static BOOLEAN StillHeld(const HOLDER *Holder, ULONG_PTR Address);

ULONG KsfuzzPoolHoldersPointingAt(ULONG BlockId, PCSTR *Names, ULONG MaxNames) {
  const RECORD *record = RecordOf(BlockId);
  if (record == NULL) return 0;
  ULONG n = 0;
  for (ULONG i = 0; i < record->HolderCount; ++i) {
    if (!StillHeld(&record->Holders[i], record->Address)) continue;
    if (n < MaxNames) Names[n] = record->Holders[i].Name;
    ++n;
  }
  return n;
}

ULONG KsfuzzPoolBlockId(const VOID *Address) {
  const RECORD *record = Lookup((ULONG_PTR)Address);
  return record != NULL ? IdOf(record) : 0;
}

BOOLEAN KsfuzzPoolBlockInfo(ULONG BlockId, KSFUZZ_POOL_BLOCK_INFO *Info) {
  const RECORD *record = RecordOf(BlockId);
  if (record == NULL) return FALSE;
  Info->BlockId = BlockId;
  Info->Size = record->Size;
  Info->Tag = record->Tag;
  Info->PoolType = record->PoolType;
  Info->Live = record->Live;
  Info->AllocEvent = record->AllocEvent;
  Info->FreeEvent = record->Live ? 0 : record->FreeEvent;
  Info->HolderCount = record->HolderCount;
  Info->Site = record->Site;
  Info->FreeSite = record->Live ? "" : record->FreeSite;
  Info->AllocOrigin = record->AllocOrigin;
  return TRUE;
}

static VOID PrintLeakTable(FILE *Out, const VOID *Context) {
  (void)Context;
  fprintf(Out, "  %-18s %10s  %-4s  %s\n", "Address", "Length", "Tag", "Caller");
  for (ULONG i = 0; i < g_record_count; ++i) {
    const RECORD *record = &Ledger()->Records[i];
    if (!record->Live) continue;
    char tag[5];
    KsfuzzPoolFormatTag(record->Tag, tag);
    fprintf(Out, "  0x%016lx %10zu  %-4s  %s%s%s\n", (unsigned long)record->Address, (size_t)record->Size, tag,
            record->Site, record->AllocOrigin != NULL ? " at " : "",
            record->AllocOrigin != NULL ? record->AllocOrigin : "");
  }
  for (ULONG i = 0; i < g_record_count; ++i)
    if (Ledger()->Records[i].Live) PrintRecord(Out, &Ledger()->Records[i]);
}

ULONG KsfuzzPoolCheckLeaks(VOID) {
  if (g_live_count == 0) return 0;
  static const char driver_name[] = "ksfuzz driver under test";
  ULONG first = 0;
  for (ULONG i = 0; i < g_record_count && first == 0; ++i)
    if (Ledger()->Records[i].Live) first = i + 1;
  const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, (ULONG_PTR)driver_name, 0, g_live_count};
  if (KsfuzzpVerifierRaise(KsfuzzViolationLeak, KsfuzzpVerifierTick(), first, parameters,
                           PrintLeakTable, NULL))
    KsfuzzpVerifierDie(NULL);
  return g_live_count;
}

VOID KsfuzzPoolFreeLive(VOID) {
  PCSTR previous = KsfuzzPoolSetSite("ledger teardown");
  for (ULONG i = 0; i < g_record_count; ++i) {
    RECORD *record = &Ledger()->Records[i];
    if (!record->Live) continue;
    /* The ledger's own cleanup, not the driver's free: the resources in the block just go. */
    KsfuzzpResourcesFreedWith(record->Address, record->Size, 0, FALSE);
    KsfuzzpLedgerFree((VOID *)record->Address, TRUE, record->Tag, "KsfuzzPoolFreeLive", NULL);
  }
  KsfuzzPoolSetSite(previous);
}

/* ---------------------------- pool.c's interface ---------------------------- */

BOOLEAN KsfuzzpLedgerAttemptFails(ULONG Tag) {
  ++g_attempts;
  if (g_fail_nth == 0) return FALSE;
  BOOLEAN fails;
  if (g_fail_tag != 0) fails = Tag == g_fail_tag && ++g_tag_attempts == g_fail_nth;
  else fails = g_attempts == g_fail_nth;
  if (fails) LogEvent(KsfuzzPoolEventAllocateFailed, 0);
  return fails;
}

BOOLEAN KsfuzzpLedgerZeroSize(POOL_TYPE PoolType, ULONG Tag) {
  (void)Tag;
  const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, PASSIVE_LEVEL, (ULONG_PTR)PoolType, 0};
  return KsfuzzpVerifierRaise(KsfuzzViolationZeroSizeAllocation, KsfuzzpVerifierTick(), 0, parameters,
                              NULL, NULL);
}

VOID *KsfuzzpLedgerAllocate(SIZE_T Size, SIZE_T Alignment, ULONG Tag, POOL_TYPE PoolType,
                            BOOLEAN Zero, PCSTR Api, PCSTR Origin) {
  LEDGER *ledger = Ledger();
  if (g_record_count >= KSFUZZ_POOL_MAX_BLOCKS) {
    fprintf(stderr, "ksfuzz: pool ledger full: more than %u pool allocations in one iteration "
                    "(call KsfuzzKernelReset between iterations)\n", KSFUZZ_POOL_MAX_BLOCKS);
    abort();
  }
  /* From the iteration's arena: an address is never handed out twice in one iteration, so a stale
   * free of it is always a double free to the ledger. Not zeroed, the bytes are AddressSanitizer's
   * malloc fill, the same every run. */
  void *block = KsfuzzpArenaAllocate(Size, Alignment, Zero ? 0 : KSFUZZP_ARENA_FILL);
  ULONG index = g_record_count++;
  RECORD *record = &ledger->Records[index];
  record->Address = (ULONG_PTR)block;
  record->Size = Size;
  record->Tag = Tag;
  record->PoolType = PoolType;
  record->AllocEvent = LogEvent(KsfuzzPoolEventAllocate, index + 1);
  record->FreeEvent = 0;
  record->Live = TRUE;
  record->HolderCount = 0;
  record->BadFreeCount = 0;
  record->AllocApi = Api;
  record->FreeApi = "";
  record->AllocOrigin = Origin;
  record->FreeOrigin = NULL;
  CopySite(record->Site, sizeof(record->Site), g_site);
  record->FreeSite[0] = '\0';
  Remember((ULONG_PTR)block, index);
  ++g_live_count;
  return block;
}

/* A holder still points at the block if its slot is readable memory holding the address. */
static BOOLEAN StillHeld(const HOLDER *Holder, ULONG_PTR Address) {
  if (Holder->Removed) return FALSE;
  void *const *slot = (void *const *)Holder->Slot;
  if (__asan_region_is_poisoned != NULL && __asan_region_is_poisoned((void *)slot, sizeof(*slot)) != NULL)
    return FALSE;
  return (ULONG_PTR)*slot == Address;
}

VOID KsfuzzpLedgerFree(VOID *P, BOOLEAN CheckTag, ULONG Tag, PCSTR Api, PCSTR Origin) {
  ULONG_PTR address = (ULONG_PTR)P;
  RECORD *record = P != NULL ? Lookup(address) : NULL;

  if (record != NULL && !record->Live) {
    ULONG event = KsfuzzpVerifierTick();
    if (record->BadFreeCount < MAX_BAD_FREES) {
      BAD_FREE *bad = &record->BadFrees[record->BadFreeCount];
      bad->Event = event;
      bad->Api = Api;
      bad->Origin = Origin;
      CopySite(bad->Site, sizeof(bad->Site), g_site);
    }
    ++record->BadFreeCount;
    const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, 0, record->Tag, address};
    if (KsfuzzpVerifierRaise(KsfuzzViolationDoubleFree, event, IdOf(record), parameters,
                             PrintRecordDetails, record)) {
      /* The arena never handed the address out again: the ledger's history is the whole story. */
      KsfuzzpVerifierDie(P);
    }
    return; /* record mode: the second free never reaches the heap */
  }

  if (record == NULL) {
    RECORD *around = P != NULL ? Containing(address, TRUE) : NULL;
    BOOLEAN die;
    if (around != NULL) {
      const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, address, around->Address, address - around->Address};
      die = KsfuzzpVerifierRaise(KsfuzzViolationFreeInterior, KsfuzzpVerifierTick(), IdOf(around),
                                 parameters, PrintRecordDetails, around);
    } else {
      const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, address, 0, 0};
      die = KsfuzzpVerifierRaise(KsfuzzViolationFreeNotPool, KsfuzzpVerifierTick(), 0, parameters,
                                 NULL, NULL);
    }
    if (die) KsfuzzpVerifierDie(P);
    return;
  }

  BOOLEAN tag_wrong = CheckTag ? (Tag != record->Tag) : (record->Tag & PROTECTED_POOL) != 0;
  if (tag_wrong) {
    const ULONG_PTR parameters[4] = {KSFUZZP_SUBCODE, address, record->Tag, CheckTag ? Tag : 0};
    if (KsfuzzpVerifierRaise(KsfuzzViolationWrongTag, KsfuzzpVerifierTick(), IdOf(record), parameters,
                             PrintRecordDetails, record))
      KsfuzzpVerifierDie(P);
    /* record mode: the driver meant to free it, and it is gone from its view; free it. */
  }

  /* Driver Verifier 0xC4/0xD2; record mode forgets the resources and frees the block. */
  if (KsfuzzpResourcesFreedWith(address, record->Size, IdOf(record), TRUE)) KsfuzzpVerifierDie(P);

  ULONG held = 0;
  for (ULONG i = 0; i < record->HolderCount; ++i) {
    record->Holders[i].HeldAtFree = StillHeld(&record->Holders[i], address);
    held += record->Holders[i].HeldAtFree;
  }
  record->Live = FALSE;
  record->FreeEvent = LogEvent(KsfuzzPoolEventFree, IdOf(record));
  record->FreeApi = Api;
  record->FreeOrigin = Origin;
  CopySite(record->FreeSite, sizeof(record->FreeSite), g_site);
  --g_live_count;
  /* Two holders still pointing at the block as it goes: at least one is left dangling whatever the
   * freer does next. One holder may be the freer's own slot, about to be pointed elsewhere: the
   * harness decides that case after the op, with KsfuzzPoolHoldersPointingAt. */
  if (held >= 2) {
    const ULONG_PTR parameters[4] = {0, address, held, 0};
    KsfuzzpVerifierRaise(KsfuzzViolationFreedWhileShared, record->FreeEvent, IdOf(record), parameters,
                         NULL, NULL);
  }
  KsfuzzpArenaFree(P); /* poisoned: any later read or write of it stops there */
}
