// tests/data/extra_impl_cxx.cc — an extra implementation in C++ for ks_extra_impl_test.
#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/implementation.h>

namespace {

NTSTATUS NTAPI ForwardingSetSecurity(PDEVICE_OBJECT device_object, PIRP irp) {
  return KsDispatchSetSecurity(device_object, irp);
}

}  // namespace

KSFUZZ_IMPLEMENTATION(extra_cxx, "a C++ file forwarding to KsDispatchSetSecurity",
                      ForwardingSetSecurity, nullptr)
