/* string.c — RtlInitUnicodeString (SEMANTICS R16). */
#include <wdm.h>
#include <ksfuzz/scheduler.h>

static VOID InitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  SIZE_T length = 0;
  if (SourceString != NULL)
    while (SourceString[length] != 0) ++length;
  /* Longer than a USHORT can count: the WDK caps Length at UNICODE_STRING_MAX_BYTES - 2. */
  if (length * sizeof(WCHAR) > 0xFFFC) length = 0xFFFC / sizeof(WCHAR);
  DestinationString->Buffer = (PWSTR)SourceString;
  DestinationString->Length = (USHORT)(length * sizeof(WCHAR));
  DestinationString->MaximumLength = SourceString != NULL ? (USHORT)(length * sizeof(WCHAR) + sizeof(WCHAR)) : 0;
}

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  KSFUZZ_YIELDING_VOID("RtlInitUnicodeString", InitUnicodeString(DestinationString, SourceString));
}
